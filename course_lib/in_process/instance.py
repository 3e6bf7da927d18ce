"""The course's persistent Dagster instance, shared by the notebooks and `dagster dev`."""

import os
import sqlite3
from pathlib import Path

import dagster as dg

from course_lib import settings
from course_lib.atomic_write import atomic_write
from course_lib.in_process.dagster_private import InstanceRef

# Dagster's docstring labels ConsolidatedSqliteEventLogStorage for tests; on one learner's machine it serves
# `dagster dev` alike (checked: in-process and daemon-launched runs, their events, partition status).
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

CONSOLIDATED_EVENT_LOG = """\
# Every run's events in one sqlite file: Dagster's default makes a new database per run (~55 ms each).
event_log_storage:
  module: dagster._core.storage.event_log
  class: ConsolidatedSqliteEventLogStorage
  config:
    base_dir:
      env: DAGSTER_HOME
"""


# An in-process run prints into the notebook cell; the compute-log files Dagster captures in a kernel stay
# empty, and capturing costs two `tail` processes per run (~50 ms). Runs `dagster dev` launches still capture.
IN_PROCESS_OVERRIDES = {
    "compute_logs": {"module": "dagster._core.storage.noop_compute_log_manager", "class": "NoOpComputeLogManager"},
}

# Dagster opens and closes a sqlite connection for every write (about 40 a run), and the last connection to
# close a WAL database checkpoints it. One idle connection held open per file keeps those closes cheap
# (~20 ms a run); idle, it holds no lock, so `dagster dev` reads and writes as before.
SQLITE_FILES_KEPT_OPEN = ("event_log.db", "history/runs.db")
_kept_open: list[sqlite3.Connection] = []


def dagster_yaml(home: Path) -> str:
    """The course's dagster.yaml for `home`: one event-log file, unless the home already keeps Dagster's
    default per-run event files (made by an earlier course version), whose history must stay visible."""
    per_run_history = (home / "history" / "runs").is_dir()
    return DAGSTER_YAML + ("" if per_run_history else CONSOLIDATED_EVENT_LOG)


def ensure_dagster_home() -> Path:
    """Create DAGSTER_HOME with its dagster.yaml (updated while course_lib manages it), export it, return it."""
    home = settings.dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    current = config.read_text() if config.exists() else None
    wanted = dagster_yaml(home)
    if current is None or (current.startswith(MANAGED_MARK) and current != wanted):
        # Atomic: `dagster dev` or a second kernel starting now must never read it empty.
        with atomic_write(config) as part:
            part.write_text(wanted)
    os.environ["DAGSTER_HOME"] = str(home)
    return home


# One instance per folder and process: each holds its own sqlite connections.
_OPENED: dict[Path, dg.DagsterInstance] = {}


def course_instance() -> dg.DagsterInstance:
    """The persistent instance in DAGSTER_HOME (default data/dagster_home), made on first use."""
    home = settings.dagster_home()
    if home in _OPENED and not (home / "dagster.yaml").exists():
        forget_instances()  # its folder was deleted under this process, e.g. by `make reset` in a terminal
    if home not in _OPENED:  # every run asks: the folder and its dagster.yaml are made once per process
        home = ensure_dagster_home()
        _OPENED[home] = dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(home), overrides=IN_PROCESS_OVERRIDES))
        for name in SQLITE_FILES_KEPT_OPEN:
            if (home / name).exists():
                conn = sqlite3.connect(home / name, isolation_level=None, check_same_thread=False)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchall()  # a first read joins the WAL
                _kept_open.append(conn)
    return _OPENED[home]


def forget_instances() -> None:
    """Close and forget this process's instances (before their folder is deleted, e.g. by a reset)."""
    while _kept_open:
        _kept_open.pop().close()
    for home in list(_OPENED):
        _OPENED.pop(home).dispose()
