from __future__ import annotations

import json

import networkx as nx
import pytest

from journeymap import JourneyFileError, from_graph, loads, to_graph

from .test_io import RICH


def test_to_graph_carries_every_field() -> None:
    graph = to_graph(loads(json.dumps(RICH)))
    assert isinstance(graph, nx.DiGraph)
    assert list(graph.nodes) == ["call", "chair", "sms"]
    assert graph.nodes["call"]["emotion"] == -2.5 and graph.nodes["call"]["automation"]["empathy_need"] == 3
    assert graph.edges["call", "chair"] == {"kind": "flow", "share": 0.8, "label": "booked"}
    assert graph.edges["call", "sms"]["kind"] == "support"
    assert graph.graph["persona"]["name"] == "Marta"


def test_from_graph_gives_back_the_same_journey() -> None:
    journey = loads(json.dumps(RICH))
    assert from_graph(to_graph(journey)) == journey


def test_from_graph_validates() -> None:
    graph = to_graph(loads(json.dumps(RICH)))
    graph.add_edge("chair", "ghost")
    with pytest.raises(JourneyFileError, match="no touchpoint has the id 'ghost'|touchpoints\\[3\\]"):
        from_graph(graph)
