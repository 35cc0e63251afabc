"""Shared fixtures: a workspace folder for the app, and the app itself under AppTest."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP_FILE = ROOT / "app.py"

#: A journey small enough to check every figure by hand: ask → wait → pay, in two stages.
TINY_JOURNEY: dict[str, Any] = {
    "title": "Tiny café",
    "persona": {"name": "Ana"},
    "customers_per_week": 100,
    "stages": [{"id": "order", "name": "Order"}, {"id": "pay", "name": "Pay"}],
    "touchpoints": [
        {"id": "ask", "name": "Asks for a latte", "stage": "order", "emotion": 2, "friction": 0},
        {"id": "wait", "name": "Waits at the bar", "stage": "order", "emotion": -3, "friction": 6},
        {"id": "pay", "name": "Pays by card", "stage": "pay", "emotion": 1, "goal": True},
    ],
    "connections": [{"from": "ask", "to": "wait"}, {"from": "wait", "to": "pay"}],
}


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace folder the app saves into (``JOURNEYMAP_WORKSPACE``); caches cleared."""
    import streamlit as st

    folder = tmp_path / "journeys"
    monkeypatch.setenv("JOURNEYMAP_WORKSPACE", str(folder))
    monkeypatch.delenv("JOURNEYMAP_OPEN", raising=False)
    st.cache_data.clear()
    return folder


@pytest.fixture
def tiny_file(workspace: Path) -> Path:
    """:data:`TINY_JOURNEY` saved in the workspace as ``tiny.json``."""
    workspace.mkdir(parents=True, exist_ok=True)
    path = workspace / "tiny.json"
    path.write_text(json.dumps(TINY_JOURNEY), encoding="utf-8")
    return path


@pytest.fixture
def start_app(workspace: Path) -> Callable[..., Any]:
    """Start the app under AppTest, optionally on a journey (``?journey=``) and a tab (``?page=``)."""
    from streamlit.testing.v1 import AppTest

    def start(journey: str | None = None, page: str | None = None) -> AppTest:
        app = AppTest.from_file(str(APP_FILE), default_timeout=60)
        if journey:
            app.query_params["journey"] = journey
        if page:
            app.query_params["page"] = page
        app.run()
        assert not app.exception, app.exception
        return app

    return start
