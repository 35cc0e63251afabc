"""XES event logs (IEEE 1849), ``.xes`` or ``.xes.gz``, read as a stream of column batches.

An XES file is XML: a ``<log>`` of ``<trace>`` elements (the cases), each holding its own attributes
and its ``<event>`` elements, whose attributes are ``<string key="concept:name" value="…"/>``,
``<date key="time:timestamp" value="…"/>`` and so on. Attributes may nest (an attribute, a ``<list>``
or a ``<container>`` holding attributes of its own); only the top-level ones of a trace or an event
are read. A trace's attributes become columns named ``case:KEY``, as process-mining tools name them.

Reading is a single pass over the bytes, a block of a few megabytes at a time. Each run of whole
traces in a block is first offered to a bulk reader (:mod:`journeymap.mining.xes_bulk`: DuckDB checks
that it is plain and splits it into events with all its threads); what it refuses, and what lies
between runs, goes to the per-tag pass: one regular expression finds every tag, and a little Python
reads each; an attribute in the usual form (``key`` then ``value``, double quotes) is matched whole by
the expression, any other tag is looked at more closely. Values are read as XML reads them: entities
(``&amp;``, ``&#233;``) decoded, a line break or tab a space. Text the pass cannot vouch for (a
comment, a CDATA section, a document type, an encoding other than UTF-8) and anything out of place
(an event outside a trace, a tag left open, a truncated file) go to Python's expat parser, which reads
any well-formed XML and says on which line it is not. Events come out in batches, so memory holds one
batch, whatever the size of the log.
"""

from __future__ import annotations

import codecs
import gzip
import html
import os
import re
import xml.parsers.expat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from journeymap.errors import EventLogError, Problem

__all__ = ["CASE_PREFIX", "XesBatch", "XesRestart", "first_keys", "first_traces", "is_xes", "read_xes", "xes_batches",
           "xes_line_of_event"]

#: Trace attributes are columns named with this prefix: ``case:concept:name`` is the case id.
CASE_PREFIX = "case:"
_BLOCK_BYTES = 16 * 1024 * 1024  # read at a time
_SLICE_BYTES = 256 * 1024  # the per-tag pass reads at a time
_MAX_CARRY_BYTES = 256 * 1024 * 1024  # text with no closing tag: not an XES file the quick pass reads
_BATCH_EVENTS = 200_000
_ATTRIBUTE_TAGS = frozenset({"string", "date", "int", "float", "boolean", "id"})
_NESTING_TAGS = _ATTRIBUTE_TAGS | {"list", "container", "values"}
_LOG_TAGS = frozenset({"log", "extension", "global", "classifier"})
# group 1-4: an attribute in the usual form; group 5-7: any other tag (prefix "/" "?" "!", name, the rest)
_TOKEN = re.compile(
    r'<(string|date|int|float|boolean|id) key="([^"]*)" value="([^"]*)"\s*(/?)>'
    r'|<([/?!]?)([^\s/>]*)((?:[^>"\']|"[^"]*"|\'[^\']*\')*)>'
)
_ATTRIBUTE = re.compile(r'([\w:.-]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_ENCODING = re.compile(r'encoding\s*=\s*["\']([^"\']+)["\']')


def is_xes(path: str | os.PathLike[str]) -> bool:
    """Whether the file's name says XES: ``.xes`` or ``.xes.gz`` (any case).

    Examples
    --------
    >>> is_xes("log.XES"), is_xes("log.xes.gz"), is_xes("log.csv")
    (True, True, False)
    """
    name = Path(path).name.lower()
    return name.endswith(".xes") or name.endswith(".xes.gz")


@dataclass
class XesBatch:
    """Events of whole traces, as columns: ``columns[KEY][i]`` is the value of event i (None if absent).

    ``first_event`` is the number of events before this batch in the file (0-based), so that
    ``first_event + i`` names event i of the batch in a message.
    """

    first_event: int
    columns: dict[str, list[str | None]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(next(iter(self.columns.values()), []))


def xes_batches(path: str | os.PathLike[str], keys: set[str] | None = None,
                batch_events: int = _BATCH_EVENTS) -> Iterator[XesBatch]:
    """The events of an XES file in batches of whole traces, each with the columns ``keys``
    (event attribute names, and ``case:NAME`` for trace attributes); all columns when ``keys`` is None.

    The quick pass gives out its batches as it goes. Should it meet, late in the file, text it cannot
    vouch for, it raises :class:`XesRestart` after the batches already given: the reader then
    starts again with ``careful=True`` (:func:`read_xes` does that). Raises :class:`EventLogError`
    for a file that cannot be read or is not well-formed XES, with the line of the problem.
    """
    path = Path(path)
    given = False
    try:
        for batch in _quick_batches(path, keys, batch_events):
            given = True
            yield batch
    except _Fallback:
        if given:
            raise XesRestart from None
        yield from _careful_batches(path, keys, batch_events)
    except OSError as error:
        raise EventLogError([Problem("", _os_message(error))], str(path)) from None


class XesRestart(Exception):
    """The quick pass gave out batches, then met text only the careful pass reads: start again."""


def read_xes(path: str | os.PathLike[str], keys: set[str] | None, take: Callable[[XesBatch], None],
             reset: Callable[[], None], batch_events: int = _BATCH_EVENTS,
             bulk: Callable[[bytes], int | None] | None = None) -> None:
    """Give every batch of the file to ``take``; if the quick pass must give way to the careful one
    after some batches, ``reset`` is called (forget what was taken) and the careful pass reads it all.

    ``bulk``, when given, is offered each run of whole traces (the UTF-8 bytes from a ``<trace>`` to
    the end of a ``</trace>``) before the per-tag pass reads it: it reads the run itself and says
    how many events it held, or returns None to leave it to the per-tag pass
    (:func:`journeymap.mining.xes_bulk.bulk_reader` reads plain runs in DuckDB). Batches and runs
    are taken in file order.
    """
    path = Path(path)
    try:
        for batch in _quick_batches(path, keys, batch_events, bulk):
            take(batch)
    except _Fallback:
        reset()
        for batch in _careful_batches(path, keys, batch_events):
            take(batch)
    except OSError as error:
        raise EventLogError([Problem("", _os_message(error))], str(path)) from None


def first_traces(path: str | os.PathLike[str], events: int) -> bytes | None:
    """The UTF-8 bytes of the first whole traces of an XES file, from a ``<trace>`` to the end of
    a ``</trace>``, holding ``events`` events (fewer if its first block of :data:`_BLOCK_BYTES` has
    fewer); None when the quick pass does not vouch for the text before them, or finds no trace."""
    try:
        blocks = _open_bytes(Path(path))
        data = next(blocks, b"")
        blocks.close()
        start = data.find(b"<trace>")
        head = data[:max(start, 0)]
        if start < 0 or (head.strip() and not head.rstrip().endswith(b">")):
            return None
        state = _QuickPass(set(), events)
        for _ in state.feed(_decode(head)):
            pass
        if not state.between_traces:
            return None
        at = start
        for _ in range(events):
            at = data.find(b"</event>", at)
            if at < 0:
                break
            at += len(b"</event>")
        end = data.find(b"</trace>", at) if at >= 0 else -1
        if end < 0:
            end = data.rfind(b"</trace>")
        return data[start:end + len(b"</trace>")] if end > start else None
    except (_Fallback, OSError):
        return None


# what may hide or nest attributes: a comment, CDATA, a processing instruction, a list, an attribute
# with attributes of its own (it has a closing tag); and a trace's own attribute after an event
_NOT_PLAIN = re.compile(rb"<[!?]|<(?:list|container|values)\b|</(?:string|date|int|float|boolean|id)>"
                        rb"|</event>[ \t\r\n]*<(?!event>|/trace>)")
_KEY = re.compile(rb' key="([^"]*)"')


def first_keys(path: str | os.PathLike[str], events: int) -> list[str] | None:
    """The attribute names of the first ``events`` events (whole traces, ``case:KEY`` for the traces'
    own), found by a few scans of the bytes when they are plain (no nested attribute, list, comment,
    attribute of a trace after its events, attribute tag without ``key="…" value="…"`` …); None when
    they are not, for the per-tag pass to say. The order: a trace's events' names as they come, then
    its own."""
    body = first_traces(path, events)
    if body is None or _NOT_PLAIN.search(body):
        return None
    names: dict[bytes, None] = {}
    found = 0
    for part in body.split(b"<trace>")[1:]:
        head, _, rest = part.partition(b"<event>")
        keys, own = _KEY.findall(rest), _KEY.findall(head)
        found += len(keys) + len(own)
        names.update(dict.fromkeys(keys))
        names.update(dict.fromkeys(CASE_PREFIX.encode() + key for key in own))
    # every other tag is an attribute, and each was found by its key="…" value="…"
    structure = sum(body.count(tag) for tag in (b"<trace>", b"</trace>", b"<event>", b"</event>"))
    if body.count(b"<") - structure != found or body.count(b'" value="') != found:
        return None
    try:
        return [_value(name.decode("utf-8")) for name in names]
    except UnicodeDecodeError:
        return None


def _careful_batches(path: Path, keys: set[str] | None, batch_events: int) -> Iterator[XesBatch]:
    try:
        yield from _expat_batches(path, keys, batch_events)
    except OSError as error:
        raise EventLogError([Problem("", _os_message(error))], str(path)) from None


def _os_message(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not an event log"
    if isinstance(error, gzip.BadGzipFile) or "gzip" in str(error).lower():
        return "is not a gzip file, though its name ends in .gz"
    return f"cannot be read: {error.strerror or error}"


class _Fallback(Exception):
    """The quick pass met text it cannot vouch for: expat reads the file instead."""


def _open_bytes(path: Path) -> Iterator[bytes]:
    """The file's bytes, a block at a time (gzip undone, a byte-order mark left out); a document
    that says it is in an encoding other than UTF-8 is :class:`_Fallback`."""
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as stream:
        data = stream.read(_BLOCK_BYTES)
        data = data.removeprefix(codecs.BOM_UTF8)
        if data.startswith(b"<?xml"):
            match = _ENCODING.search(data[:200].split(b"?>", 1)[0].decode("ascii", "replace"))
            if match and match.group(1).lower().replace("_", "-") not in {"utf-8", "utf8", "us-ascii", "ascii"}:
                raise _Fallback
        while data:
            yield data
            data = stream.read(_BLOCK_BYTES)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise _Fallback from None


class _QuickPass:
    """The per-tag pass: one regular expression finds every tag of a text, a little Python reads
    each; what it keeps between texts (fed in file order, each ending after a closing tag): where it
    is in the log, and the columns of the whole traces read since the last batch."""

    def __init__(self, keys: set[str] | None, batch_events: int) -> None:
        self.batch_events = batch_events
        self.columns: dict[str, list[str | None]] = {}
        self.event_keys = None if keys is None else {key for key in keys if not key.startswith(CASE_PREFIX)}
        self.trace_keys = None if keys is None else {key[len(CASE_PREFIX):] for key in keys
                                                     if key.startswith(CASE_PREFIX)}
        self.first_event = self.count = self.trace_start = self.nest = 0
        self.in_trace = self.in_event = self.seen_log = self.ended_log = False
        self.trace: dict[str, str] = {}
        self.event: dict[str, str] = {}

    @property
    def between_traces(self) -> bool:
        """Inside the log, outside any trace: where a run of whole traces may start."""
        return self.seen_log and not self.ended_log and not self.in_trace and not self.nest

    def flush(self) -> Iterator[XesBatch]:
        """The events read so far, as a batch (between traces only)."""
        if self.count:
            yield XesBatch(self.first_event, self.columns)
            self.first_event += self.count
            self.columns, self.count, self.trace_start = {}, 0, 0

    def skip(self, events: int) -> None:
        """``events`` events (whole traces) were read by someone else: number the next ones after them."""
        self.first_event += events

    def feed(self, text: str) -> Iterator[XesBatch]:
        """Read the tags of ``text``; give out a batch when a trace ends with enough events read."""
        columns, event_keys, trace_keys = self.columns, self.event_keys, self.trace_keys
        first_event, count, trace_start, nest = self.first_event, self.count, self.trace_start, self.nest
        in_trace, in_event, seen_log, ended_log = self.in_trace, self.in_event, self.seen_log, self.ended_log
        trace, event = self.trace, self.event
        batch_events = self.batch_events
        unescape = _value
        for name, key, value, closed, prefix, tag, other in _TOKEN.findall(text):
            if name:
                if nest == 0:
                    if "&" in value or "\n" in value or "\t" in value or "\r" in value:
                        value = unescape(value)
                    if in_event:
                        event[key] = value
                    elif in_trace:
                        trace[key] = value
                if not closed:
                    nest += 1
                continue
            if prefix == "/":
                if nest:
                    if tag not in _NESTING_TAGS:
                        raise _Fallback
                    nest -= 1
                elif tag == "event" and in_event:
                    in_event = False
                    if event_keys is None:
                        for key_ in event:
                            if key_ not in columns:
                                columns[key_] = [None] * count
                        for key_, values in columns.items():
                            if not key_.startswith(CASE_PREFIX):
                                values.append(event.get(key_))
                    else:
                        for key_ in event_keys:
                            columns.setdefault(key_, []).append(event.get(key_))
                    count += 1
                    event = {}
                elif tag == "trace" and in_trace and not in_event:
                    in_trace = False
                    wanted = trace if trace_keys is None else {k: v for k, v in trace.items() if k in trace_keys}
                    names = trace_keys if trace_keys is not None else set(wanted) | {
                        k[len(CASE_PREFIX):] for k in columns if k.startswith(CASE_PREFIX)}
                    for key_ in names:
                        values = columns.setdefault(CASE_PREFIX + key_, [None] * trace_start)
                        values.extend([wanted.get(key_)] * (count - trace_start))
                    trace = {}
                    if count >= batch_events:
                        yield XesBatch(first_event, columns)
                        first_event += count
                        columns, count = {}, 0
                        self.columns = columns
                    trace_start = count
                elif tag == "log" and not in_trace:
                    ended_log = True
                elif tag not in _LOG_TAGS:
                    raise _Fallback
                continue
            if prefix:  # <?xml …?>, a comment, CDATA or a document type: expat decides
                if prefix == "?" and tag == "xml" and not seen_log:
                    continue
                raise _Fallback
            self_closing = other.endswith("/")
            if nest or tag in _NESTING_TAGS:
                if tag not in _NESTING_TAGS:
                    raise _Fallback
                if tag in _ATTRIBUTE_TAGS and nest == 0:
                    attributes = _attributes(other)
                    if "key" not in attributes:
                        raise _Fallback
                    target = event if in_event else trace if in_trace else None
                    if target is not None:
                        target[attributes["key"]] = attributes.get("value", "")
                if not self_closing:
                    nest += 1
            elif tag == "event" and in_trace and not in_event and not self_closing:
                in_event = True
            elif tag == "trace" and seen_log and not in_trace and not self_closing:
                in_trace, trace_start = True, count
            elif tag == "log" and not seen_log:
                seen_log = True
            elif tag in _LOG_TAGS and seen_log and not in_trace:
                pass  # a global's defaults are not events' values: its attributes belong to no event
            else:
                raise _Fallback
        self.columns, self.first_event, self.count, self.trace_start, self.nest = (
            columns, first_event, count, trace_start, nest)
        self.in_trace, self.in_event, self.seen_log, self.ended_log = in_trace, in_event, seen_log, ended_log
        self.trace, self.event = trace, event

    def finish(self, rest: str) -> Iterator[XesBatch]:
        """The end of the file, ``rest`` being what follows the last closing tag read."""
        rest = rest.strip()
        if rest not in ("", "</log>") or self.in_trace or self.nest or not self.seen_log:
            raise _Fallback
        if not (self.ended_log or rest == "</log>"):
            raise _Fallback
        yield from self.flush()


def _quick_batches(path: Path, keys: set[str] | None, batch_events: int,
                   bulk: Callable[[bytes], int | None] | None = None) -> Iterator[XesBatch]:
    """The quick pass: the per-tag pass over the file, a slice at a time, each cut after a closing
    tag. With ``bulk``, each run of whole traces in a block is first offered to it: it returns how
    many events it read, or None to leave the run to the per-tag pass (see :func:`read_xes`)."""
    state = _QuickPass(keys, batch_events)
    carry = b""
    for block in _open_bytes(path):
        data = carry + block if carry else block
        if bulk is not None and (state.between_traces or not state.seen_log):
            start, end = data.find(b"<trace>"), data.rfind(b"</trace>")
            if 0 <= start < end:
                head, end = data[:start], end + len(b"</trace>")
                if head.strip():
                    if not head.rstrip().endswith(b">"):
                        raise _Fallback
                    yield from state.feed(_decode(head))
                if state.between_traces:
                    yield from state.flush()
                    taken = bulk(data[start:end])
                    if taken is None:
                        yield from state.feed(_decode(data[start:end]))
                    else:
                        state.skip(taken)
                    carry = data[end:]
                    continue
        at = 0
        while at < len(data):
            # a slice at a time: a first batch comes out without reading the whole block
            stop = min(len(data), at + _SLICE_BYTES)
            cut = max(data.rfind(b"</event>", at, stop), data.rfind(b"</trace>", at, stop))
            if cut < 0 and stop < len(data):
                cut = max(data.rfind(b"</event>", at), data.rfind(b"</trace>", at))
            if cut < 0:
                break
            cut = data.index(b">", cut) + 1
            yield from state.feed(_decode(data[at:cut]))
            at = cut
        carry = data[at:]
        if len(carry) > _MAX_CARRY_BYTES:
            raise _Fallback
    yield from state.finish(_decode(carry))


def _attributes(text: str) -> dict[str, str]:
    """The attributes of a tag's text, entities decoded.

    Examples
    --------
    >>> _attributes(" value='Tom &amp; Jerry' key=\\"org:resource\\" /")
    {'value': 'Tom & Jerry', 'key': 'org:resource'}
    """
    return {name: _value(double if double or not single else single)
            for name, double, single in _ATTRIBUTE.findall(text)}


_BREAKS = re.compile(r"\r\n|[\r\n\t]")


def _value(written: str) -> str:
    """An attribute's value as XML reads it: each line break or tab a space, entities decoded.

    Examples
    --------
    >>> _value("two\\r\\nlines &amp; a\\ttab, &#10;kept")
    'two lines & a tab, \\nkept'
    """
    return html.unescape(_BREAKS.sub(" ", written))


def _expat_batches(path: Path, keys: set[str] | None, batch_events: int) -> Iterator[XesBatch]:
    """The careful pass: expat reads any well-formed XML; a fault is reported with its line."""
    reader = _ExpatReader(keys)
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    first_event = 0
    with opener(path, "rb") as stream:
        while True:
            data = stream.read(1024 * 1024)
            try:
                reader.parser.Parse(data, not data)
            except xml.parsers.expat.ExpatError as error:
                raise EventLogError([Problem(f"line {error.lineno}, column {error.offset + 1}",
                                             f"is not well-formed XML: {xml.parsers.expat.ErrorString(error.code)}")],
                                    str(path)) from None
            except _XesStructureError as error:
                raise EventLogError([Problem(f"line {error.line}", str(error))], str(path)) from None
            if reader.count >= batch_events or (not data and reader.count):
                columns = reader.take()
                yield XesBatch(first_event, columns)
                first_event += len(next(iter(columns.values()), []))
            if not data:
                break
    if not reader.seen_log:
        raise EventLogError([Problem("", "is XML but not an XES event log: it has no <log> element")], str(path))


class _XesStructureError(Exception):
    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


class _ExpatReader:
    """Expat's callbacks: the same columns as the quick pass, from any well-formed XML."""

    def __init__(self, keys: set[str] | None) -> None:
        self.keys = keys
        self.parser = xml.parsers.expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.stack: list[str] = []
        self.seen_log = False
        self.trace: dict[str, str] | None = None
        self.event: dict[str, str] | None = None
        self.pending: list[dict[str, str]] = []  # the events of the open trace
        self.rows: list[tuple[dict[str, str], dict[str, str]]] = []
        self.count = 0

    def start(self, tag: str, attributes: dict[str, str]) -> None:
        if tag == "log" and not self.stack:
            self.seen_log = True
        elif tag == "trace" and self.stack == ["log"]:
            self.trace = {}
        elif tag == "event" and self.stack == ["log", "trace"]:
            self.event = {}
        elif tag in _ATTRIBUTE_TAGS and "key" in attributes and self.stack[-1:] in (["event"], ["trace"]):
            target = self.event if self.stack[-1] == "event" else self.trace
            if target is not None:
                target[attributes["key"]] = attributes.get("value", "")
        elif tag in ("trace", "event"):
            raise _XesStructureError(f"<{tag}> is out of place here (inside <{self.stack[-1] if self.stack else ''}>)",
                                     self.parser.CurrentLineNumber)
        self.stack.append(tag)

    def end(self, tag: str) -> None:
        self.stack.pop()
        if tag == "event" and self.event is not None and self.stack == ["log", "trace"]:
            self.pending.append(self.event)
            self.event = None
        elif tag == "trace" and self.trace is not None and self.stack == ["log"]:
            self.rows.extend((self.trace, event) for event in self.pending)
            self.count += len(self.pending)
            self.pending, self.trace = [], None

    def take(self) -> dict[str, list[str | None]]:
        keys = self.keys
        if keys is None:
            names: dict[str, None] = {}
            for trace, event in self.rows:
                names.update(dict.fromkeys(event))
                names.update(dict.fromkeys(CASE_PREFIX + key for key in trace))
            keys = set(names)
        columns = {key: [trace.get(key[len(CASE_PREFIX):]) if key.startswith(CASE_PREFIX) else event.get(key)
                         for trace, event in self.rows] for key in keys}
        self.rows, self.count = [], 0
        return columns


def xes_line_of_event(path: str | os.PathLike[str], index: int) -> int | None:
    """The line on which event ``index`` (0-based, in file order) starts: for messages about one event."""
    path = Path(path)
    parser = xml.parsers.expat.ParserCreate()
    found: list[int] = []
    seen = [0]

    class _Found(Exception):
        pass

    def start(tag: str, attributes: dict[str, str]) -> None:
        if tag == "event":
            if seen[0] == index:
                found.append(parser.CurrentLineNumber)
                raise _Found
            seen[0] += 1

    parser.StartElementHandler = start
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as stream:
            while data := stream.read(1024 * 1024):
                parser.Parse(data, False)
    except (_Found, xml.parsers.expat.ExpatError, OSError):
        pass
    return found[0] if found else None
