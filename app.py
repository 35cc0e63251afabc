"""journeymap's workshop app: `streamlit run app.py` (or `make run`, or `journeymap app`)."""

from journeymap.ui.page import render_page

render_page()
