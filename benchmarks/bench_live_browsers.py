"""A live workshop with real browsers: phones in Chromium, the app server's memory per participant,
and the time from a tap on a phone to its showing on the facilitator's Workshop tab.

Each app server is the app as a team runs it (``python -m streamlit run app.py`` on 127.0.0.1). The
facilitator's page (1280×800, ``?journey=diner&page=Workshop``) watches a live session on the diner
sample; phones (separate browser contexts, 390×844) open the join link and join through the join
form, as a person does. The run prints, first for one server on a workspace folder (the live file
beside the journeys), then for two servers sharing one PostgreSQL database when
``JOURNEYMAP_TEST_POSTGRES_URL`` names a server (a fresh database is made and dropped):

- the server's memory (VmRSS) with only the facilitator's page open (the second server: no page),
  then with ``--phones`` phones joined and idle, and on one server with twice as many: the memory
  per participant is the growth divided by the server's own phones. One visit of the join page,
  closed again, comes first, so that the app's first run of the phone page is no participant's;
- 20 taps of a rating, one phone after another (each on a step it has not rated, moving there with
  Next), each timed from the click until the facilitator's page says "N ratings" with one more (the
  Workshop tab reads the room every 2 s); with two servers the facilitator is on the first and half
  the phones on the second. Afterwards the store must hold exactly the taps made: lost and doubled
  count the differences (person, step, value);
- while the phones tap, 30 simulated participants of ``benchmarks/bench_live.py`` send input for
  ``--seconds`` through the same store (the same database), in a session of their own on a copy of
  the journey, so that the facilitator's count of ratings is the phones' alone; their figures too;
- whether the server's log has a traceback, an error or a warning (the lines are printed).

Bounded and on loopback only: every wait has a timeout, the whole run at most 15 minutes; the
servers are stopped and the database dropped at the end. About 4 minutes on a 2-core machine.
Needs Debian's chromium (/usr/bin/chromium) and the playwright package, like the browser tests.

Run: ``.venv/bin/python benchmarks/bench_live_browsers.py [--seconds 60] [--phones 5]``
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_live import Expected, _check, _facilitator, _participant  # noqa: E402

from journeymap.formats.json_file import load  # noqa: E402
from journeymap.live.phone import phone_steps  # noqa: E402
from journeymap.live.store import LiveSession, LiveStore, open_live  # noqa: E402
from journeymap.store.opening import open_store  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
WAIT_MS = 60_000  # one browser wait at most: generous, for a loaded 2-core machine
WHOLE_RUN_SECONDS = 900
TAPS = 20
SIMULATED = 30
#: The ratings tapped in turn, as the phone's pills name them, and the values they store.
LABELS = {"+3": 3.0, "\u22122": -2.0, "+1": 1.0, "\u22124": -4.0, "0": 0.0, "+5": 5.0, "\u22121": -1.0}
BAD_LOG_WORDS = ("Traceback", "Deprecat", "deprecat", "Warning", "Error")
ROOM = re.compile(r"The room: (\d+) (?:person|people), (\d+) ratings")


# the app servers


@dataclass
class App:
    """One app server: its process, address and log."""

    process: subprocess.Popen[bytes]
    url: str
    log: Path

    def rss_mb(self) -> float:
        """The server's resident memory now (VmRSS), in MB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]

    def settled_rss_mb(self) -> float:
        """The memory once the last runs are over: the median of three readings, 0.5 s apart."""
        time.sleep(1.5)
        readings = []
        for _ in range(3):
            readings.append(self.rss_mb())
            time.sleep(0.5)
        return statistics.median(readings)

    def stop(self) -> list[str]:
        """Stop the server (by its pid); the lines of its log with a traceback, an error or a warning."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        lines = self.log.read_text(errors="replace").splitlines()
        return [line for line in lines if any(word in line for word in BAD_LOG_WORDS)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_app(base: Path, database: str | None = None) -> App:
    """The app on a free port of 127.0.0.1, with its workspace (and database, if given) under ``base``."""
    base.mkdir(parents=True, exist_ok=True)
    environment = {**os.environ, "JOURNEYMAP_WORKSPACE": str(base / "journeys"), "PYTHONWARNINGS": "default"}
    for name in ("JOURNEYMAP_OPEN", "JOURNEYMAP_ACCESS_KEY", "JOURNEYMAP_DATABASE_URL"):
        environment.pop(name, None)
    if database:
        environment["JOURNEYMAP_DATABASE_URL"] = database
    port, log = _free_port(), base / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.address",
               "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    app = App(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{app.url}/_stcore/health", timeout=5) as answer:
                if answer.status == 200:
                    return app
        except OSError:
            time.sleep(0.2)  # not listening yet
    app.stop()
    raise RuntimeError(f"the app did not start:\n{log.read_text(errors='replace')}")


# the browsers


@dataclass
class Phone:
    """One phone's tab, who joined on it, where, and the step it is on."""

    context: Any
    tab: Any
    name: str
    app: App
    step: int = 1
    tapped: bool = False


def _tab(browser: Any, width: int, height: int) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(WAIT_MS)
    return context, context.new_page()


def idle(tab: Any) -> None:
    """Wait until Streamlit runs no script for this tab."""
    from playwright.sync_api import expect

    expect(tab.locator("[data-testid='stApp']")).to_have_attribute("data-test-script-state", "notRunning")


def open_facilitator(browser: Any, app: App) -> tuple[Any, Any]:
    """The facilitator's Workshop tab on the diner journey, once it shows the room and is idle."""
    from playwright.sync_api import expect

    context, wall = _tab(browser, 1280, 800)
    wall.goto(f"{app.url}/?journey=diner&page=Workshop")
    expect(wall.get_by_text("The room:", exact=False)).to_be_visible()
    idle(wall)
    return context, wall


def warm_up(browser: Any, app: App, code: str) -> None:
    """One visit of the join page, closed again: the app's first run of the phone page is not a participant's."""
    from playwright.sync_api import expect

    context, tab = _tab(browser, 390, 844)
    tab.goto(f"{app.url}/?join={code}")
    expect(tab.get_by_role("button", name="Join", exact=True)).to_be_visible()
    idle(tab)
    context.close()


def join(browser: Any, app: App, code: str, name: str, steps: int) -> Phone:
    """A phone that opens the join link and joins through the form, as a person does."""
    from playwright.sync_api import expect

    context, tab = _tab(browser, 390, 844)
    tab.goto(f"{app.url}/?join={code}")
    button = tab.get_by_role("button", name="Join", exact=True)
    expect(button).to_be_visible()
    idle(tab)
    tab.get_by_label("Your name, as the room will see it").fill(name)
    button.click()
    expect(tab.get_by_text(f"Step 1 of {steps}", exact=False)).to_be_visible()
    idle(tab)
    return Phone(context, tab, name, app)


def room_ratings(wall: Any) -> int:
    """How many ratings the facilitator's page says the room has sent."""
    text = wall.locator("h3", has_text="The room:").first.inner_text(timeout=WAIT_MS)
    found = ROOM.search(text)
    return int(found.group(2)) if found else -1


def _next_step(phone: Phone, steps: int) -> None:
    """Move the phone on to a step it has not rated yet, with its Next button."""
    from playwright.sync_api import expect

    if phone.tapped:
        idle(phone.tab)
        phone.tab.get_by_role("button", name="Next \u2192").click()
        phone.step += 1
        expect(phone.tab.get_by_text(f"Step {phone.step} of {steps}", exact=False)).to_be_visible()
        idle(phone.tab)
    phone.tapped = True


def tap_to_view(wall: Any, phone: Phone, label: str, steps: int) -> float:
    """Seconds from a tap of ``label`` on the phone until the facilitator's page counts one more rating."""
    _next_step(phone, steps)
    before = room_ratings(wall)
    pill = phone.tab.get_by_role("radiogroup").first.get_by_role("radio", name=label, exact=True)
    pill.scroll_into_view_if_needed()
    clicked = time.perf_counter()
    pill.click()
    deadline = clicked + 30
    while room_ratings(wall) < before + 1:
        if time.perf_counter() > deadline:
            return float("nan")  # not shown within 30 s: counted as not seen
        time.sleep(0.05)
    return time.perf_counter() - clicked


# the measurements


def memory(browser: Any, apps: list[App], code: str, names: list[str], steps: int,
           baseline: list[float], earlier: list[Phone]) -> list[Phone]:
    """Join a phone per name, spread over ``apps`` in turn; print each server's memory per participant
    joined on it (``earlier`` ones too) since ``baseline``, its memory with only the facilitator's page."""
    started = time.perf_counter()
    joined = [join(browser, apps[number % len(apps)], code, name, steps) for number, name in enumerate(names)]
    print(f"      {len(names)} phones joined through the form in {time.perf_counter() - started:.0f} s")
    for index, app in enumerate(apps):
        after, count = app.settled_rss_mb(), sum(phone.app is app for phone in earlier + joined)
        label = f"server {'AB'[index]}: " if len(apps) > 1 else ""
        alone = "the facilitator's page only" if index == 0 else "no page open"
        print(f"      {label}{baseline[index]:.0f} MB with {alone}, {after:.0f} MB with "
              f"{count} phones: {(after - baseline[index]) / count:.1f} MB per participant")
    return joined


def votes(wall: Any, phones: list[Phone], steps: list[str], live: LiveStore, session: LiveSession) -> None:
    """20 taps, one phone after another, each timed until the facilitator sees it; then the store checked."""
    delays, made = [], []
    for number in range(TAPS):
        phone = phones[number % len(phones)]
        label = list(LABELS)[number % len(LABELS)]
        delays.append(tap_to_view(wall, phone, label, len(steps)))
        made.append((phone.name, steps[phone.step - 1], LABELS[label]))
    for phone in phones:
        idle(phone.tab)
    records = live.records(session.id)
    stored = Counter((records.participants[r.participant], r.step, r.value) for r in records.ratings
                     if r.field == "emotion")
    wanted = Counter(made)
    lost, doubled = sum((wanted - stored).values()), sum((stored - wanted).values())
    seen = [delay for delay in delays if delay == delay]
    via = sorted({phone.app.url.rsplit(":", 1)[1] for phone in phones})
    print(f"      {TAPS} taps (through port{'s' if len(via) > 1 else ''} {', '.join(via)}): {len(records.ratings)} "
          f"ratings stored, {lost} lost, {doubled} doubled; {TAPS - len(seen)} not seen within 30 s")
    if seen:
        print(f"      tap → on the facilitator's page: median {statistics.median(seen):.2f} s, "
              f"max {max(seen):.2f} s (the Workshop tab reads the room every 2 s)")


@dataclass
class Simulation:
    """bench_live.py's simulated participants, run in threads beside the browsers."""

    location: str
    seconds: float
    expected: Expected = field(default_factory=Expected)
    delays: list[float] = field(default_factory=list)
    polls: list[float] = field(default_factory=list)
    threads: list[threading.Thread] = field(default_factory=list)
    stores: list[LiveStore] = field(default_factory=list)
    session: LiveSession | None = None

    def start(self) -> None:
        """30 participants in a session of their own on a copy of the diner journey, in the same store."""
        journeys = open_store(self.location, environment={})
        journey = load(ROOT / "sample_journeys" / "diner.json")
        journeys.save("diner-simulated", journey)
        steps = [touchpoint.id for touchpoint in journey.touchpoints]
        self.stores = [open_live(open_store(self.location, environment={})) for _ in range(3)]
        self.session = self.stores[0].start("diner-simulated", dots=3)
        until = time.monotonic() + self.seconds
        self.threads = [threading.Thread(target=_participant, args=(self.stores[number % 2], self.session.code, number,
                                                                     steps, until, 3, self.expected, number))
                        for number in range(SIMULATED)]
        self.threads.append(threading.Thread(target=_facilitator, args=(self.stores[2], self.session.id, steps, until,
                                                                         2.0, self.expected, self.delays, self.polls)))
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        """Wait for the participants and print their figures, as bench_live.py does."""
        for thread in self.threads:
            thread.join(timeout=self.seconds + 60)
        assert self.session is not None
        lost, doubled = _check(self.stores[0], self.session.id, self.expected)
        latencies = sorted(self.expected.latencies)
        print(f"      beside them, {SIMULATED} simulated participants, {self.seconds:g} s: {len(latencies)} inputs "
              f"acknowledged ({len(latencies) / self.seconds:.0f}/s), {self.expected.refused} refused, {lost} lost, "
              f"{doubled} doubled")
        if latencies:
            print(f"      one input: median {statistics.median(latencies) * 1000:.1f} ms, "
                  f"p95 {latencies[int(len(latencies) * 0.95)] * 1000:.1f} ms; acknowledged → in a 2 s poll: "
                  f"median {statistics.median(self.delays or [float('nan')]):.2f} s")
        for store in self.stores:
            store.close()


def _log_lines(apps: list[App]) -> None:
    for index, app in enumerate(apps):
        bad = app.stop()
        name = f"server {'AB'[index]}" if len(apps) > 1 else "the server"
        print(f"      {name}'s log: " + (f"{len(bad)} lines with an error or a warning:" if bad else "clean"))
        for line in bad[:20]:
            print(f"        {line}")


def measure(browser: Any, apps: list[App], location: str, arguments: argparse.Namespace, *, twice: bool) -> None:
    """Both measurements, on a session started on the diner journey saved at ``location`` (the memory with
    twice the phones as well if ``twice``)."""
    journeys = open_store(location, environment={})
    journey = load(ROOT / "sample_journeys" / "diner.json")
    journeys.save("diner", journey)
    steps = [step.id for step in phone_steps(journey)]
    live = open_live(open_store(location, environment={}))
    session = live.start("diner", dots=3)
    contexts: list[Any] = []
    try:
        for app in apps:
            warm_up(browser, app, session.code)
        context, wall = open_facilitator(browser, apps[0])
        contexts.append(context)
        baseline = [app.settled_rss_mb() for app in apps]
        count = arguments.phones
        phones = memory(browser, apps, session.code, [f"P{n}" for n in range(1, count + 1)], len(steps), baseline, [])
        contexts += [phone.context for phone in phones]
        if twice:  # on one server only: joining slows down as more pages run on two cores (about 10 s a phone)
            more = memory(browser, apps, session.code, [f"P{n}" for n in range(count + 1, 2 * count + 1)],
                          len(steps), baseline, phones)
            for phone in more:
                phone.context.close()  # the taps are made with the first phones only
        simulation = Simulation(location, arguments.seconds)
        simulation.start()
        try:
            votes(wall, phones, steps, live, session)
        finally:
            simulation.finish()
    finally:
        for context in contexts:
            context.close()
        live.close()
        getattr(journeys, "close", lambda: None)()
        _log_lines(apps)


# the two settings


def one_server(browser: Any, arguments: argparse.Namespace) -> None:
    base = Path(tempfile.mkdtemp(prefix="jm-bench-browsers-"))
    print("One app server, a workspace folder (the live file beside the journeys):")
    app = start_app(base)
    try:
        measure(browser, [app], str(base / "journeys"), arguments, twice=True)
    finally:
        app.stop()


@contextmanager
def postgres_database(server: str) -> Iterator[str]:
    """A fresh database on the server, dropped afterwards (even if something was still connected)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"jm_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def two_servers(browser: Any, arguments: argparse.Namespace, server: str) -> None:
    print("Two app servers, one PostgreSQL database (the facilitator on A, the phones on A and B in turn):")
    base = Path(tempfile.mkdtemp(prefix="jm-bench-browsers-pg-"))
    with postgres_database(server) as url:
        apps: list[App] = []
        try:
            apps = [start_app(base / "a", url), start_app(base / "b", url)]
            measure(browser, apps, url, arguments, twice=False)
        finally:
            for app in apps:
                app.stop()  # before the database is dropped


def _out_of_time(signum: int, frame: Any) -> None:
    raise TimeoutError(f"the benchmark ran over {WHOLE_RUN_SECONDS} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long the simulated participants send input")
    parser.add_argument("--phones", type=int, default=5, help="real phones (twice as many for the second memory figure)")
    arguments = parser.parse_args()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    signal.signal(signal.SIGALRM, _out_of_time)
    signal.alarm(WHOLE_RUN_SECONDS)
    started = time.monotonic()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            one_server(browser, arguments)
            server = os.environ.get("JOURNEYMAP_TEST_POSTGRES_URL")
            if server:
                two_servers(browser, arguments, server)
            else:
                print("Two app servers: skipped, JOURNEYMAP_TEST_POSTGRES_URL names no PostgreSQL server")
        finally:
            browser.close()
    signal.alarm(0)
    print(f"(the whole run: {time.monotonic() - started:.0f} s)")


if __name__ == "__main__":
    main()
