"""Sharing: download the journey file, the same journey for spreadsheets and Mermaid, the annotated map as
an image and the workshop report; images and reports are made only when asked (they take a second)."""

from __future__ import annotations

import logging

import streamlit as st

from journeymap.errors import JourneyMapError
from journeymap.ui.computed import Figures
from journeymap.ui.text import markdown_text, message

__all__ = ["IMAGE_FORMATS", "OTHER_FORMATS", "REPORT_FORMATS", "downloads"]

_log = logging.getLogger(__name__)
IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
#: Made at once (milliseconds): extension → (button label, MIME type).
OTHER_FORMATS = {
    "xlsx": ("Excel workbook (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "zip": ("CSV tables (.zip)", "application/zip"),
    "mmd": ("Mermaid user journey (.mmd)", "text/plain"),
}
#: Made on request (they draw the map): extension → (name, MIME type).
REPORT_FORMATS = {"html": ("HTML", "text/html"), "md": ("Markdown", "text/markdown")}


def downloads(figures: Figures) -> None:
    """The journey as JSON at once; PNG, SVG or PDF of the map after pressing "Make image"."""
    opened = figures.opened
    st.subheader("The journey file")
    st.text("The saved journey, to keep in git, mail to a colleague or open in another journeymap.")
    st.download_button("Download journey (JSON)", opened.text.encode("utf-8"), file_name=f"{opened.name}.json",
                       mime="application/json", key="download_json", icon=":material/download:", on_click="ignore")

    st.subheader("For spreadsheets and other tools")
    st.text("The touchpoints and connections as tables to edit in Excel or another spreadsheet and upload again, "
            "or the customer's steps as a Mermaid diagram for GitHub and wikis (backstage steps are left out).")
    columns = st.columns(len(OTHER_FORMATS))
    for column, (extension, (label, mime)) in zip(columns, OTHER_FORMATS.items()):
        file_name = f"{opened.name}.{extension}"
        data = _export(figures, file_name)
        if data is not None:
            column.download_button(label, data[file_name], file_name=file_name, mime=mime,
                                   key=f"download_{extension}", icon=":material/download:", on_click="ignore",
                                   width="stretch")

    st.subheader("The map as an image")
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    image_format = left.segmented_control("Format", list(IMAGE_FORMATS), default="png", key="image_format",
                                          format_func=str.upper, required=True)
    if right.button("Make image", key="make_image", type="primary"):
        _make_image(figures, image_format)
    made = st.session_state["image"]
    if made and made[0] == figures.revision and made[1] == image_format:
        st.download_button(f"Download map ({image_format.upper()})", made[2], file_name=f"{opened.name}.{image_format}",
                           mime=IMAGE_FORMATS[image_format], key="download_image", icon=":material/download:",
                           on_click="ignore")

    st.subheader("The workshop report")
    st.text("What the team takes home: the map, the emotion curve, the key figures, pain points, moments of truth, "
            "the automation advice with its reasons and every sticky note. The HTML page stands alone and prints "
            "to PDF from the browser; the Markdown is for a wiki, with the map as a PNG beside it.")
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    report_format = left.segmented_control("Report format", list(REPORT_FORMATS), default="html", key="report_format",
                                           format_func=lambda extension: REPORT_FORMATS[extension][0], required=True)
    if right.button("Make report", key="make_report", type="primary"):
        with st.spinner("Writing the report and drawing its map …"):
            report = _export(figures, f"{opened.name}.{report_format}")
        if report is not None:
            st.session_state["report"] = (figures.revision, report_format, report)
    made = st.session_state["report"]
    if made and made[0] == figures.revision and made[1] == report_format:
        name, mime = REPORT_FORMATS[report_format]
        for index, (file_name, data) in enumerate(made[2].items()):
            is_image = file_name.endswith(".png")
            # a label is Markdown: "a._b_.png" would come out in italics
            st.download_button(f"Download map image for the report ({markdown_text(file_name)})" if is_image else
                               f"Download report ({name})", data, file_name=file_name,
                               mime="image/png" if is_image else mime, key=f"download_report_{index}",
                               icon=":material/download:", on_click="ignore")


def _export(figures: Figures, file_name: str) -> dict[str, bytes] | None:
    """The journey as ``file_name``'s format, or None after saying why it could not be made."""
    try:
        return figures.export(file_name)
    except JourneyMapError as error:  # the renderer stopped, or the journey is too big to draw: said plainly
        _log.warning("exporting %s failed: %s", file_name, error)
        message(f"{file_name} could not be made: {error} The journey file download still works.", "error")
        return None
    except Exception as error:  # noqa: BLE001 - one failed export must not take the page down
        _log.exception("exporting %s failed", file_name)
        message(f"{file_name} could not be made ({type(error).__name__}: {error}). The journey file download "
                "still works; the server log has the details.", "error")
        return None


def _make_image(figures: Figures, image_format: str) -> None:
    with st.spinner(f"Drawing the map as {image_format.upper()} …"):
        try:
            data = figures.image(image_format, st.session_state["size_by"])
        except JourneyMapError as error:  # the renderer stopped, or the journey is too big to draw: said plainly
            _log.warning("drawing the image failed: %s", error)
            message(f"{error} The journey file download still works.", "error")
            return
        except Exception as error:  # noqa: BLE001 - a failed drawing must not end the workshop
            _log.exception("drawing the image failed")
            message(f"The image could not be drawn ({type(error).__name__}: {error}). The journey file "
                    "download still works; the server log has the details.", "error")
            return
    st.session_state["image"] = (figures.revision, image_format, data)
