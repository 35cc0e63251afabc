"""Real-browser fixtures: the app served by Streamlit, and Debian's chromium driven by Playwright.

The chromium comes from the system (``/usr/bin/chromium``), never from ``playwright install``; if it
is missing these tests fail, they do not skip. Each test process (each parallel worker) runs one server
on a free port; each test starts on an emptied workspace in a new browser session, so no test sees
another's edits. The server's whole log is checked after every test and once it has stopped.
Screenshots go to ``$JOURNEYMAP_SHOTS`` (default: a temporary folder) so a person can look at them.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
#: How long a browser check waits for its condition: generous, for a shared and loaded 2-core machine.
EXPECT_TIMEOUT_MS = 60_000
#: Words that must not appear in a server's log.
BAD_LOG_WORDS = ("Traceback", "Deprecat", "deprecat", "Warning", "Error")

@dataclass
class Server:
    """A Streamlit server of the app, its workspace folder, its log and where screenshots go."""

    url: str
    workspace: Path
    log: Path
    shots: Path
    process: subprocess.Popen[bytes]

    def stop(self) -> str:
        """Stop the server (by its pid) and return its whole log."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        return self.log.read_text(errors="replace")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 120) -> bool:
    """Whether the server answers its health check; False if it exited (say, its port was taken)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=5) as answer:
                if answer.status == 200:
                    return True
        except OSError:
            time.sleep(0.1)  # polling a condition: the server is not listening yet
    raise RuntimeError(f"streamlit at {url} did not answer within {timeout} s")


def start_server(base: Path, shots: Path, extra_environment: dict[str, str] | None = None) -> Server:
    """The app on a free port of 127.0.0.1 with an empty workspace under ``base`` (and
    ``extra_environment`` added to its environment, e.g. a team access key).

    Another process (a parallel worker) can take the free port between the probe and Streamlit's bind;
    Streamlit then exits, and another port is tried.
    """
    workspace, log = base / "journeys", base / "streamlit.log"
    environment = {**os.environ, "JOURNEYMAP_WORKSPACE": str(workspace), "PYTHONWARNINGS": "default"}
    environment.pop("JOURNEYMAP_OPEN", None)
    environment.pop("JOURNEYMAP_ACCESS_KEY", None)  # the shared server is open; a test adds a key if it wants one
    environment.update(extra_environment or {})
    for _ in range(5):
        port = _free_port()
        command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
                   "--server.address", "127.0.0.1", "--server.port", str(port), "--browser.gatherUsageStats",
                   "false", "--server.fileWatcherType", "none"]
        with open(log, "wb") as output:
            process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
        server = Server(f"http://127.0.0.1:{port}", workspace, log, shots, process)
        try:
            if _healthy(server.url, process):
                return server
        except BaseException:
            server.stop()
            raise
        if "already in use" not in log.read_text(errors="replace"):
            raise RuntimeError(f"streamlit exited with {process.returncode}:\n{log.read_text(errors='replace')}")
    raise RuntimeError(f"no free port for streamlit after 5 tries:\n{log.read_text(errors='replace')}")


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("JOURNEYMAP_SHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def shared_server(tmp_path_factory: pytest.TempPathFactory, shots: Path) -> Iterator[Server]:
    """One server for this process's tests (each parallel worker has its own); its whole log, read
    once it has stopped, must be free of errors and warnings."""
    running = start_server(tmp_path_factory.mktemp("server"), shots)
    try:
        yield running
    finally:
        log = running.stop()
    assert_clean(log)


@pytest.fixture
def server(shared_server: Server) -> Iterator[Server]:
    """The server with an empty workspace, so no test sees another's journeys; the test's tab (a new
    session) opens the diner sample afresh. Afterwards the whole log so far must be clean.

    Restarting the server for each test would cost about 4 s of CPU each (start and first run, which
    imports the app); nothing else outlives a session: ``st.cache_data`` only keeps results of pure
    functions of a journey's content. The ``page`` fixture waits until the last run is over before
    closing the tab, so no run of an earlier test writes into the emptied workspace.
    """
    shutil.rmtree(shared_server.workspace, ignore_errors=True)
    yield shared_server
    assert_clean(shared_server.log.read_text(errors="replace"))


def assert_clean(log: str) -> None:
    for bad in BAD_LOG_WORDS:
        assert bad not in log, f"{bad!r} in the server log (shared by this worker's tests):\n{log}"


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's chromium; a missing chromium is a failure, not a skip."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Remember on the test whether its body failed, so the ``page`` fixture can keep a screenshot."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True


FAILED = pytest.StashKey[bool]()


def idle(tab: Any) -> None:
    """Wait until Streamlit runs no script for this tab."""
    from playwright.sync_api import expect

    expect(tab.locator("[data-testid='stApp']")).to_have_attribute("data-test-script-state", "notRunning")


def new_tab(browser: Any, width: int = 1600, height: int = 1000) -> tuple[Any, Any, list[str]]:
    """A browser context and its tab, which records any JS dialog instead of waiting on it."""
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    context.set_default_timeout(EXPECT_TIMEOUT_MS)
    tab = context.new_page()
    dialogs: list[str] = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return context, tab, dialogs


@pytest.fixture
def page(browser: Any, shots: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser tab, wide like a projector, that accepts downloads and fails on any JS dialog.

    A failing test leaves ``FAILED-<test>.png`` in the shots folder: what the page showed at that moment.
    """
    if "server" in request.fixturenames:
        request.getfixturevalue("server")  # set up first: the workspace is emptied before the tab opens
    context, tab, dialogs = new_tab(browser)
    yield tab
    if request.node.stash.get(FAILED, False):
        tab.screenshot(path=str(shots / f"FAILED-{request.node.name}.png"), full_page=True)
        print(f"screenshot of the failure: {shots / f'FAILED-{request.node.name}.png'}")
    if "server" in request.fixturenames and tab.url.startswith("http://127.0.0.1"):
        idle(tab)  # a run still saving must end before the next test empties the workspace
    context.close()
    assert not dialogs, f"the page opened a dialog (injected script?): {dialogs}"
