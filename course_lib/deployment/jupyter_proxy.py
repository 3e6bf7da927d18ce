"""The Dagster UI inside JupyterLab: a "Dagster" tile in the launcher, the UI at <JupyterLab's URL>/dagster/.

jupyter-server-proxy finds `dagster_ui` through the `jupyter_serverproxy_servers` entry point (pyproject.toml).
On the first visit it starts the course's webserver and daemon (`python -m course_lib.deployment.dagster_dev
--path-prefix ...`) on a free port, and passes the UI through JupyterLab's own server, behind its token or
login: so the UI works wherever JupyterLab runs (a remote server, JupyterHub, Binder, Codespaces).
Stopping JupyterLab stops them.
"""

import sys
from pathlib import Path

ICON = Path(__file__).with_name("static") / "dagster_ui.svg"


def dagster_ui() -> dict:
    """jupyter-server-proxy's settings for the Dagster UI ({port} and {base_url} are filled in by it)."""
    return {
        "command": [
            sys.executable,
            "-m",
            "course_lib.deployment.dagster_dev",
            "--port",
            "{port}",
            "--path-prefix",
            "{base_url}dagster",
        ],
        "absolute_url": True,  # the webserver itself serves under the prefix
        "timeout": 120,  # loading the code location takes a while on a small machine
        "new_browser_tab": False,
        "launcher_entry": {"title": "Dagster", "icon_path": str(ICON), "category": "Other"},
    }
