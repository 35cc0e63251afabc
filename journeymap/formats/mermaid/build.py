"""The journey data of a parsed diagram: sections as stages, tasks as one chain of customer steps."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from journeymap.formats.mermaid.mapping import DEFAULT_TITLE, actors_note, score_to_emotion
from journeymap.formats.mermaid.parse import MAX_TITLE, Parser, Section

__all__ = ["journey_data"]


def journey_data(parser: Parser, source: str | None) -> dict[str, Any]:
    """The journey as file data, for :func:`~journeymap.model.validation.journey_from_data` to check."""
    title = _journey_title(parser, source)
    description_parts = [part for part in (parser.acc_title, parser.acc_descr) if part and part != title]
    stages, touchpoints = _stages_and_steps(parser.sections)
    connections = [{"from": a["id"], "to": b["id"], "kind": "flow"} for a, b in zip(touchpoints, touchpoints[1:])]
    data: dict[str, Any] = {"title": title, "stages": stages, "touchpoints": touchpoints, "connections": connections}
    if description_parts:
        data["description"] = "\n".join(description_parts)
    return data


def _journey_title(parser: Parser, source: str | None) -> str:
    """The ``title`` line, else the front matter's, else the ``accTitle``, else the file name."""
    for title in (parser.title, parser.front_matter_title, parser.acc_title):
        if title:
            return title
    if source:
        stem = Path(source).stem.replace("_", " ").strip()[:MAX_TITLE]
        if stem:
            return stem
    return DEFAULT_TITLE


def _stages_and_steps(sections: list[Section]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A stage per section and a customer touchpoint per task, with ids made from their names."""
    stage_ids = _IdMaker("stage")
    touchpoint_ids = _IdMaker("step")
    stages: list[dict[str, Any]] = []
    touchpoints: list[dict[str, Any]] = []
    for section in sections:
        stage_id = stage_ids.make(section.name, len(stages) + 1)
        stages.append({"id": stage_id, "name": section.name})
        for task in section.tasks:
            touchpoint: dict[str, Any] = {
                "id": touchpoint_ids.make(task.name, len(touchpoints) + 1),
                "name": task.name,
                "stage": stage_id,
                "lane": "customer",
                "emotion": score_to_emotion(task.score),
            }
            if task.actors:
                touchpoint["notes"] = actors_note(task.actors)
            touchpoints.append(touchpoint)
    return stages, touchpoints


class _IdMaker:
    """Readable ids, unique among those it has made: ``order-coffee``, ``order-coffee-2``.

    Examples
    --------
    >>> ids = _IdMaker("step")
    >>> ids.make("Order coffee", 1), ids.make("Order coffee", 2), ids.make("☕", 3)
    ('order-coffee', 'order-coffee-2', 'step-3')
    """

    def __init__(self, fallback: str) -> None:
        self.fallback = fallback
        self.used: set[str] = set()
        # The last number tried per base, so that 10,000 tasks of one name take linear time.
        self.last_number: dict[str, int] = {}

    def make(self, name: str, position: int) -> str:
        """An id for ``name``; ``fallback-position`` when the name has no ASCII letters or digits."""
        base = _slug(name) or f"{self.fallback}-{position}"
        candidate, number = base, self.last_number.get(base, 1)
        if number > 1:
            candidate = f"{base}-{number}"
        while candidate in self.used:
            number += 1
            candidate = f"{base}-{number}"
        self.last_number[base] = number
        self.used.add(candidate)
        return candidate


def _slug(name: str) -> str:
    """Lower-case ASCII letters and digits of a name, joined by '-'; accents dropped, at most 48."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].rstrip("-")
