"""The Streamlit script `journeymap app` runs; `app.py` at the top of the repository runs the same page."""

from journeymap.ui.page import render_app

render_app()
