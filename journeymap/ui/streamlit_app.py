"""The Streamlit script; `app.py` at the top of the repository runs the same page."""

from journeymap.ui.page import render_page

render_page()
