"""Start the Streamlit app from the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

#: The app script, shipped inside the package so that `journeymap app` works wherever it is installed.
APP_SCRIPT = Path(__file__).with_name("streamlit_app.py")
WORKSPACE_ENV = "JOURNEYMAP_WORKSPACE"
OPEN_ENV = "JOURNEYMAP_OPEN"


def run_app(file: str | None = None, workspace: str | None = None, port: int = 8501) -> int:
    """Run ``streamlit run`` on the app script; returns Streamlit's exit code."""
    if file and not Path(file).is_file():
        print(f"journeymap: cannot open '{file}': no such file", file=sys.stderr)
        return 1
    environment = dict(os.environ)
    if workspace:
        environment[WORKSPACE_ENV] = str(Path(workspace).resolve())
    if file:
        environment[OPEN_ENV] = str(Path(file).resolve())
    command = [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT), "--server.port", str(port),
               "--browser.gatherUsageStats", "false",
               # a workshop tool, not a developer's notebook: no Deploy button or developer menu
               "--client.toolbarMode", "minimal"]
    try:
        return subprocess.call(command, env=environment)
    except KeyboardInterrupt:
        return 0
