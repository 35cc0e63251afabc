"""The team's access key: who may see the app's journeys when it is served beyond this computer.

Two halves, one rule (see docs/app.md, "Running the app for a team on a network"):

- at start (:func:`start_rule`, used by ``journeymap app``): an app served on an address other
  computers can reach needs a key of at least :data:`MIN_KEY_LENGTH` characters, unless the person
  starting it says the network is trusted (``--trusted-network``);
- in the app (:func:`require_access_key`, the first thing the page does): while a key is configured,
  nothing of the workspace is drawn until the visitor has typed it.

Everyone shares the one key: there are no per-person accounts or roles. The key is never printed,
put in the address or logged. Streamlit is imported only inside :func:`require_access_key` and
:func:`configured_key`, because ``journeymap app`` reads this module before any server is started.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import time
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["ACCESS_KEY_ENV", "MIN_KEY_LENGTH", "is_loopback", "key_matches", "key_problem", "require_access_key",
           "start_key", "start_rule"]

#: Where the team's key is given to the server.
ACCESS_KEY_ENV = "JOURNEYMAP_ACCESS_KEY"
#: Streamlit's secrets: ``[journeymap]`` ``access_key = "..."`` in ``.streamlit/secrets.toml``.
SECRETS_SECTION, SECRETS_NAME = "journeymap", "access_key"
SECRETS_FILE = Path(".streamlit") / "secrets.toml"
#: A shorter key is refused: a few characters are guessed in minutes, even one guess a second.
MIN_KEY_LENGTH = 12
#: How long a wrong key holds its visitor back, so that keys cannot be tried quickly one after another.
WRONG_KEY_SECONDS = 1.0
WRONG_KEY_TEXT = "That is not the team's access key."
SHORT_KEY_TEXT = f"choose an access key of at least {MIN_KEY_LENGTH} characters"
#: ``session_state`` entry: a digest of the key this session typed (never the key itself).
_GRANTED = "access_granted"


def is_loopback(host: str) -> bool:
    """Whether ``host`` can be reached from this computer only.

    Examples
    --------
    >>> [is_loopback(host) for host in ("127.0.0.1", "127.8.0.1", "::1", "localhost", "0.0.0.0", "", "10.0.0.5")]
    [True, True, True, True, False, False, False]
    """
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a name such as "shop-laptop" (or "" for every address): others may reach it
        return False


def key_problem(key: str) -> str | None:
    """Why ``key`` cannot be the team's key (None: it can). The message never repeats the key.

    Examples
    --------
    >>> key_problem("secret")
    'choose an access key of at least 12 characters'
    >>> key_problem("blue spoon diner 2026") is None
    True
    """
    return SHORT_KEY_TEXT if len(key) < MIN_KEY_LENGTH else None


def key_matches(typed: str, key: str) -> bool:
    """Whether the visitor typed the key; in constant time, so timing does not tell how much was right.

    Examples
    --------
    >>> key_matches("blue spoon diner", "blue spoon diner"), key_matches("blue spoon", "blue spoon diner")
    (True, False)
    """
    return hmac.compare_digest(typed.encode("utf-8"), key.encode("utf-8"))


def _from_secrets(secrets: Mapping[str, Any]) -> str | None:
    """The key in a parsed secrets mapping (``[journeymap] access_key``), or None."""
    section = secrets.get(SECRETS_SECTION)
    value = section.get(SECRETS_NAME) if isinstance(section, Mapping) else None
    return value if isinstance(value, str) and value else None


def start_key(folder: Path | None = None) -> str | None:
    """The key the server will ask for, as seen at start: ``$JOURNEYMAP_ACCESS_KEY``, else
    ``.streamlit/secrets.toml`` in ``folder`` (the working directory). Other places Streamlit
    reads secrets from (``~/.streamlit``, ``secrets.files``) are not looked at here.

    Examples
    --------
    >>> start_key(Path("/no/such/folder")) is None or ACCESS_KEY_ENV in os.environ
    True
    """
    key = os.environ.get(ACCESS_KEY_ENV, "")
    if key:
        return key
    path = (folder or Path.cwd()) / SECRETS_FILE
    try:
        with path.open("rb") as file:
            return _from_secrets(tomllib.load(file))
    except (OSError, tomllib.TOMLDecodeError):  # no file, or one Streamlit itself will complain about
        return None


def start_rule(host: str, trusted_network: bool, key: str | None) -> tuple[str | None, str | None]:
    """Whether the app may start on ``host``: (why not, None) or (None, a warning or None).

    Examples
    --------
    >>> start_rule("127.0.0.1", False, None)
    (None, None)
    >>> start_rule("0.0.0.0", False, "blue spoon diner 2026")
    (None, None)
    >>> start_rule("0.0.0.0", False, "short")
    ('choose an access key of at least 12 characters; the app was not started', None)
    >>> start_rule("0.0.0.0", True, None)[1]
    'warning: no access key (--trusted-network): everyone who can reach this computer sees and edits every journey'
    """
    if key is not None:  # a key given is honoured, on this computer too: then it must be a good one
        problem = key_problem(key)
        return (f"{problem}; the app was not started" if problem else None), None
    if is_loopback(host):
        return None, None
    if trusted_network:
        return None, ("warning: no access key (--trusted-network): everyone who can reach this computer "
                      "sees and edits every journey")
    return (f"the app would show every journey to anyone who can reach {host or 'this computer'}, so it was not "
            f"started. Set a team access key of at least {MIN_KEY_LENGTH} characters in {ACCESS_KEY_ENV} "
            "(for example: JOURNEYMAP_ACCESS_KEY='a long phrase' journeymap app --host 0.0.0.0), "
            "or pass --trusted-network to run without one on a network you trust"), None


def configured_key() -> str | None:
    """The key this server asks for, read on every run: ``$JOURNEYMAP_ACCESS_KEY``, else Streamlit's
    secrets ``[journeymap] access_key``; None when neither is set (the app is open)."""
    import streamlit as st

    key = os.environ.get(ACCESS_KEY_ENV, "")
    if key:
        return key
    if not st.secrets.load_if_toml_exists():  # no secrets file: asking st.secrets would raise
        return None
    return _from_secrets(st.secrets)


def _digest(key: str) -> str:
    """What a session remembers of the key: enough to notice the key was changed, useless to a reader."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def require_access_key() -> None:
    """Ask for the team's key and stop the page until the session has typed it; nothing when no key is set.

    A refresh of the browser tab starts a new session, which asks again.
    """
    import streamlit as st

    key = configured_key()
    if key is None or st.session_state.get(_GRANTED) == _digest(key):
        return
    st.markdown("#### journeymap")
    with st.form("access_key_form"):
        typed = st.text_input("Team access key", type="password")
        sent = st.form_submit_button("Open the workspace")
    if sent:
        if key_matches(typed, key):
            st.session_state[_GRANTED] = _digest(key)
            st.rerun()  # draw the workspace afresh, without the form
        time.sleep(WRONG_KEY_SECONDS)  # only a wrong key waits: trying keys one after another is slow
        st.error(WRONG_KEY_TEXT)
    st.stop()
