"""The sidebar: open a journey (saved, sample, upload, new), undo and redo, and the settings."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from journeymap.errors import JourneyFileError
from journeymap.model.validation import journey_from_data
from journeymap.store import edits, workspace
from journeymap.store.backend import StoreUnavailable
from journeymap.ui import access, computed, state
from journeymap.ui.text import box, message
from journeymap.ui.views import SIZE_CHOICES

__all__ = ["author_section", "open_uploads", "open_section", "settings_section", "undo_section"]



def upload_limit_mb() -> int:
    """The largest journey file the app opens, in whole MB (read when asked: tests lower the limit)."""
    return max(1, -(-workspace.MAX_UPLOAD_BYTES // (1024 * 1024)))

UPLOAD_HELP = ("A journeymap file (.json), an Excel workbook or CSV tables made from journeymap's spreadsheet "
               "download (drop the touchpoints and connections CSV files together), or a Mermaid user journey "
               "(.mmd).")


def author_section() -> None:
    """The display name saved with each change, asked once per browser and kept in the address (``?by=``);
    a Log out button for a visitor logged in with Streamlit's login."""
    if access.logged_in():
        st.button("Log out", key="log_out", on_click=st.logout, type="tertiary", icon=":material/logout:")
    if "author_name" not in st.session_state:
        st.session_state["author_name"] = state.author()
    st.text_input("Your name (for the history)", key="author_name", max_chars=state.AUTHOR_LIMIT,
                  on_change=_keep_author, placeholder="Ana",
                  help="Saved with each of your changes, so the History tab says who changed what.")
    box(state.problems("author"), "error")


def _keep_author() -> None:
    """Keep the name typed in the address (a refresh keeps it); one the history cannot hold is refused."""
    name = str(st.session_state["author_name"]).strip()
    problem = state.author_problem(name)
    if problem is not None:
        state.set_problems("author", [f"Your name {problem}; your changes are saved without a name until then."])
        st.query_params.pop(state.AUTHOR_QUERY_KEY, None)
        return
    state.clear_problems("author")
    if name:
        st.query_params[state.AUTHOR_QUERY_KEY] = name
    else:
        st.query_params.pop(state.AUTHOR_QUERY_KEY, None)


def open_section() -> None:
    """Everything that puts a journey on screen."""
    st.header("Journey")
    saved = state.saved_names()
    opened = state.current()
    if saved:
        current_name = opened.name if opened and opened.name in saved else saved[0]
        choice_key = f"saved_choice_{current_name}"  # follows the journey on screen
        st.selectbox("Saved in the workspace", saved, index=saved.index(current_name), key=choice_key,
                     help="Every change is saved here as it happens.")
        st.button("Open", key="open_saved", on_click=_open_saved, args=(choice_key,), width="stretch")
    samples = {path.stem: path for path in workspace.sample_files()}
    if samples:
        # preselect the sample the open journey is a copy of ("diner-2" → diner): "Open a copy" then
        # starts that one afresh, not whichever sample sorts first
        stems = list(samples)
        copy_of = re.sub(r"-\d+$", "", opened.name) if opened else ""
        sample_key = f"sample_choice_{copy_of if copy_of in samples else 'other'}"
        st.selectbox("Sample journeys", stems, index=stems.index(copy_of) if copy_of in samples else 0,
                     key=sample_key, format_func=lambda stem: stem.replace("_", " ").capitalize())
        st.button("Open a copy of the sample", key="open_sample", on_click=_open_sample, args=(sample_key,),
                  width="stretch")
    upload_key = f"upload_{st.session_state['upload_version']}"
    # no type=: Streamlit then checks each name itself and raises on a NUL in one, in its own code before
    # any callback, which leaves the uploader broken until a reload; journeymap refuses other formats
    # itself, with the list of those it reads
    st.file_uploader(f"Upload a journey (up to {upload_limit_mb()} MB)", key=upload_key,
                     max_upload_size=upload_limit_mb(), on_change=_on_upload, args=(upload_key,),
                     accept_multiple_files=True, help=UPLOAD_HELP)
    st.download_button("Spreadsheet template (.xlsx)", computed.spreadsheet_template(), icon=":material/table:",
                       file_name="journey_template.xlsx", key="download_template", on_click="ignore",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", width="stretch",
                       help="Every sheet and heading journeymap reads, with a short example to replace: prepare a "
                            "journey in Excel, then upload it here.")
    with st.expander("Start a new journey", expanded=opened is None, key="new_journey_expander"):
        with st.form("new_journey_form", border=False, clear_on_submit=False):
            st.text_input("Title", key="new_title", max_chars=200, placeholder="Booking a haircut")
            st.text_input("Persona", key="new_persona", max_chars=120, placeholder="Sam, a busy parent")
            st.text_area("Stages, one per line, in order", "Discover\nBook\nVisit\nPay\nAfter", key="new_stages",
                         height=140)
            st.form_submit_button("Create journey", type="primary", on_click=_create_journey, key="create_journey")
    box(state.problems("open"), "error")
    box(state.problems("upload"), "error")
    box(state.problems("new_journey"), "error")
    if opened is not None:
        kept_in = _kept_in(opened.name)
        st.caption("Every change is saved at once, with its history, to")
        st.code(kept_in, language=None)
        # one expander per journey: after a removal the next journey's starts folded, so "Remove it" is
        # not left open one click from removing that one too
        with st.expander("Remove this journey from the workspace", key=f"remove_expander_{opened.name}"):
            st.text(_removal_words())
            st.button("Remove it", key="remove_journey", on_click=_remove_current, icon=":material/delete:",
                      width="stretch")


def _kept_in(name: str) -> str:
    """Where the open journey is saved: its file in the workspace folder, or the database (no password)."""
    if state.in_database():
        try:
            return state.store().describe()
        except StoreUnavailable as error:
            return str(error)
    path = workspace.journey_path(state.folder(), name)
    return f"{path.parent.name}/{path.name}"


def _removal_words() -> str:
    if state.in_database():
        return ("Takes it off the list. Nothing is deleted: its history is kept in the database, and saving a "
                "journey under the same name brings it back.")
    return (f"Takes it off the list. Nothing is deleted: its history is kept, and the file moves to "
            f"{state.folder().name}/{workspace.REMOVED_FOLDER}/, from where it can be uploaded again.")


def _remove_current() -> None:
    """Remove the journey on screen and say which one shows now: an edited copy often has the same
    title, so without it the screen looks as if nothing happened."""
    removed = state.current()
    state.remove_current()
    now = state.current()
    if removed is not None and now is not None and now.name != removed.name:
        state.notify(f"Now showing “{now.name}” ({now.journey.title}).")


def _open_saved(choice_key: str) -> None:
    choice = st.session_state.get(choice_key)
    if choice:
        state.open_journey(choice)


def _open_sample(sample_key: str) -> None:
    path = workspace.SAMPLES_FOLDER / f"{st.session_state[sample_key]}.json"
    try:
        journey = workspace.read_upload(path.read_bytes(), path.name)
    except (OSError, JourneyFileError) as error:
        state.set_problems("open", error.lines() if isinstance(error, JourneyFileError) else [str(error)])
        return
    state.clear_problems("open")
    state.open_file(journey, path.stem, reuse=False, action="open a copy of the sample")


def open_uploads(files: dict[str, bytes]) -> bool:
    """Open uploaded files (one journey file, or the CSV tables of one journey) as a new workspace
    journey; on any problem keep the current map and leave the messages under ``upload``."""
    files = dict(zip(workspace.upload_names(list(files)), files.values(), strict=True))  # names as sent: any text
    label = ", ".join(files)
    try:
        journey = workspace.read_uploads(files)
    except JourneyFileError as error:
        # a bullet starts each problem: in the narrow sidebar each wraps over several lines
        state.set_problems("upload", [f"Could not open {label}; the map on screen is unchanged."]
                           + [f"• {problem}" for problem in error.problems[:20]]
                           + ([f"… and {len(error.problems) - 20} more problems."] if len(error.problems) > 20 else []))
        return False
    state.clear_problems("upload")
    wanted = workspace.slug(_upload_name(list(files)))
    name = state.open_file(journey, wanted, reuse=False, action=f"open {label}", scope="upload")
    if name is None:  # the workspace cannot be written: the message says why
        return False
    if name != wanted:
        # a download edited in a spreadsheet comes back under its old name: say the original is kept
        state.notify(f"Opened the upload as “{name}”: a journey called “{wanted}” is already in the workspace "
                     "and stays as it was.")
    else:
        state.notify(f"Opened the upload as “{name}”.")
    return True


def _upload_name(file_names: list[str]) -> str:
    """The workspace name of an upload: its file's stem; of CSV tables, the touchpoints' ("team" of
    team.csv and team.connections.csv)."""
    stems = [Path(name).stem for name in file_names]
    for stem in stems:
        if not stem.lower().endswith(("connections", "stages", "journey")):
            return re.sub(r"[.\-_]touchpoints$", "", stem, flags=re.IGNORECASE) or stem
    return stems[0]


def _on_upload(upload_key: str) -> None:
    uploaded = st.session_state.get(upload_key) or []
    if not isinstance(uploaded, list):
        uploaded = [uploaded]
    if not uploaded:
        return
    size = sum(file.size for file in uploaded)
    if size > workspace.MAX_UPLOAD_BYTES:
        state.set_problems("upload", [f"{', '.join(file.name for file in uploaded)}: {size / 1024 / 1024:.1f} MB; "
                                      f"the app opens journey files up to {upload_limit_mb()} MB. The map on screen "
                                      "is unchanged."])
    else:
        open_uploads({file.name: file.getvalue() for file in uploaded})
    # a fresh uploader, so the same file can be uploaded again after fixing it
    st.session_state["upload_version"] += 1


def _create_journey() -> None:
    values = st.session_state
    data = edits.new_journey_data(values["new_title"] or "", values["new_persona"] or "",
                                  (values["new_stages"] or "").splitlines())
    try:
        journey = journey_from_data(data)
    except JourneyFileError as error:
        state.set_problems("new_journey", [f"New journey: {problem}" for problem in error.problems])
        return
    state.clear_problems("new_journey")
    if state.open_file(journey, journey.title, reuse=False, action="create the journey", scope="new_journey") is None:
        return  # the form keeps what was typed
    state.notify("New journey created. Add its first touchpoint under Build.")
    # an empty form for the next one: pressing Create again must not make a copy of this journey
    values["new_title"] = ""
    values["new_persona"] = ""


def undo_section() -> None:
    """Undo and redo this tab's last edits."""
    left, right = st.columns(2)
    left.button("Undo", key="undo", on_click=state.undo, disabled=not st.session_state["undo_stack"],
                width="stretch", icon=":material/undo:")
    right.button("Redo", key="redo", on_click=state.redo, disabled=not st.session_state["redo_stack"],
                 width="stretch", icon=":material/redo:")
    box(state.problems("undo"), "warning")


def settings_section() -> None:
    """The thresholds of the automation advice and what the map's circle sizes show."""
    st.header("Settings")
    st.slider("Automation fit threshold", 0.0, 100.0, step=5.0, format="%.0f", key="fit_threshold",
              help="Steps scoring at least this on fit count as suited to automation.")
    st.slider("Empathy risk threshold", 0.0, 100.0, step=5.0, format="%.0f", key="risk_threshold",
              help="Steps scoring at least this on empathy risk need a person (keep human, or assist).")
    st.selectbox("Size of touchpoints on the map", list(SIZE_CHOICES), format_func=SIZE_CHOICES.__getitem__,
                 key="size_by")
    st.toggle("Fit the map to the screen width", key="fit_map",
              help="On: the whole journey at a glance, drawn smaller. Off: full size, easy to read on a wall; "
                   "scroll sideways.")
    if state.current() is None:
        message("Open a journey to see its map.", "info")
