"""The team's access key: the app shows nothing of the workspace until it is typed, and
`journeymap app` refuses to serve beyond this computer without one (unless told the network is trusted)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from journeymap.cli import main
from journeymap.ui import access, launch
from tests.test_app import html

KEY = "blue spoon diner 2026"  # 21 characters: long enough


@pytest.fixture
def no_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """A wrong key waits a second in real use; not in the tests."""
    monkeypatch.setattr(access, "WRONG_KEY_SECONDS", 0)


@pytest.fixture
def keyed(monkeypatch: pytest.MonkeyPatch, no_delay: None) -> str:
    monkeypatch.setenv(access.ACCESS_KEY_ENV, KEY)
    return KEY


def everything_shown(app: Any) -> str:
    """Every text the page shows: HTML, Markdown, captions, titles, widget labels and choices, the sidebar."""
    parts = [html(app)]
    parts += [element.value for kind in ("markdown", "caption", "title", "header", "subheader", "error", "info")
              for element in getattr(app, kind)]
    parts += [" ".join(map(str, box.options)) + box.label for box in app.selectbox]
    parts += [str(element) for element in app.sidebar]
    return "\n".join(parts)


def gate_is_shown(app: Any) -> None:
    [field] = app.text_input
    assert field.label == "Team access key"
    assert field.proto.type == field.proto.PASSWORD  # dots, not letters, on a projected screen
    shown = everything_shown(app)
    assert "Tiny café" not in shown and "tiny" not in shown.lower()  # neither its title nor its name in the workspace
    assert "Blue Spoon" not in shown  # nor the sample
    assert not app.selectbox and not app.tabs and not app.sidebar.children  # no journey list, no tabs, no sidebar


def type_key(app: Any, typed: str) -> Any:
    app.text_input[0].input(typed)
    [submit] = app.button
    submit.click()
    return app.run()


# --- the app -----------------------------------------------------------------------------------

def test_with_a_key_the_first_run_shows_only_the_key_field(keyed: str, tiny_file: Path, workspace: Path,
                                                           start_app: Any) -> None:
    app = start_app("tiny")
    gate_is_shown(app)
    assert sorted(path.name for path in workspace.iterdir()) == ["tiny.json"]  # no sample copied in either


def test_a_wrong_key_is_told_and_still_shows_nothing(keyed: str, tiny_file: Path, start_app: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    # the wrong key's wait, told apart from AppTest's own short sleeps by an odd length
    waits: list[float] = []
    real_sleep, odd = access.time.sleep, 0.000123
    monkeypatch.setattr(access, "WRONG_KEY_SECONDS", odd)
    monkeypatch.setattr(access.time, "sleep",
                        lambda seconds: waits.append(seconds) if seconds == odd else real_sleep(seconds))
    app = start_app("tiny")
    assert waits == []  # showing the field costs no wait
    app = type_key(app, KEY[:-1])  # all but the last character
    assert not app.exception, app.exception
    assert [error.value for error in app.error] == ["That is not the team's access key."]
    assert waits == [odd]  # the wrong key waited, once
    gate_is_shown(app)


def test_the_right_key_opens_the_app_for_the_session(keyed: str, tiny_file: Path, start_app: Any) -> None:
    app = type_key(start_app("tiny"), KEY)
    assert not app.exception, app.exception
    assert "Tiny café" in html(app)  # the journey's title
    assert not [field for field in app.text_input if field.label == "Team access key"]
    assert KEY not in everything_shown(app)
    app.run()  # a later run of the same session does not ask again
    assert "Tiny café" in html(app)


def test_a_key_in_streamlits_secrets_is_asked_for(tiny_file: Path, no_delay: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP_FILE

    monkeypatch.delenv(access.ACCESS_KEY_ENV, raising=False)
    app = AppTest.from_file(str(APP_FILE), default_timeout=60)
    app.secrets["journeymap"] = {"access_key": KEY}
    app.query_params["journey"] = "tiny"
    app.run()
    gate_is_shown(app)
    app = type_key(app, KEY)
    assert "Tiny café" in html(app)


def test_without_a_key_the_app_opens_at_once(tiny_file: Path, start_app: Any,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(access.ACCESS_KEY_ENV, raising=False)
    app = start_app("tiny")
    assert "Tiny café" in html(app)
    assert not [field for field in app.text_input if field.label == "Team access key"]


# --- the command line --------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[list[str]]:
    """Streamlit replaced by a recorder; no key set; run from a folder without .streamlit/secrets.toml."""
    for name in (launch.WORKSPACE_ENV, launch.OPEN_ENV, launch.DATABASE_ENV):
        monkeypatch.setenv(name, "")
    monkeypatch.delenv(access.ACCESS_KEY_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    starts: list[list[str]] = []
    monkeypatch.setattr(launch, "_serve", lambda arguments: starts.append(list(arguments)) or 0)
    return starts


def test_the_network_without_a_key_is_refused_saying_how(served: list[list[str]],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "--host", "0.0.0.0", "--port", str(free_port())]) == 1
    assert served == []  # no server started
    err = capsys.readouterr().err
    assert "JOURNEYMAP_ACCESS_KEY" in err and "--trusted-network" in err and "not started" in err


def test_a_trusted_network_starts_without_a_key_with_a_warning(served: list[list[str]],
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["app", "--host", "0.0.0.0", "--port", str(free_port()), "--trusted-network"]) == 0
    assert len(served) == 1
    assert "warning: no access key" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["0.0.0.0", "127.0.0.1"])
def test_a_short_key_is_refused_without_printing_it(served: list[list[str]], host: str,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(access.ACCESS_KEY_ENV, "open sesame")  # 11 characters: one too few
    assert main(["app", "--host", host, "--port", str(free_port())]) == 1
    assert served == []
    said = capsys.readouterr()
    assert "choose an access key of at least 12 characters" in said.err
    assert "open sesame" not in said.err + said.out


def test_a_good_key_starts_on_the_network_without_printing_it(served: list[list[str]],
                                                              monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv(access.ACCESS_KEY_ENV, KEY)
    assert main(["app", "--host", "0.0.0.0", "--port", str(free_port())]) == 0
    assert len(served) == 1
    said = capsys.readouterr()
    assert "asked for the team's access key" in said.out
    assert KEY not in said.err + said.out


def test_a_key_in_the_secrets_file_counts_at_start(served: list[list[str]], tmp_path: Path) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(f'[journeymap]\naccess_key = "{KEY}"\n', encoding="utf-8")
    assert main(["app", "--host", "0.0.0.0", "--port", str(free_port())]) == 0
    assert len(served) == 1


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1"])
def test_this_computer_needs_no_key(served: list[list[str]], host: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    port = free_port()
    code = main(["app", "--host", host, "--port", str(port)])
    if host == "::1" and code == 1 and "cannot serve" in capsys.readouterr().err:
        pytest.skip("this computer has no IPv6 loopback")
    assert code == 0
    assert len(served) == 1


# --- Streamlit's login (st.login) ----------------------------------------------------------------

SHARED = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "c" * 32}
PROVIDER = {"client_id": "journeymap", "client_secret": "s3cret",
            "server_metadata_url": "https://accounts.example.org/.well-known/openid-configuration"}
ANA = {"is_logged_in": True, "name": "Ana Lima", "email": "ana@example.org"}


def test_a_login_is_configured_only_when_st_login_would_accept_it() -> None:
    # each case by hand against streamlit/auth_util.py validate_auth_credentials
    assert access.login_in({"auth": {**SHARED, **PROVIDER}}) == access.Login((None,))  # the default provider
    assert access.login_in({"auth": {**SHARED, "google": PROVIDER}}) == access.Login(("google",))
    both = access.login_in({"auth": {**SHARED, **PROVIDER, "okta": PROVIDER}})
    assert both is not None and both.providers == (None, "okta") and both.label == "the configured login or okta"
    assert access.login_in({"auth": {**SHARED, "my_idp": PROVIDER}}) is None  # st.login refuses "_" in a name
    assert access.login_in({"auth": {"cookie_secret": "c" * 32, **PROVIDER}}) is None  # no redirect_uri
    assert access.login_in({"auth": {**SHARED, "google": {**PROVIDER, "client_secret": ""}}}) is None
    assert access.login_in({"auth": "yes"}) is None and access.login_in({"journeymap": {"access_key": KEY}}) is None


def test_a_login_lets_the_app_start_on_the_network_without_a_key() -> None:
    assert access.start_rule("0.0.0.0", False, None, access.Login(("google",))) == (None, None)
    assert access.start_rule("0.0.0.0", False, None, None)[0] is not None  # the same without it: refused


def write_login(folder: Path) -> None:
    (folder / ".streamlit").mkdir()
    (folder / ".streamlit" / "secrets.toml").write_text(
        '[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\ncookie_secret = "' + "c" * 32 + '"\n'
        '[auth.google]\nclient_id = "journeymap"\nclient_secret = "s3cret"\n'
        'server_metadata_url = "https://accounts.google.com/.well-known/openid-configuration"\n', encoding="utf-8")


def test_a_login_in_the_secrets_file_counts_at_start(served: list[list[str]], tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    write_login(tmp_path)
    monkeypatch.setattr(launch, "authlib_installed", lambda: True)
    assert main(["app", "--host", "0.0.0.0", "--port", str(free_port())]) == 0
    assert len(served) == 1
    assert "journeymap: visitors log in with google" in capsys.readouterr().out


@pytest.mark.parametrize("host", ["0.0.0.0", "127.0.0.1"])
def test_a_login_without_authlib_is_refused_saying_what_to_install(served: list[list[str]], tmp_path: Path,
                                                                   host: str, monkeypatch: pytest.MonkeyPatch,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    write_login(tmp_path)
    monkeypatch.setattr(launch, "authlib_installed", lambda: False)
    assert main(["app", "--host", host, "--port", str(free_port())]) == 1
    assert served == []
    err = capsys.readouterr().err
    assert 'pip install "streamlit[auth]"' in err and "s3cret" not in err


def login_app(user: dict[str, Any] | None = None, by: str | None = None) -> Any:
    """The app on the tiny journey with ``[auth.google]`` in its secrets, for ``user`` (AppTest's own default:
    an email and no ``is_logged_in``, so nobody logged in)."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import APP_FILE

    app = AppTest.from_file(str(APP_FILE), default_timeout=60)
    app.secrets["auth"] = {**SHARED, "google": PROVIDER}
    if user is not None:
        app.user = user
    app.query_params["journey"] = "tiny"
    if by is not None:
        app.query_params["by"] = by
    app.run()
    assert not app.exception, app.exception
    return app


def login_is_asked(app: Any) -> None:
    assert [button.label for button in app.button] == ["Log in"]
    assert [element.value for element in app.markdown] == ["#### journeymap", access.LOGIN_TEXT]
    shown = everything_shown(app)
    assert "Tiny café" not in shown and "tiny" not in shown.lower() and "Blue Spoon" not in shown
    assert not app.text_input and not app.selectbox and not app.tabs and not app.sidebar.children


def test_with_a_login_the_first_run_shows_only_the_log_in_button(tiny_file: Path, workspace: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit

    monkeypatch.delenv(access.ACCESS_KEY_ENV, raising=False)
    asked: list[str | None] = []
    monkeypatch.setattr(streamlit, "login", asked.append)  # the real one sends the browser to the provider
    app = login_app()
    login_is_asked(app)
    assert sorted(path.name for path in workspace.iterdir()) == ["tiny.json"]  # nothing copied in
    app.button[0].click().run()
    assert asked == ["google"]  # the one named provider


def test_a_logged_in_visitor_sees_the_workspace_under_their_name(tiny_file: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(access.ACCESS_KEY_ENV, raising=False)
    app = login_app(ANA)
    assert "Tiny café" in html(app)
    [name] = [field for field in app.text_input if field.label == "Your name (for the history)"]
    assert name.value == "Ana Lima"  # the provider's name is the default author
    assert login_app(ANA, by="Bo").text_input[0].value == "Bo"  # a name in the address still wins
    [log_out] = [button for button in app.sidebar.button if button.label == "Log out"]
    log_out.click().run()  # AppTest's st.logout leaves {"is_logged_in": False}
    login_is_asked(app)


def test_with_a_login_and_a_key_both_are_asked_for(keyed: str, tiny_file: Path) -> None:
    login_is_asked(login_app())  # the login first: nothing of the key either
    app = login_app(ANA)
    gate_is_shown(app)  # then the key
    assert "Tiny café" in html(type_key(app, KEY))
