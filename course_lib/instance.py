"""The course's persistent Dagster instance, shared by the notebooks and `dagster dev`."""

import os
from pathlib import Path

import dagster as dg

from course_lib import settings

DAGSTER_YAML = """\
# The course's Dagster instance: runs from the notebooks and from `dagster dev` land here.
# Written by course_lib (instance.py); delete this first line to keep your own edits.
telemetry:
  enabled: false
# Runs launched by the webserver and daemon wait in a queue. Two at a time: one can make its month
# file while the other writes DuckDB, which takes one writer at a time. Dequeued every second,
# not every 5 s, so a backfill starts as soon as the daemon has made its runs.
run_coordinator:
  module: dagster.core.run_coordinator
  class: QueuedRunCoordinator
  config:
    max_concurrent_runs: 2
    dequeue_interval_seconds: 1
"""
MANAGED_MARK = DAGSTER_YAML.splitlines()[0]


def ensure_dagster_home() -> Path:
    """Create DAGSTER_HOME with its dagster.yaml (updated while course_lib manages it), export it, return it."""
    home = settings.dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    current = config.read_text() if config.exists() else None
    if current is None or (current.startswith(MANAGED_MARK) and current != DAGSTER_YAML):
        config.write_text(DAGSTER_YAML)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


def course_instance() -> dg.DagsterInstance:
    """The persistent instance in DAGSTER_HOME (default data/dagster_home), made on first use."""
    return _instance_at(ensure_dagster_home())


# One instance per folder and process: each holds its own sqlite connections.
_OPENED: dict[Path, dg.DagsterInstance] = {}


def _instance_at(home: Path) -> dg.DagsterInstance:
    if home not in _OPENED:
        _OPENED[home] = dg.DagsterInstance.from_config(str(home))
    return _OPENED[home]


def forget_instances() -> None:
    """Close and forget this process's instances (before their folder is deleted, e.g. by a reset)."""
    for home in list(_OPENED):
        _OPENED.pop(home).dispose()
