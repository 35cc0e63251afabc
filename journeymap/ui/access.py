"""Who may see the app's journeys when it is served beyond this computer: the team's access key,
or Streamlit's own login (``st.login``) where ``.streamlit/secrets.toml`` sets one up.

Two halves, one rule (see docs/app.md, "Running the app for a team on a network"):

- at start (:func:`start_rule`, used by ``journeymap app``): an app served on an address other
  computers can reach needs a key of at least :data:`MIN_KEY_LENGTH` characters or a configured
  login, unless the person starting it says the network is trusted (``--trusted-network``);
- in the app (:func:`require_access`, the first thing the page does): while a login is configured,
  nothing of the workspace is drawn until the visitor has logged in; while a key is configured,
  nothing until the visitor has typed it (both, when both are set).

Everyone shares the one key, and everyone who can log in gets in: there are no roles. The key is
never printed, put in the address or logged. Streamlit is imported only inside the functions that
run in the app, because ``journeymap app`` reads this module before any server is started.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import ipaddress
import os
import time
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ACCESS_KEY_ENV", "LOGIN_NEEDS_AUTHLIB", "MIN_KEY_LENGTH", "Login", "authlib_installed", "is_loopback",
           "key_matches", "key_problem", "logged_in", "login_in", "require_access", "require_access_key", "start_key",
           "start_login", "start_rule", "user_name"]

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
#: What Streamlit's ``st.login`` checks before it sends anyone to the provider (streamlit/auth_util.py,
#: ``validate_auth_credentials``): ``[auth]`` with these two, and a provider with the other three,
#: either in ``[auth]`` itself (the default provider) or in a section of its own such as ``[auth.google]``.
AUTH_SECTION, AUTH_KEYS = "auth", ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
LOGIN_NEEDS_AUTHLIB = ("Streamlit's login is set up in .streamlit/secrets.toml ([auth]), but it needs the Authlib "
                       'package, which is not installed: run pip install "streamlit[auth]" (or install '
                       '"journeymap[login]"), then start the app again')
LOGIN_TEXT = "Log in with your team's account to open the workspace."


@dataclass(frozen=True)
class Login:
    """Streamlit's login as the secrets set it up: the providers to offer, None for the default one."""

    providers: tuple[str | None, ...]

    @property
    def label(self) -> str:
        """The providers for people: ``google``, or ``the configured login`` for the default one."""
        return " or ".join(provider or "the configured login" for provider in self.providers)


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


def _sets(section: object, keys: tuple[str, ...]) -> bool:
    """Whether ``section`` is a table giving each of ``keys`` a text that is not empty."""
    return isinstance(section, Mapping) and all(isinstance(section.get(key), str) and section[key] for key in keys)


def login_in(secrets: Mapping[str, Any]) -> Login | None:
    """Streamlit's login as a parsed secrets mapping sets it up, or None when it does not (completely).

    An empty value counts as missing; a provider name with ``_`` is left out, as ``st.login`` refuses it.

    Examples
    --------
    >>> shared = {"redirect_uri": "https://journeys.example.org/oauth2callback", "cookie_secret": "x" * 32}
    >>> provider = {"client_id": "id", "client_secret": "secret",
    ...             "server_metadata_url": "https://accounts.google.com/.well-known/openid-configuration"}
    >>> login_in({"auth": {**shared, **provider}})
    Login(providers=(None,))
    >>> login_in({"auth": {**shared, "google": provider}}).label
    'google'
    >>> login_in({"auth": {**shared, "google": provider, "okta": provider}}).providers
    ('google', 'okta')
    >>> [login_in(secrets) for secrets in ({}, {"auth": provider}, {"auth": {**shared, "google": {"client_id": "id"}}},
    ...                                    {"auth": {**shared, **provider, "cookie_secret": ""}})]
    [None, None, None, None]
    """
    auth = secrets.get(AUTH_SECTION)
    if not isinstance(auth, Mapping) or not _sets(auth, AUTH_KEYS):
        return None
    providers: list[str | None] = [None] if _sets(auth, PROVIDER_KEYS) else []
    providers += [name for name, section in auth.items() if "_" not in name and _sets(section, PROVIDER_KEYS)]
    return Login(tuple(providers)) if providers else None


def _start_secrets(folder: Path | None) -> Mapping[str, Any]:
    """``.streamlit/secrets.toml`` in ``folder`` (the working directory) as Streamlit will read it; {} if none."""
    path = (folder or Path.cwd()) / SECRETS_FILE
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError):  # no file, or one Streamlit itself will complain about
        return {}


def start_login(folder: Path | None = None) -> Login | None:
    """The login the server will ask for, as seen at start in ``.streamlit/secrets.toml`` (see :func:`start_key`).

    Examples
    --------
    >>> start_login(Path("/no/such/folder")) is None
    True
    """
    return login_in(_start_secrets(folder))


def authlib_installed() -> bool:
    """Whether the Authlib package that ``st.login`` needs (Streamlit's ``auth`` extra) can be imported."""
    return importlib.util.find_spec("authlib") is not None


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
    return _from_secrets(_start_secrets(folder))


def start_rule(host: str, trusted_network: bool, key: str | None,
               login: Login | None = None) -> tuple[str | None, str | None]:
    """Whether the app may start on ``host``: (why not, None) or (None, a warning or None).

    A configured ``login`` lets it start as a key does; a key set beside it is still checked.

    Examples
    --------
    >>> start_rule("127.0.0.1", False, None)
    (None, None)
    >>> start_rule("0.0.0.0", False, "blue spoon diner 2026")
    (None, None)
    >>> start_rule("0.0.0.0", False, "short")
    ('choose an access key of at least 12 characters; the app was not started', None)
    >>> start_rule("0.0.0.0", False, None, Login(("google",)))
    (None, None)
    >>> start_rule("0.0.0.0", False, "short", Login(("google",)))[0]
    'choose an access key of at least 12 characters; the app was not started'
    >>> start_rule("0.0.0.0", True, None)[1]
    'warning: no access key (--trusted-network): everyone who can reach this computer sees and edits every journey'
    """
    if key is not None:  # a key given is honoured, on this computer too: then it must be a good one
        problem = key_problem(key)
        return (f"{problem}; the app was not started" if problem else None), None
    if login is not None or is_loopback(host):
        return None, None
    if trusted_network:
        return None, ("warning: no access key (--trusted-network): everyone who can reach this computer "
                      "sees and edits every journey")
    return (f"the app would show every journey to anyone who can reach {host or 'this computer'}, so it was not "
            f"started. Set a team access key of at least {MIN_KEY_LENGTH} characters in {ACCESS_KEY_ENV} "
            "(for example: JOURNEYMAP_ACCESS_KEY='a long phrase' journeymap app --host 0.0.0.0), "
            "set up Streamlit's login in .streamlit/secrets.toml (docs/app.md), "
            "or pass --trusted-network to run without either on a network you trust"), None


def configured_key() -> str | None:
    """The key this server asks for, read on every run: ``$JOURNEYMAP_ACCESS_KEY``, else Streamlit's
    secrets ``[journeymap] access_key``; None when neither is set (the app is open)."""
    key = os.environ.get(ACCESS_KEY_ENV, "")
    return key or _from_secrets(_app_secrets())


def _app_secrets() -> Mapping[str, Any]:
    """Streamlit's secrets, read afresh; {} when there are none (asking ``st.secrets`` would raise)."""
    import streamlit as st

    return st.secrets if st.secrets.load_if_toml_exists() else {}


def logged_in() -> bool:
    """Whether the visitor has logged in through Streamlit's login (never without a configured one)."""
    import streamlit as st

    # .get: st.user has no is_logged_in at all where no [auth] section reached Streamlit's own secrets
    return st.user.get("is_logged_in") is True


def user_name() -> str:
    """The logged-in visitor's name as the provider gives it, else their email; "" when nobody logged in."""
    import streamlit as st

    if not logged_in():
        return ""
    claims = (st.user.get(claim) for claim in ("name", "email"))
    return next((claim.strip() for claim in claims if isinstance(claim, str) and claim.strip()), "")


def require_access() -> None:
    """Stop the page until the visitor has logged in (when a login is configured) and typed the team's
    key (when one is set); nothing when neither is."""
    login = login_in(_app_secrets())
    if login is not None:  # first: logging in leaves for the provider and comes back in a new session,
        _require_login(login)  # which would have forgotten a key typed before
    require_access_key()


def _require_login(login: Login) -> None:
    """A heading, one sentence and a Log in button (one per provider) until the visitor has logged in."""
    import streamlit as st

    if logged_in():
        return
    st.markdown("#### journeymap")
    st.markdown(LOGIN_TEXT)
    for provider in login.providers:
        label = "Log in" if provider is None or len(login.providers) == 1 else f"Log in with {provider}"
        st.button(label, key=f"log_in_{provider or 'default'}", on_click=st.login, args=(provider,))
    st.stop()


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
