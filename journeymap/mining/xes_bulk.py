"""Plain runs of XES traces read in bulk by DuckDB, in parallel, without a Python step per tag.

Most XES files are written by a program (ProM, pm4py, OpenXES, a database export), each trace
``<trace>``, its attributes, its ``<event>`` elements, and each attribute the one tag
``<string key="…" value="…"/>``. :func:`bulk_reader` gives :func:`journeymap.mining.xes.read_xes`
a reader for such runs of whole traces: the bytes go to DuckDB as an Arrow column of pieces of about
half a megabyte (cut after a ``</trace>``, without a copy), which the threads of DuckDB share:

1. one regular expression (RE2, linear in the text) checks that every piece is plain: nothing but
   traces, their attributes first, then events holding attributes only, each attribute a
   self-closing tag with ``key`` then ``value`` in double quotes, values without ``<``, tabs or line
   breaks (which XML would change into spaces), and no entity but ``&amp; &lt; &gt; &quot; &apos;``;
2. if it is, the traces are split at ``<trace>``, their events at ``<event>``, and the value of
   each wanted key is the text between ``key="KEY" value="`` and the next ``"`` (the last one, if an
   element gives a key twice, as the per-tag pass does), the five entities decoded.

Anything else (a comment, a nested attribute, a ``<list>``, single quotes, another order of the
tag's attributes, a trace attribute after an event) makes the run not plain: the per-tag pass
reads it, and expat after it if need be, so that what is read never depends on the path taken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from journeymap.mining.xes import CASE_PREFIX

__all__ = ["PIECE_BYTES", "PLAIN_TRACES", "bulk_reader"]

#: The text DuckDB reads in one piece; the pieces are shared among its threads.
PIECE_BYTES = 512 * 1024
_WS = r"[ \t\r\n]*"
_VALUE = r'(?:[^"<&\t\r\n]|&(?:amp|lt|gt|quot|apos);)*'
_ATTRIBUTE = rf'<(?:string|date|int|float|boolean|id) key="[^"<&\t\r\n]*" value="{_VALUE}"{_WS}/>'
_ATTRIBUTES = rf"(?:{_WS}{_ATTRIBUTE})*"
#: A run of plain traces (RE2 syntax), as :func:`bulk_reader` checks each piece.
PLAIN_TRACES = (rf"{_WS}(?:<trace>{_ATTRIBUTES}(?:{_WS}<event>{_ATTRIBUTES}{_WS}</event>)*{_WS}</trace>{_WS})*")


def _text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


_PIECES = "xes_pieces"
_CHECK = f"SELECT bool_and(regexp_full_match(p, {_text(PLAIN_TRACES)})) FROM {_PIECES}"
#: The traces of the pieces, each split at ``<event>``: ``es[1]`` its own attributes, then an
#: element per event.
_TRACES = f"SELECT string_split(tr, '<event>') AS es FROM (SELECT unnest(string_split(p, '<trace>')[2:]) AS tr FROM {_PIECES})"


def _split_sql(text: str, key: str) -> str:
    """The SQL text ``text`` split at ``key="KEY" value="``: one element if it has no such attribute."""
    return f"string_split({text}, {_text('key=' + chr(34) + key + chr(34) + ' value=' + chr(34))})"


def _value_sql(split: str) -> str:
    """The value from :func:`_split_sql`'s list ``split``, entities not decoded (NULL if none): the
    last one, should the element give the key twice, as the per-tag pass and expat read it."""
    return f"CASE WHEN len({split}) > 1 THEN substr({split}[-1], 1, strpos({split}[-1], '\"') - 1) END"


def _decoded_sql(column: str) -> str:
    """The value in ``column`` with the five entities of XML decoded."""
    decoded = column
    for entity, character in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        decoded = f"replace({decoded}, {_text(entity)}, {_text(character)})"
    return f"CASE WHEN contains({column}, '&') THEN {decoded} ELSE {column} END"


def _pieces(body: bytes) -> Any:
    """``body`` as an Arrow table of one text column ``p``, a record batch per piece (DuckDB gives
    each batch to a thread), each cut after a ``</trace>`` every :data:`PIECE_BYTES` or so. Raises
    ``pyarrow.ArrowInvalid`` for text that is not UTF-8."""
    import numpy as np
    import pyarrow as pa

    cuts = [0]
    while cuts[-1] < len(body):
        start = cuts[-1]
        if len(body) - start <= PIECE_BYTES:
            end = len(body)
        else:
            end = body.rfind(b"</trace>", start, start + PIECE_BYTES)
            if end < 0:  # a trace longer than a piece
                end = body.find(b"</trace>", start + PIECE_BYTES)
            end = len(body) if end < 0 else end + len(b"</trace>")
        cuts.append(end)
    column = pa.LargeStringArray.from_buffers(len(cuts) - 1, pa.py_buffer(np.array(cuts, dtype=np.int64)),
                                              pa.py_buffer(body))
    column.validate(full=True)
    return pa.Table.from_batches([pa.record_batch([column.slice(index, 1)], names=["p"])
                                  for index in range(len(column))])


def _registered(connection: Any, body: bytes) -> bool:
    """Whether ``body`` is plain; if it is, its pieces are registered with ``connection`` as
    ``xes_pieces`` (the caller unregisters them)."""
    import pyarrow as pa

    try:
        pieces = _pieces(body)
    except pa.ArrowInvalid:  # not UTF-8: the per-tag pass says where
        return False
    connection.register(_PIECES, pieces)
    if connection.execute(_CHECK).fetchall()[0][0]:
        return True
    connection.unregister(_PIECES)
    return False


def bulk_reader(connection: Any, table: str, keys: Iterable[str]) -> Callable[[bytes], int | None] | None:
    """A reader of plain runs of traces for :func:`~journeymap.mining.xes.read_xes`: it appends
    their events to ``table`` (a column per key: event attributes, and ``case:KEY`` for trace
    attributes, each VARCHAR) and says how many; None for a run that is not plain. None instead of a
    reader when some key cannot be found by its text (a quote, ``<``, ``&`` in it)."""
    keys = list(keys)
    if not keys or any(character in key for key in keys for character in '"<&\t\r\n'):
        return None
    names = [f"v{number}" for number in range(len(keys))]
    own = [key[len(CASE_PREFIX):] if key.startswith(CASE_PREFIX) else None for key in keys]  # a trace's own
    trace_splits = "".join(f"{_split_sql('es[1]', name)} AS {column}, " for name, column in zip(own, names) if name)
    event_splits = ", ".join(column if name else f"{_split_sql('ev', key)} AS {column}"
                             for name, column, key in zip(own, names, keys))
    values = ", ".join(f"{_value_sql(column)} AS {column}" for column in names)
    events = (f"SELECT {values} FROM (SELECT {event_splits} FROM "
              f"(SELECT {trace_splits}unnest(es[2:]) AS ev FROM ({_TRACES})))")
    columns = ", ".join(_quoted(key) for key in keys)
    insert = f"INSERT INTO {_quoted(table)} ({columns}) SELECT {', '.join(names)} FROM ({events})"
    insert_decoded = f"INSERT INTO {_quoted(table)} ({columns}) SELECT {', '.join(map(_decoded_sql, names))} FROM ({events})"

    def read(body: bytes) -> int | None:
        if not _registered(connection, body):
            return None
        try:  # entities to decode only if there is an & at all
            return int(connection.execute(insert_decoded if b"&" in body else insert).fetchall()[0][0])
        finally:
            connection.unregister(_PIECES)

    return read
