"""Start the Streamlit app from the command line: ``journeymap app [FILE]``.

Streamlit serves in this very process (``streamlit run`` through Streamlit's own command line
entry point), not in a child process: SIGTERM or Ctrl-C then reaches Streamlit's own signal
handler, which stops the server, and no server is left behind holding the port.

Before anything starts, a start FILE that is not a readable journey, a ``--database`` that cannot be
opened (said without its password) and a port that is already taken are refused with a message
saying what to do instead; so is an app served on an address other computers can reach without the
team's access key or a login (docs/app.md). Nothing of Streamlit is imported until
the server starts, so that these checks answer at once.
"""

from __future__ import annotations

import errno
import os
import socket
import sys
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from journeymap.errors import JourneyFileError
from journeymap.ui.access import LOGIN_NEEDS_AUTHLIB, authlib_installed, start_key, start_login, start_rule
from journeymap.store.backend import StoreUnavailable
from journeymap.store.opening import DATABASE_ENV, is_database_url
from journeymap.store.workspace import OPEN_ENV, WORKSPACE_ENV

__all__ = ["APP_SCRIPT", "DEFAULT_HOST", "DEFAULT_PORT", "database_problem", "port_problem", "run_app",
           "start_file_problems", "streamlit_arguments"]

#: The app script, shipped inside the package so that `journeymap app` works wherever it is installed.
APP_SCRIPT = Path(__file__).with_name("streamlit_app.py")
#: Only this computer can open the app unless ``--host`` says otherwise (``0.0.0.0``: the whole network).
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8501
#: What a running Streamlit server answers "ok" on.
HEALTH_PATH = "/_stcore/health"
_ALL_ADDRESSES = ("0.0.0.0", "::", "")


def run_app(file: str | None = None, workspace: str | None = None, port: int = DEFAULT_PORT,
            host: str = DEFAULT_HOST, database: str | None = None, trusted_network: bool = False) -> int:
    """Check the start file, the database and the port, then serve the app until stopped; returns an exit code.

    1 when the start file is not a journey, the database cannot be opened or the port cannot be used
    (nothing is started then), else 0 once the server has stopped (Ctrl-C, SIGTERM) or Streamlit's
    own exit code. ``database`` reaches the server as ``$JOURNEYMAP_DATABASE_URL``.
    On an address other computers can reach, the app needs the team's access key or Streamlit's
    login (or ``trusted_network``): see :func:`journeymap.ui.access.start_rule`; a login set up
    without the Authlib package it needs is refused everywhere.
    """
    key, login = start_key(), start_login()
    refused, warning = start_rule(host, trusted_network, key, login)
    if login is not None and not authlib_installed():  # st.login would fail on the first visitor's click
        refused = LOGIN_NEEDS_AUTHLIB
    if refused:
        print(f"journeymap: {refused}", file=sys.stderr)
        return 1
    problems = start_file_problems(file) if file else []
    if problems:
        for line in problems:
            print(f"journeymap: {line}", file=sys.stderr)
        print("journeymap: the app was not started; give it a journey file, or no file to start with a sample",
              file=sys.stderr)
        return 1
    if database:
        problem, where = database_problem(database)
        if problem:
            print(f"journeymap: {problem}", file=sys.stderr)
            print("journeymap: the app was not started", file=sys.stderr)
            return 1
    taken = port_problem(host, port)
    if taken:
        print(f"journeymap: {taken}", file=sys.stderr)
        return 1
    if warning:
        print(f"journeymap: {warning}", file=sys.stderr, flush=True)
    if login is not None:
        print(f"journeymap: visitors log in with {login.label}", flush=True)
    if key:
        print("journeymap: visitors are asked for the team's access key", flush=True)
    if database:
        os.environ[DATABASE_ENV] = database
        print(f"journeymap: journeys and their history are kept in {where}", flush=True)
    if workspace:
        os.environ[WORKSPACE_ENV] = str(Path(workspace).resolve())
    if file:
        os.environ[OPEN_ENV] = str(Path(file).resolve())
    print(f"journeymap: {address_text(host, port)} (Ctrl-C here stops the app)", flush=True)
    return _serve(streamlit_arguments(host, port))


def start_file_problems(file: str) -> list[str]:
    """What is wrong with a start file, one line each; empty for a journey in a format journeymap reads.

    The file is read as the app will read it: by its extension, any other name as a JSON journey.

    Examples
    --------
    >>> start_file_problems("no_such_journey.json")
    ['no_such_journey.json: no such file']
    """
    from journeymap.formats import UnknownFormatError, file_format, read_journey

    try:
        read_journey(file, unknown_as_json=True)
    except JourneyFileError as error:
        problems = list(error.lines())
    else:
        return []
    if Path(file).is_file():
        try:
            file_format(file)
        except UnknownFormatError as error:  # read as JSON for want of a known extension: say what is read
            problems.append(str(error))
    return problems


def database_problem(url: str) -> tuple[str | None, str]:
    """Why the database at ``url`` cannot keep the app's journeys (None: it can), and where it is for
    people; both without the password. Opening it brings its tables up to date, as the app would.

    Examples
    --------
    >>> database_problem("journeys")[0]
    "'--database' takes a database URL such as sqlite:///team.db or postgresql+psycopg://user@host/db; for a folder, use --workspace"
    """
    if not is_database_url(url):
        return ("'--database' takes a database URL such as sqlite:///team.db or postgresql+psycopg://user@host/db; "
                "for a folder, use --workspace"), ""
    from journeymap.store.sql import SqlStore  # SQLAlchemy is loaded only when a database is asked for

    try:
        store = SqlStore(url)
    except StoreUnavailable as error:  # its sentence hides the password
        return str(error), ""
    try:
        return None, store.describe()
    finally:
        store.close()


def port_problem(host: str, port: int) -> str | None:
    """Why the app cannot listen on ``host:port`` (what probably holds the port and what to do), or None."""
    try:
        family, _, _, _, address = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                                      flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as error:
        return f"cannot serve on '{host}': {error.strerror or error}; give --host an address of this computer"
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        if os.name != "nt":  # as the server itself does: a port whose last connections are closing is free
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                return f"cannot serve on {host}:{port}: {error.strerror or error}"
        else:
            return None
    holder = "another journeymap or Streamlit app" if _streamlit_answers(host, port) else "another program"
    return (f"port {port} is already in use by {holder}. "
            f"Start this app on another port with --port, for example: journeymap app --port {port + 1}")


def _streamlit_answers(host: str, port: int) -> bool:
    """Whether a Streamlit server answers its health check on that port."""
    target = "127.0.0.1" if host in _ALL_ADDRESSES else host
    if ":" in target:
        target = f"[{target}]"
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # this computer: never via a proxy
    try:
        with opener.open(f"http://{target}:{port}{HEALTH_PATH}", timeout=2) as response:
            return response.read(16).strip() == b"ok"
    except (OSError, ValueError):  # refused, timed out, not HTTP (urllib's errors are OSErrors)
        return False


def address_text(host: str, port: int) -> str:
    """Where to open the app, for the terminal.

    Examples
    --------
    >>> address_text("127.0.0.1", 8501)
    'open http://127.0.0.1:8501 in your browser'
    """
    if host in _ALL_ADDRESSES:
        return (f"open http://localhost:{port} in your browser; other devices on this network open "
                f"http://{socket.gethostname()}:{port} or this computer's network address, port {port}")
    shown = f"[{host}]" if ":" in host else host
    return f"open http://{shown}:{port} in your browser"


def streamlit_arguments(host: str, port: int) -> list[str]:
    """The ``streamlit`` command line that serves the app."""
    return ["run", str(APP_SCRIPT), f"--server.port={port}", f"--server.address={host}",
            "--browser.gatherUsageStats=false",
            # a workshop tool, not a developer's notebook: no Deploy button or developer menu
            "--client.toolbarMode=minimal"]


def _serve(arguments: Sequence[str]) -> int:
    """Run Streamlit's command line in this process until the server stops."""
    import click
    from streamlit.web import cli as streamlit_cli

    try:
        streamlit_cli.main(args=list(arguments), prog_name="streamlit", standalone_mode=False)
    except SystemExit as exit_:  # Streamlit ends some errors with sys.exit
        return exit_.code if isinstance(exit_.code, int) else 1
    except (KeyboardInterrupt, click.exceptions.Abort):  # a Ctrl-C before Streamlit's handler was in place
        return 0
    except click.ClickException as error:  # Streamlit's command line refused an option
        error.show()
        return error.exit_code
    except Exception as error:  # noqa: BLE001 - e.g. conflicting Streamlit settings: a message, not a traceback
        print(f"journeymap: the app could not start: {error}", file=sys.stderr)
        return 1
    return 0
