"""Does the database resource let go of the DuckDB file when an asset fails?"""

import subprocess
import sys
from contextlib import contextmanager

import dagster as dg
import pytest
from conftest import trips_by_month

from course_lib.defs.assets.trips import taxi_trips
from course_lib.defs.resources import CourseDuckDBResource
from course_lib.in_process.runs import QUIET_RUN_CONFIG, run_partition

OPEN_READ_WRITE = "import duckdb, sys; duckdb.connect(sys.argv[1]).execute('SELECT 1'); print('opened')"


def test_a_failed_load_releases_the_file_and_keeps_the_month(course_env, instance):
    db = course_env / "staging" / "data.duckdb"
    assert run_partition("2023-02-01", instance=instance).success
    before = trips_by_month(db)
    month_file = course_env / "raw" / "yellow_tripdata_2023-02.parquet"
    month_file.write_bytes(month_file.read_bytes()[:5000])  # truncated, as by a full disk

    result = dg.materialize(
        [taxi_trips],
        partition_key="2023-02-01",
        instance=instance,
        raise_on_error=False,
        resources={"database": CourseDuckDBResource(database=str(db))},
        run_config=QUIET_RUN_CONFIG,
    )
    assert not result.success
    # `result` keeps the failure alive in this process; the file must be free all the same.
    opened = subprocess.run(
        [sys.executable, "-c", OPEN_READ_WRITE, str(db)], capture_output=True, text=True, timeout=60
    )
    assert opened.stdout.strip() == "opened", opened.stderr
    assert trips_by_month(db) == before  # the transaction rolled back: the old month is whole


@contextmanager
def held_by_another_process(db, seconds: float):
    """Another process that opens `db` read-write and keeps it `seconds` (a notebook's open conn); killed after."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('held', flush=True); time.sleep(float(sys.argv[2]))",
            str(db),
            str(seconds),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_a_held_lock_becomes_a_sentence_naming_the_holder(course_env, monkeypatch):
    from course_lib.errors import DatabaseLocked

    db = course_env / "staging" / "data.duckdb"
    db.parent.mkdir(parents=True)
    monkeypatch.setenv("COURSE_DUCKDB_LOCK_WAIT", "1")
    with held_by_another_process(db, 60) as holder:
        with pytest.raises(DatabaseLocked, match=rf"stayed locked by process {holder.pid} \(python"):
            with CourseDuckDBResource(database=str(db)).get_connection():
                pass


@pytest.mark.slow
def test_a_run_waits_for_a_short_lock_then_loads(course_env, instance):
    db = course_env / "staging" / "data.duckdb"
    db.parent.mkdir(parents=True)
    with held_by_another_process(db, 3) as holder:
        summary = run_partition("2023-05-01", instance=instance)
    assert summary.success, summary.error
    assert trips_by_month(db) == {"2023-05": summary.row_count}
    logs = [entry.user_message for entry in instance.all_logs(summary.run_id)]
    assert any(f"in use by process {holder.pid}" in message for message in logs), logs


@pytest.mark.slow
def test_a_run_gives_up_on_a_long_lock_keeps_the_month_and_a_retry_loads(course_env, instance, monkeypatch):
    db = course_env / "staging" / "data.duckdb"
    assert run_partition("2023-06-01", instance=instance).success
    before = trips_by_month(db)
    monkeypatch.setenv("COURSE_DUCKDB_LOCK_WAIT", "2")
    with held_by_another_process(db, 60) as holder:
        failed = run_partition("2023-06-01", instance=instance)
    assert not failed.success
    assert f"stayed locked by process {holder.pid}" in failed.error and "Nothing was written" in failed.error
    assert instance.get_run_by_id(failed.run_id).status == dg.DagsterRunStatus.FAILURE
    assert trips_by_month(db) == before
    retried = run_partition("2023-06-01", instance=instance)
    assert retried.success and trips_by_month(db) == before
