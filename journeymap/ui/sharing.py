"""Sharing: download the journey file, and the annotated map as an image made only when asked."""

from __future__ import annotations

import logging

import streamlit as st

from journeymap.ui import computed, state
from journeymap.ui.text import message
from journeymap.ui.workspace import OpenedFile

__all__ = ["IMAGE_FORMATS", "downloads"]

_log = logging.getLogger(__name__)
IMAGE_FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}


def downloads(opened: OpenedFile) -> None:
    """The journey as JSON at once; PNG, SVG or PDF of the map after pressing "Make image"."""
    st.subheader("The journey file")
    st.text("The saved journey, to keep in git, mail to a colleague or open in another journeymap.")
    st.download_button("Download journey (JSON)", opened.text.encode("utf-8"), file_name=f"{opened.name}.json",
                       mime="application/json", key="download_json", icon=":material/download:", on_click="ignore")

    st.subheader("The map as an image")
    left, right = st.columns([2, 3], vertical_alignment="bottom")
    image_format = left.segmented_control("Format", list(IMAGE_FORMATS), default="png", key="image_format",
                                          format_func=str.upper, required=True)
    if right.button("Make image", key="make_image", type="primary"):
        _make_image(opened, image_format)
    made = st.session_state.get("image")
    if made and made[0] == opened.text and made[1] == image_format:
        st.download_button(f"Download map ({image_format.upper()})", made[2], file_name=f"{opened.name}.{image_format}",
                           mime=IMAGE_FORMATS[image_format], key="download_image", icon=":material/download:",
                           on_click="ignore")
    elif made and made[0] == opened.text and made[1] is None:
        message("Images can be made once the export part of journeymap is installed.", "info")


def _make_image(opened: OpenedFile, image_format: str) -> None:
    fit, risk = state.thresholds()
    with st.spinner(f"Drawing the map as {image_format.upper()} …"):
        try:
            data = computed.image_for(opened.text, fit, risk, image_format, st.session_state["size_by"])
        except Exception as error:  # noqa: BLE001 - a failed drawing must not end the workshop
            _log.exception("drawing the image failed")
            message(f"The image could not be drawn ({type(error).__name__}: {error}). The journey file "
                    "download still works; the server log has the details.", "error")
            return
    st.session_state["image"] = (opened.text, image_format if data is not None else None, data)
