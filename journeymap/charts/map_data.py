"""The named datasets the journey map's layers draw, made from its layout.

Layers that draw the same rows (a rectangle and its text, a mark and its name) share one dataset,
kept once at the top of the spec. Each row carries only the fields its layers read, and the fields
their tooltips read only when the map has tooltips (an image has none).
"""

from __future__ import annotations

from typing import Any

from journeymap.charts.layout import MapLayout
from journeymap.charts.style import BADGE_DY, NAME_DY

__all__ = ["map_datasets"]

#: What the touchpoints' marks and names read from their rows, besides positions and tooltips.
_NODE_FIELDS = ("id", "x", "y", "colour_value", "has_emotion", "emotion_shape", "size_value", "pain_point", "is_pain_point", "label",
                "sign", "sign_colour", "sign_size")


def map_datasets(layout: MapLayout, tooltips: bool) -> dict[str, list[dict[str, Any]]]:
    """The rows each named dataset holds; the fields tooltips read only when there are tooltips."""
    nodes = layout.nodes
    badge_tip, rank_tip, exit_tip = (("name", "tip_advice"), ("name", "tip_pain"), ("name", "tip_drop_off")) if tooltips else ((), (), ())
    return {
        "lanes": layout.lanes,
        "stages": layout.stages,
        "blueprint_lines": layout.lines,
        "connections": _connection_paths(layout.edge_points),
        "arrowheads": layout.arrows,
        "share_labels": [
            {**row, "left": row["x"] - row["half_width"], "right": row["x"] + row["half_width"], "top": row["y"] - 11, "bottom": row["y"] + 11}
            for row in layout.share_labels
        ],
        "badges": [_badge_row(row, badge_tip) for row in nodes if row["badge"]],
        "touchpoints": _touchpoint_rows(nodes, tooltips),
        "pain_ranks": [
            {**_pick(row, "rank_label", *rank_tip), "rank_x": row["x"] + row["radius"] * 0.75 + 2, "rank_y": row["y"] - row["radius"] * 0.55}
            for row in nodes
            if row["rank_label"]
        ],
        "exits": [_pick(row, "x", "exit_y", "exit_text", *exit_tip) for row in nodes if row["exit_text"]],
        **_emotion_lane_rows(layout, tooltips),
        **_continuation_rows(layout, tooltips),
    }


def _continuation_rows(layout: MapLayout, tooltips: bool) -> dict[str, list[dict[str, Any]]]:
    """The continuation markers' names, those leaving a row and those coming in apart (aligned apart)."""
    if not layout.continuations:
        return {}
    names = {node["id"]: node["name"] for node in layout.nodes}
    fields = ("id", "x", "y", "label", *(("tip_steps", "tip_rows") if tooltips else ()))
    rows = {side: [{**{key: row[key] for key in fields}, **({"name": names[row["id"]]} if tooltips else {})}
                   for row in layout.continuations if row["side"] == side] for side in ("out", "in")}
    return {"continuations_out": rows["out"], "continuations_in": rows["in"]}


def _emotion_lane_rows(layout: MapLayout, tooltips: bool) -> dict[str, list[dict[str, Any]]]:
    """The emotion lane's datasets; its points' tooltip texts only when there are tooltips."""
    lane = layout.emotion
    drawn = ("id", "series", "x", "y", "sign", "joined")
    points = lane.points if tooltips else [{key: row[key] for key in drawn} for row in lane.points]
    return {
        "emotion_lane": lane.lanes,
        "emotion_lane_messages": lane.messages,
        "emotion_lane_scale": lane.scale,
        "emotion_lane_lines": lane.lines,
        "emotion_lane_points": points,
        "emotion_lane_rings": lane.rings if tooltips else [{key: row[key] for key in drawn} for row in lane.rings],
        "emotion_lane_labels": lane.labels,
    }


def _badge_row(row: dict[str, Any], tip_fields: tuple[str, ...]) -> dict[str, Any]:
    return {
        **_pick(row, "x", "y", "badge", "recommendation", *tip_fields),
        "left": row["x"] - row["badge_half_width"],
        "right": row["x"] + row["badge_half_width"],
        "top": row["y"] + (BADGE_DY - 11),
        "bottom": row["y"] + (BADGE_DY + 11),
        "badge_y": row["y"] + BADGE_DY,
    }


def _touchpoint_rows(nodes: list[dict[str, Any]], tooltips: bool) -> list[dict[str, Any]]:
    """The marks' and names' rows: with tooltips every plain field of the layout, else only what is drawn."""
    fields = [key for key in nodes[0] if not isinstance(nodes[0][key], list)] if nodes and tooltips else list(_NODE_FIELDS)
    return [
        {
            **{key: row[key] for key in fields},  # lists (the name's lines) stay in the layout
            "name_y": row["y"] + NAME_DY,
            # the box of the lane's colour behind the name
            "left": row["x"] - row["label_half_width"],
            "right": row["x"] + row["label_half_width"],
            "top": row["y"] + (NAME_DY - 2),
            "bottom": row["label_bottom"],
            "band": row["band"],
        }
        for row in nodes
    ]


def _connection_paths(edge_points: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The connections' points as one line per kind (flow, support), each connection ended by a gap.

    A line breaks where a point has no position, so that every connection of a kind is one path
    of the same picture: Vega then builds two paths, not a group per connection.

    Examples
    --------
    >>> points = [{"edge": "a→b", "edge_index": 0, "order": 0, "x": 0, "y": 0, "kind": "flow"},
    ...           {"edge": "a→b", "edge_index": 0, "order": 1, "x": 9, "y": 0, "kind": "flow"},
    ...           {"edge": "b→c", "edge_index": 1, "order": 0, "x": 9, "y": 0, "kind": "flow"},
    ...           {"edge": "b→c", "edge_index": 1, "order": 1, "x": 9, "y": 5, "kind": "flow"}]
    >>> [(row["edge"], row["order"], row["x"]) for row in _connection_paths(points)]
    [('a→b', 0, 0), ('a→b', 1, 9), ('a→b', 2, None), ('b→c', 3, 9), ('b→c', 4, 9)]
    """
    rows: list[dict[str, Any]] = []
    for kind in ("flow", "support"):
        previous = None
        for point in edge_points:
            if point["kind"] != kind:
                continue
            if previous is not None and point["edge_index"] != previous["edge_index"]:
                rows.append({**previous, "order": len(rows), "x": None, "y": None})
            rows.append({**point, "order": len(rows)})
            previous = point
    return rows


def _pick(row: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {"id": row["id"], **{key: row[key] for key in keys}}
