"""`journeymap app`: what it checks before starting, what it asks Streamlit for, and a real server
that stops, and frees its port, on SIGTERM or Ctrl-C."""

from __future__ import annotations

import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from journeymap.cli import main
from journeymap.ui import launch
from tests.conftest import ROOT, TINY_JOURNEY

#: How long a real server may take to answer (Streamlit imports for a few seconds on a busy machine).
START_SECONDS = 90
STOP_SECONDS = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Streamlit replaced by a recorder: each start's command line; the environment left as it was."""
    for name in (launch.WORKSPACE_ENV, launch.OPEN_ENV, launch.DATABASE_ENV):
        monkeypatch.setenv(name, "")  # recorded, so run_app's settings are undone after the test
    monkeypatch.delenv("JOURNEYMAP_ACCESS_KEY", raising=False)  # no team key unless a test sets one
    starts: list[list[str]] = []
    monkeypatch.setattr(launch, "_serve", lambda arguments: starts.append(list(arguments)) or 0)
    return starts


def option(arguments: list[str], name: str) -> str:
    values = [item.split("=", 1)[1] for item in arguments if item.startswith(f"--{name}=")]
    assert len(values) == 1, arguments
    return values[0]


def test_the_app_command_passes_file_workspace_port_and_host(served: list[list[str]], tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mine.json").write_text(json.dumps(TINY_JOURNEY), encoding="utf-8")
    port = free_port()
    assert main(["app", "mine.json", "--workspace", "ws", "--port", str(port)]) == 0
    [arguments] = served
    assert arguments[0] == "run" and Path(arguments[1]) == launch.APP_SCRIPT and launch.APP_SCRIPT.exists()
    assert option(arguments, "server.port") == str(port)
    assert option(arguments, "server.address") == "127.0.0.1"  # this computer only, unless --host says so
    assert option(arguments, "client.toolbarMode") == "minimal"
    assert os.environ["JOURNEYMAP_OPEN"] == str(tmp_path / "mine.json")
    assert os.environ["JOURNEYMAP_WORKSPACE"] == str(tmp_path / "ws")
    assert f"open http://127.0.0.1:{port} in your browser" in capsys.readouterr().out


def test_a_database_is_checked_passed_to_the_server_and_said_without_its_password(
        served: list[list[str]], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'team.db'}"
    assert main(["app", "--database", url, "--port", str(free_port())]) == 0
    assert len(served) == 1
    assert os.environ["JOURNEYMAP_DATABASE_URL"] == url  # the in-process server reads it
    assert (tmp_path / "team.db").is_file()  # opened (and its tables made) before the server started
    assert f"journeys and their history are kept in {url}" in capsys.readouterr().out


def test_an_unreachable_database_is_refused_before_starting_without_its_password(
        served: list[list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    # port 1 on this computer: nothing listens there, so the connection is refused at once
    assert main(["app", "--database", "postgresql+psycopg://u:secret@127.0.0.1:1/x"]) == 1
    assert served == []  # no server was started
    said = capsys.readouterr()
    assert "The database at postgresql+psycopg://u:***@127.0.0.1:1/x cannot be reached" in said.err
    assert "secret" not in said.err + said.out
    assert os.environ["JOURNEYMAP_DATABASE_URL"] == ""  # the server's environment was not set


def test_database_and_workspace_together_are_a_usage_error(served: list[list[str]], tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "--database", f"sqlite:///{tmp_path / 'team.db'}", "--workspace", "ws"]) == 2
    assert served == [] and not (tmp_path / "team.db").exists()
    assert "not allowed with argument --database" in capsys.readouterr().err


def test_a_folder_given_as_database_is_refused_pointing_to_workspace(served: list[list[str]],
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "--database", "journeys"]) == 1
    assert served == []
    assert "for a folder, use --workspace" in capsys.readouterr().err


def test_host_opens_the_app_to_the_network(served: list[list[str]], capsys: pytest.CaptureFixture[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEYMAP_ACCESS_KEY", "blue spoon diner 2026")  # the network needs the team's key
    port = free_port()
    assert main(["app", "--host", "0.0.0.0", "--port", str(port)]) == 0
    assert option(served[0], "server.address") == "0.0.0.0"
    out = capsys.readouterr().out
    assert f"http://localhost:{port}" in out and "other devices on this network" in out


@pytest.mark.parametrize("port", ["0", "65536", "eighty"])
def test_a_port_that_is_no_port_is_a_usage_error(served: list[list[str]], port: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "--port", port]) == 2
    assert "--port" in capsys.readouterr().err
    assert served == []


def test_the_app_command_refuses_a_missing_file(served: list[list[str]], tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", str(tmp_path / "nope.json")]) == 1
    assert "nope.json: no such file" in capsys.readouterr().err
    assert served == []  # no server started


def test_a_start_file_that_is_no_journey_is_refused_with_what_is_read(served: list[list[str]], tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping list\n- eggs\n", encoding="utf-8")
    assert main(["app", str(notes)]) == 1
    err = capsys.readouterr().err
    assert "notes.txt: line 1, column 1: is not valid JSON" in err
    assert "journeymap reads .json, .mmd, .csv, .zip, .xlsx" in err
    assert "the app was not started" in err
    assert served == []


def test_an_invalid_journey_is_refused_with_every_problem(served: list[list[str]], tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": 3}', encoding="utf-8")
    assert main(["app", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "bad.json: title: must be text, got a number" in err
    assert "bad.json: stages: is required" in err
    assert served == []


@pytest.fixture
def listening() -> Iterator[int]:
    """A port some other program listens on (a bare socket that never answers HTTP)."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield int(other.getsockname()[1])


def test_a_port_taken_by_another_program_is_refused_before_starting(served: list[list[str]], listening: int,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "--port", str(listening)]) == 1
    err = capsys.readouterr().err
    assert f"port {listening} is already in use by another program" in err
    assert f"journeymap app --port {listening + 1}" in err
    assert served == []


class _Health(http.server.BaseHTTPRequestHandler):
    """Answers like a Streamlit server's health check."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        body = b"ok" if self.path == launch.HEALTH_PATH else b"not found"
        self.send_response(200 if body == b"ok" else 404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_a_port_taken_by_a_streamlit_app_says_so(served: list[list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Health)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        assert main(["app", "--port", str(port)]) == 1
    finally:
        server.shutdown()
        server.server_close()
    assert f"port {port} is already in use by another journeymap or Streamlit app" in capsys.readouterr().err
    assert served == []


# --- a real `journeymap app` process ------------------------------------------------------------

def wait_until(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} within {seconds} s")
        time.sleep(0.1)


def health_answers(port: int) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(f"http://127.0.0.1:{port}{launch.HEALTH_PATH}", timeout=1) as response:
            return response.read() == b"ok"
    except OSError:
        return False


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid`` (Linux: from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if fields[0] != "Z":
            parents[int(stat.parent.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def listens_on_loopback_only(port: int) -> bool:
    """Whether /proc/net/tcp shows the port listening on 127.0.0.1 (and on no other IPv4 address)."""
    listening = [line.split()[1] for line in Path("/proc/net/tcp").read_text().splitlines()[1:]
                 if line.split()[1].endswith(f":{port:04X}") and line.split()[3] == "0A"]
    return listening == [f"0100007F:{port:04X}"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes and sockets from /proc")
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_a_real_app_stops_on_a_signal_and_frees_its_port(stop: signal.Signals, tmp_path: Path) -> None:
    port = free_port()
    environment = dict(os.environ, STREAMLIT_SERVER_HEADLESS="true")  # no browser opened by the test
    command = [sys.executable, "-m", "journeymap", "app", "--port", str(port), "--workspace", str(tmp_path / "ws")]
    process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        wait_until(lambda: health_answers(port) or process.poll() is not None, START_SECONDS, "no health answer")
        if process.poll() is not None:
            pytest.fail(f"the app ended instead of serving:\n{process.communicate()[0]}")
        assert listens_on_loopback_only(port)
        below = descendants(process.pid)
        process.send_signal(stop)
        process.wait(timeout=STOP_SECONDS)
        wait_until(lambda: port_is_free(port), STOP_SECONDS, f"port {port} still taken")
        assert not [pid for pid in below if alive(pid)], "a child of the app is still running"
    finally:
        if process.poll() is None:
            process.kill()
        output = process.communicate(timeout=STOP_SECONDS)[0]
    assert process.returncode == 0, output
    assert f"open http://127.0.0.1:{port} in your browser" in output
