"""The course's persistent Dagster instance, shared by the notebooks and `dagster dev`."""

import os
from functools import cache
from pathlib import Path

import dagster as dg

from course_lib import settings

DAGSTER_YAML = """\
# The course's Dagster instance: runs from the notebooks and from `dagster dev` land here.
telemetry:
  enabled: false
"""


def ensure_dagster_home() -> Path:
    """Create DAGSTER_HOME with its dagster.yaml if missing, export it, and return it."""
    home = settings.dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    if not config.exists():
        config.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def course_instance() -> dg.DagsterInstance:
    """The persistent instance in DAGSTER_HOME (default data/dagster_home), made on first use."""
    return _instance_at(ensure_dagster_home())


@cache
def _instance_at(home: Path) -> dg.DagsterInstance:
    # One instance per folder and process: each holds its own sqlite connections.
    return dg.DagsterInstance.from_config(str(home))
