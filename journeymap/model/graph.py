"""Journey ⇄ ``networkx.DiGraph``.

Nodes are touchpoint ids carrying the touchpoint's fields as attributes (``automation`` as a dict);
edges are connections with ``kind``, ``share`` and ``label``; the graph's own attributes hold the
rest of the journey (title, persona, stages, …), so that ``from_graph(to_graph(j)) == j``.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from journeymap.model.validation import journey_from_data
from journeymap.model import Journey

__all__ = ["to_graph", "from_graph"]

_JOURNEY_KEYS = ("schema_version", "title", "description", "persona", "customers_per_week", "stages")


def to_graph(journey: Journey) -> nx.DiGraph:
    """The journey as a directed graph of touchpoints.

    Examples
    --------
    >>> from journeymap import loads
    >>> journey = loads('''{"title": "Coffee", "stages": [{"id": "s", "name": "Order"}],
    ...   "touchpoints": [{"id": "ask", "name": "Asks", "stage": "s", "emotion": 1},
    ...                   {"id": "pay", "name": "Pays", "stage": "s"}],
    ...   "connections": [{"from": "ask", "to": "pay", "share": 0.9}]}''')
    >>> graph = to_graph(journey)
    >>> graph.nodes["ask"]["emotion"], graph.edges["ask", "pay"]["share"], graph.graph["title"]
    (1.0, 0.9, 'Coffee')
    """
    graph = nx.DiGraph()
    data = journey.model_dump(by_alias=True)
    graph.graph.update({key: data[key] for key in _JOURNEY_KEYS})
    for touchpoint in data["touchpoints"]:
        attributes = dict(touchpoint)
        graph.add_node(attributes.pop("id"), **attributes)
    for connection in data["connections"]:
        attributes = dict(connection)
        graph.add_edge(attributes.pop("from"), attributes.pop("to"), **attributes)
    return graph


def from_graph(graph: nx.DiGraph) -> Journey:
    """Build (and validate) a journey from a graph shaped like :func:`to_graph`'s.

    Raises :class:`~journeymap.errors.JourneyFileError` if the graph does not make a valid journey.
    """
    data: dict[str, Any] = {key: graph.graph[key] for key in _JOURNEY_KEYS if graph.graph.get(key) is not None}
    data["touchpoints"] = [{"id": node, **_without_none(attributes)} for node, attributes in graph.nodes(data=True)]
    data["connections"] = [
        {"from": source, "to": target, **_without_none(attributes)} for source, target, attributes in graph.edges(data=True)
    ]
    return journey_from_data(data, source="graph")


def _without_none(attributes: dict[str, Any]) -> dict[str, Any]:
    cleaned = {key: value for key, value in attributes.items() if value is not None}
    if isinstance(cleaned.get("automation"), dict):
        cleaned["automation"] = _without_none(cleaned["automation"])
    return cleaned
