"""Reading and writing journey files: parse, validate, atomic save with a backup.

Everything that can go wrong with a file becomes a :class:`~journeymap.errors.JourneyFileError`
listing every problem with its location; nothing else escapes :func:`load` and :func:`loads`.
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from journeymap.errors import JourneyFileError, Problem
from journeymap.model import (
    SCHEMA_VERSION,
    AutomationTraits,
    Connection,
    Journey,
    JourneyRulesError,
    Persona,
    Stage,
    Touchpoint,
)

__all__ = ["MAX_FILE_BYTES", "load", "loads", "save", "dumps", "journey_from_data", "journey_to_data", "json_schema"]

#: Largest journey file read (20 MB): ten thousand richly annotated touchpoints fit in about 6 MB.
MAX_FILE_BYTES = 20 * 1024 * 1024

# Human names of the ranges, so messages say "between -5 and 5" rather than two separate bounds.
_RANGES = {
    "emotion": (-5, 5),
    "staff_emotion": (-5, 5),
    "friction": (0, 10),
    "share": (0, 1),
    "entry_share": (0, 1),
    **{trait: (1, 5) for trait in AutomationTraits.model_fields},
}
_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "an object",
    "model_type": "an object",
    "model_attributes_type": "an object",
}
_FIELDS_AT: dict[str, type[BaseModel]] = {
    "": Journey,
    "persona": Persona,
    "stages": Stage,
    "touchpoints": Touchpoint,
    "connections": Connection,
    "automation": AutomationTraits,
}


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
            raise JourneyFileError([_too_large(len(text))], source)
        try:
            text = bytes(text).decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise JourneyFileError(
                [Problem("", f"is not UTF-8 text (byte {error.start} cannot be read); save it as UTF-8 JSON")], source
            ) from None
    elif len(text) > MAX_FILE_BYTES:
        raise JourneyFileError([_too_large(len(text.encode("utf-8", "surrogatepass")))], source)
    if not text.strip():
        raise JourneyFileError([Problem("", "is empty; a journey file is a JSON object with a title and stages")], source)
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
                location = _location((*path, key))
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


def read_file_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of a file to read as a journey, at most MAX_FILE_BYTES; a missing, unreadable or
    too large file is a :class:`JourneyFileError` that says which."""
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise JourneyFileError([_too_large(size)], source)
        return path.read_bytes()
    except JourneyFileError:
        raise
    except IsADirectoryError:
        raise JourneyFileError([Problem("", "is a folder, not a journey file")], source) from None
    except FileNotFoundError:
        raise JourneyFileError([Problem("", "no such file")], source) from None
    except OSError as error:
        raise JourneyFileError([Problem("", f"cannot be read: {error.strerror or error}")], source) from None


def journey_from_data(data: Any, source: str | None = None) -> Journey:
    """Validate already-parsed JSON data (a dict) as a journey; the app uses this for edits."""
    if not isinstance(data, dict):
        raise JourneyFileError(
            [Problem("", f"must be a JSON object with a title and stages, not {_json_type(data)}")], source
        )
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise JourneyFileError(
            [
                Problem(
                    "schema_version",
                    f"version {version} was written by a newer journeymap; this one reads up to version "
                    f"{SCHEMA_VERSION}. Update journeymap to open it.",
                )
            ],
            source,
        )
    try:
        return Journey.model_validate(data)
    except ValidationError as error:
        raise JourneyFileError(_problems(error, data), source) from None
    except RecursionError:
        raise JourneyFileError([Problem("", "is nested too deeply to be a journey")], source) from None


def journey_to_data(journey: Journey) -> dict[str, Any]:
    """The journey as plain JSON data in file order, leaving out what is empty or unset."""
    data = journey.model_dump(mode="json", by_alias=True, exclude_none=True)
    for touchpoint in data["touchpoints"]:
        for key in ("pain_points", "opportunities", "quotes"):
            if not touchpoint[key]:
                del touchpoint[key]
        if not touchpoint["goal"]:
            del touchpoint["goal"]
    if "persona" in data and not data["persona"]["goals"]:
        del data["persona"]["goals"]
    return _tidy_numbers(data)


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
        _write_atomically(backup, path.read_bytes())
    _write_atomically(path, text)
    return path


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the journey file format (what ``journeymap schema`` prints)."""
    schema = Journey.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "journeymap journey, format version 1"
    return schema


def _process_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Read once at import (os.umask can only be read by setting it, which is not thread-safe later).
_FILE_MODE = 0o666 & ~_process_umask()


def _write_atomically(path: Path, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); a saved journey or export is an ordinary file
        os.chmod(temporary, path.stat().st_mode & 0o7777 if path.exists() else _FILE_MODE)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _tidy_numbers(value: Any) -> Any:
    """Write 3.0 as 3 so files read the way people type them; equal on reading back."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {key: _tidy_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tidy_numbers(item) for item in value]
    return value


def _too_large(size: int) -> Problem:
    return Problem(
        "",
        f"is {size / 1024 / 1024:.1f} MB; journeymap reads files up to {MAX_FILE_BYTES // 1024 // 1024} MB",
    )


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "null"
    return "an object"


def _problems(error: ValidationError, data: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for item in error.errors(include_url=False):
        context_error = (item.get("ctx") or {}).get("error")
        if isinstance(context_error, JourneyRulesError):
            problems.extend(context_error.problems)
            continue
        location = _location(item["loc"])
        message = _message(item)
        owner = _touchpoint_id(item["loc"], data)
        if owner:
            message += f" (touchpoint '{owner}')"
        problems.append(Problem(location, message))
    return problems


def _location(loc: tuple[Any, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


def _touchpoint_id(loc: tuple[Any, ...], data: dict[str, Any]) -> str | None:
    if len(loc) >= 3 and loc[0] == "touchpoints" and isinstance(loc[1], int) and loc[2] != "id":
        touchpoints = data.get("touchpoints")
        if isinstance(touchpoints, list) and loc[1] < len(touchpoints) and isinstance(touchpoints[loc[1]], dict):
            identifier = touchpoints[loc[1]].get("id")
            if isinstance(identifier, str) and identifier:
                return identifier[:64]
    return None


def _message(item: dict[str, Any]) -> str:
    kind = item["type"]
    loc = item["loc"]
    field = next((str(part) for part in reversed(loc) if isinstance(part, str)), "")
    got = item.get("input")
    ctx = item.get("ctx") or {}
    if kind == "extra_forbidden":
        parent = next((str(part) for part in reversed(loc[:-1]) if isinstance(part, str)), "")
        model = _FIELDS_AT.get(parent, Journey if len(loc) == 1 else None)
        known = [info.alias or name for name, info in model.model_fields.items()] if model else []
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; known fields: {', '.join(known)}" if known else ""
        return f"unknown field '{loc[-1]}'{hint}"
    if kind == "missing":
        return "is required"
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        if field in _RANGES:
            low, high = _RANGES[field]
            return f"must be between {low} and {high}, got {_short(got)}"
        bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
        word = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than",
                "less_than": "less than"}[kind]
        return f"must be {word} {_short(_tidy_numbers(bound))}, got {_short(got)}"
    if kind == "finite_number":
        return "must be a finite number"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is too long: at most {ctx.get('max_length')} characters"
    if kind == "string_pattern_mismatch":
        return (f"{_short(got)} is not a valid id: use 1 to 64 letters, digits, '_', '.' or '-', "
                "starting with a letter or digit")
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item{'s' if ctx.get('min_length') != 1 else ''}"
    if kind == "too_long":
        return f"has {ctx.get('actual_length')} items; journeymap allows at most {ctx.get('max_length')}"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}, got {_short(got)}"
    if kind == "int_type" and isinstance(got, float):
        return f"must be a whole number, got {_short(got)}"
    if kind in _TYPE_NAMES:
        return f"must be {_TYPE_NAMES[kind]}, got {_json_type(got)}"
    if kind in {"int_from_float", "int_parsing"}:
        return f"must be a whole number, got {_short(got)}"
    return str(item.get("msg", kind))


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
