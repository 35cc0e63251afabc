"""A journey from plain data, and back: pydantic's validation errors in plain words.

Every reader (JSON, Mermaid, spreadsheets, the app's edits) ends here, so a broken rule reads the
same whatever the file: ``touchpoints[3].emotion: must be between -5 and 5, got 7 (touchpoint 'pay')``.
Data with field problems is also checked against the rules that span fields (on the parts that can
be read, see :mod:`journeymap.model.rules`), so one pass reports both kinds, each problem once.
"""

from __future__ import annotations

import difflib
import json
from typing import Any

from pydantic import BaseModel, ValidationError

from journeymap.errors import JourneyFileError, Problem
from journeymap.model.journey import (
    SCHEMA_VERSION,
    MAX_RATINGS,
    AutomationTraits,
    Connection,
    EmotionRatings,
    FrictionRatings,
    Journey,
    JourneyRulesError,
    Persona,
    Ratings,
    Stage,
    Touchpoint,
    lowest_version,
    newer_version_problem,
)
from journeymap.model.rules import outline_of_data, rule_problems
from journeymap.model.survey import MAX_SURVEY_ANSWERS, Survey
from journeymap.model.text import TEXT_PATTERN, text_problem

__all__ = ["journey_from_data", "journey_to_data", "json_schema", "json_type", "location_text"]

# Human names of the ranges, so messages say "between -5 and 5" rather than two separate bounds.
_RANGES = {
    "emotion": (-5, 5),
    "staff_emotion": (-5, 5),
    "friction": (0, 10),
    "share": (0, 1),
    "entry_share": (0, 1),
    **{trait: (1, 5) for trait in AutomationTraits.model_fields},
    # the room's ratings (touchpoints[].ratings.emotion.count …); a median takes its field's range
    "count": (1, MAX_RATINGS),
    "spread": (0, 10),
    # a step's survey (touchpoints[].survey.answers)
    "answers": (1, MAX_SURVEY_ANSWERS),
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
    "ratings": Ratings,
    "survey": Survey,
    # only the ratings have objects under these names
    "emotion": EmotionRatings,
    "friction": FrictionRatings,
    "staff_emotion": EmotionRatings,
}


def journey_from_data(data: Any, source: str | None = None) -> Journey:
    """Validate already-parsed JSON data (a dict) as a journey; the app uses this for edits."""
    if not isinstance(data, dict):
        raise JourneyFileError(
            [Problem("", f"must be a JSON object with a title and stages, not {json_type(data)}")], source
        )
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise JourneyFileError([newer_version_problem(version)], source)
    try:
        return Journey.model_validate(data)
    except ValidationError as error:
        raise JourneyFileError(_problems(error, data), source) from None
    except RecursionError:
        raise JourneyFileError([Problem("", "is nested too deeply to be a journey")], source) from None


def journey_to_data(journey: Journey) -> dict[str, Any]:
    """The journey as plain JSON data in file order, leaving out what is empty or unset.

    Its ``schema_version`` is the lowest that holds what it contains, also for a journey changed
    without validation (``model_copy``): a file never says a version older than its fields.
    """
    data = journey.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["schema_version"] = lowest_version(journey)
    for touchpoint in data["touchpoints"]:
        for key in ("pain_points", "opportunities", "quotes"):
            if not touchpoint[key]:
                del touchpoint[key]
        if not touchpoint["goal"]:
            del touchpoint["goal"]
    for key in ("goals", "needs"):
        if "persona" in data and not data["persona"][key]:
            del data["persona"][key]
    return _tidy_numbers(data)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the journey file format (what ``journeymap schema`` prints)."""
    schema = _without_text_pattern(Journey.model_json_schema(by_alias=True))
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"journeymap journey, format version {SCHEMA_VERSION} (reads every version up to it)"
    return schema


def _without_text_pattern(value: Any) -> Any:
    """The schema without the text policy's pattern on every text field: written for Rust's regex,
    it would mean something else to a JSON Schema validator (docs/formats.md says what text may hold)."""
    if isinstance(value, dict):
        return {key: _without_text_pattern(item) for key, item in value.items()
                if not (key == "pattern" and item == TEXT_PATTERN)}
    if isinstance(value, list):
        return [_without_text_pattern(item) for item in value]
    return value


def _tidy_numbers(value: Any) -> Any:
    """Write 3.0 as 3 so files read the way people type them; equal on reading back."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    if isinstance(value, dict):
        return {key: _tidy_numbers(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tidy_numbers(item) for item in value]
    return value


def json_type(value: Any) -> str:
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
    """The field problems of the error, then the broken rules of what can be read around them.

    A rule problem at a place that already has a field problem is left out: the field problem
    says what to fix there (a malformed id is not also "no touchpoint has the id").
    """
    items = error.errors(include_url=False)
    rules_errors = [context for item in items
                    if isinstance(context := (item.get("ctx") or {}).get("error"), JourneyRulesError)]
    if rules_errors:  # the fields were sound, so the model's own rule check ran
        return [problem for context in rules_errors for problem in context.problems]
    problems = [_field_problem(item, data) for item in items]
    taken = {problem.location for problem in problems}
    outline = outline_of_data(data, (item["loc"] for item in items))
    problems += [problem for problem in rule_problems(outline) if problem.location not in taken]
    return problems


def _field_problem(item: dict[str, Any], data: dict[str, Any]) -> Problem:
    message = _message(item)
    owner = _touchpoint_id(item["loc"], data)
    if owner:
        message += f" (touchpoint '{owner}')"
    return Problem(location_text(item["loc"]), message)


def location_text(loc: tuple[Any, ...]) -> str:
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
        if field == "median" and len(loc) >= 2:
            field = str(loc[-2])  # ratings.friction.median: the range of friction
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
    if kind in {"string_pattern_mismatch", "string_unicode"} and isinstance(got, str) and (
            kind == "string_unicode" or ctx.get("pattern") == TEXT_PATTERN):
        return text_problem(got) or str(item.get("msg", kind))  # a character that is not text
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
        return f"must be {_TYPE_NAMES[kind]}, got {json_type(got)}"
    if kind in {"int_from_float", "int_parsing"}:
        return f"must be a whole number, got {_short(got)}"
    return str(item.get("msg", kind))


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
