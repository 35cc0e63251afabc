"""journeymap's workshop app: `make run`, `journeymap app [FILE]` or `streamlit run app.py`.

The screen (see journeymap/ui/page.py): a sidebar to open, upload or start a journey, undo, and set
the automation thresholds; the journey's title and persona; tabs Map, Build, Pain & moments,
Automation and Share. Every change is saved to the workspace folder as it happens.
"""

from journeymap.ui.page import render_app

render_app()
