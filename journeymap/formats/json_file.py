"""The journey file (JSON): parse, validate, write in a git-friendly layout, save with a backup.

Everything that can go wrong with a file becomes a :class:`~journeymap.errors.JourneyFileError`
listing every problem with its location; nothing else escapes :func:`load` and :func:`loads`.

Reading takes one of two paths. The quick one has pydantic parse and validate the text in one go
(no Python objects for the JSON in between) and then proves that no key was given twice (see
:func:`_no_key_repeated`). Anything else, a file with a problem or one the proof cannot vouch for,
takes the careful path: ``json.loads`` noting every object's keys, then validation of that data,
which words each problem. Both read the same files the same way; on 10,000 touchpoints the quick
one takes about half the time (benchmarks/bench_load.py).
"""

from __future__ import annotations

import json
import os
from operator import attrgetter
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from journeymap._collector import collector_paused
from journeymap.errors import JourneyFileError, Problem
from journeymap.formats.files import MAX_FILE_BYTES, read_file_bytes, too_large, write_atomically
from journeymap.model.journey import Journey
from journeymap.model.validation import journey_from_data, journey_to_data, location_text

__all__ = ["load", "loads", "save", "dumps"]


def loads(text: str | bytes, source: str | None = None) -> Journey:
    """Parse and validate a journey from JSON text.

    Raises
    ------
    JourneyFileError
        For anything that is not a valid journey: bad JSON, bytes that are not UTF-8, wrong
        types, broken rules; every problem is listed with its location.

    Examples
    --------
    >>> journey = loads('{"title": "Coffee", "stages": [{"id": "order", "name": "Order"}]}')
    >>> journey.title, journey.schema_version
    ('Coffee', 1)
    >>> loads('{"title": "", "stages": []}')
    Traceback (most recent call last):
    ...
    journeymap.errors.JourneyFileError: title: must not be empty
    stages: needs at least 1 item
    """
    if isinstance(text, (bytes, bytearray)):
        if len(text) > MAX_FILE_BYTES:
            raise JourneyFileError([too_large(len(text))], source)
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise JourneyFileError(
                [Problem("", f"is not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8 JSON")], source
            ) from None
    elif len(text) > MAX_FILE_BYTES:
        raise JourneyFileError([too_large(len(text.encode("utf-8", "surrogatepass")))], source)
    if not text.strip():
        raise JourneyFileError([Problem("", "is empty; a journey file is a JSON object with a title and stages")], source)
    journey = _quick_journey(text)
    if journey is not None:
        return journey
    return _careful_journey(text, source)


def _quick_journey(text: str) -> Journey | None:
    """The journey, if the text is one and no key is given twice in an object; else ``None``."""
    with collector_paused():  # a third of a large load was the collector walking fresh models
        try:
            journey = Journey.model_validate_json(text)
        except (ValidationError, RecursionError):
            return None  # the careful path says what is wrong, in the words of every other reader
        return journey if _no_key_repeated(text, journey) else None


def _no_key_repeated(text: str, journey: Journey) -> bool:
    """Whether every key in the text made it into the journey: exact, at the speed of a scan.

    JSON keeps only the last of two equal keys, so a key given twice shows as more keys in the text
    than fields set in the models (every object of a valid journey file is a model, every key one of
    its fields). Each key in the text is followed by a colon; other colons sit inside strings. So if
    the text has exactly as many colons as the models have fields set, no key was lost. Otherwise
    colons in strings are counted as well, from the journey written back compactly: the same keys
    and strings, so with no key lost the two counts of colons agree, and a lost key (and whatever
    its value held) makes the text's count larger. An escaped colon (``\u003a``) would be a colon in
    the journey but not in the text, so text with one goes the careful way.
    """
    colons = text.count(":")
    if colons == _fields_set(journey):
        return True
    if "u003a" in text or "u003A" in text:
        return False
    return colons == journey.model_dump_json(by_alias=True, exclude_unset=True).count(":")


def _fields_set(journey: Journey) -> int:
    """How many fields are set in the journey and all its parts: the keys of the file it came from."""
    # the slot behind model_fields_set, read in C: this runs on every load, for thousands of models
    fields_set = attrgetter("__pydantic_fields_set__")
    touchpoints = journey.touchpoints
    automations = [traits for traits in map(attrgetter("automation"), touchpoints) if traits is not None]
    ratings = [rated for rated in map(attrgetter("ratings"), touchpoints) if rated is not None]
    summaries = [summary for rated in ratings for summary in (rated.emotion, rated.friction, rated.staff_emotion)
                 if summary is not None]
    surveys = [survey for survey in map(attrgetter("survey"), touchpoints) if survey is not None]
    parts = [journey] + ([journey.persona] if journey.persona is not None else [])
    return sum(
        sum(map(len, map(fields_set, models)))
        for models in (parts, journey.stages, touchpoints, automations, ratings, summaries, surveys,
                       journey.connections)
    )


def _careful_journey(text: str, source: str | None) -> Journey:
    """Parse with every object's keys noted, then validate: each problem with its location."""
    repeated: dict[int, list[str]] = {}
    try:
        data = json.loads(text, object_pairs_hook=lambda pairs: _object(pairs, repeated))
    except json.JSONDecodeError as error:
        raise JourneyFileError(
            [Problem(f"line {error.lineno}, column {error.colno}", f"is not valid JSON: {error.msg}")], source
        ) from None
    except RecursionError:
        raise JourneyFileError([Problem("", "is nested too deeply to be a journey")], source) from None
    except ValueError as error:  # e.g. a number too long to convert
        raise JourneyFileError([Problem("", f"is not valid JSON: {error}")], source) from None
    if repeated:
        raise JourneyFileError(_repeated_key_problems(data, repeated), source)
    return journey_from_data(data, source)


def _object(pairs: list[tuple[str, Any]], repeated: dict[int, list[str]]) -> dict[str, Any]:
    """A JSON object as a dict, noting keys given twice (json would silently keep the last one,
    and a hand-edited file with two "emotion"s would lose one without a word)."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        repeated[id(result)] = [key for key, _ in pairs if key in seen or seen.add(key)]  # type: ignore[func-returns-value]
    return result


def _repeated_key_problems(data: Any, repeated: dict[int, list[str]]) -> list[Problem]:
    """One problem per key given twice in one object, located by a walk to that object."""
    problems: list[Problem] = []
    stack: list[tuple[tuple[Any, ...], Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            for key in dict.fromkeys(repeated.get(id(value), [])):
                location = location_text((*path, key))
                problems.append(Problem(location, "is given more than once in the same object; keep one"))
            stack.extend(((*path, key), child) for key, child in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend(((*path, index), child) for index, child in reversed(list(enumerate(value))))
    return problems


def load(path: str | os.PathLike[str]) -> Journey:
    """Read a journey file.

    Raises :class:`JourneyFileError` if the file cannot be read or is not a valid journey.
    """
    path = Path(path)
    return loads(read_file_bytes(path), str(path))


def dumps(journey: Journey) -> str:
    """The journey as file text: keys in format order, two-space indent, a trailing newline.

    Examples
    --------
    >>> print(dumps(loads('{"title": "Coffee", "stages": [{"id": "order", "name": "Order"}]}')), end="")
    {
      "schema_version": 1,
      "title": "Coffee",
      "stages": [
        {
          "id": "order",
          "name": "Order"
        }
      ],
      "touchpoints": [],
      "connections": []
    }
    """
    return json.dumps(journey_to_data(journey), indent=2, ensure_ascii=False) + "\n"


def save(journey: Journey, path: str | os.PathLike[str]) -> Path:
    """Write a journey file atomically, keeping the previous version as ``NAME.json.bak``.

    The text goes to a temporary file in the same folder, which then replaces the target in one
    step, so a crash or a full disk never leaves half a file. Returns the path written.
    """
    path = Path(path)
    text = dumps(journey).encode("utf-8")
    if path.exists():
        backup = path.with_name(path.name + ".bak")
        write_atomically(backup, path.read_bytes())
    write_atomically(path, text)
    return path
