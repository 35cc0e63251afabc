"""Shared fixtures: a workspace folder for the app, and the app itself under AppTest."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
APP_FILE = ROOT / "app.py"

# One hypothesis profile for the whole suite, loaded here so that every run (make test, CI, one file) is alike:
# - no deadline and no "too slow" health check: both time single examples, and on a shared, loaded 2-core
#   machine an example that takes 50 ms alone can take 500 ms; they would fail at random, not on a bug;
# - derandomize: the same examples on every run, so a run is steady and a failure reproduces as it is
#   (a test that wants more or fewer examples says so with its own ``@settings(max_examples=...)``);
# - no example database: nothing is written under .hypothesis, and an old failure does not come back in
#   a later run of other code.
settings.register_profile("journeymap", deadline=None, max_examples=100, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow], print_blob=True)
settings.load_profile("journeymap")

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
    monkeypatch.delenv("JOURNEYMAP_DATABASE_URL", raising=False)  # journeys in the folder unless a test sets one
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
