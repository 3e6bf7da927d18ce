"""Does the database resource let go of the DuckDB file when an asset fails?"""

import subprocess
import sys

import dagster as dg
import duckdb
import pytest

from course_lib.assets.trips import taxi_trips
from course_lib.resources import CourseDuckDBResource
from course_lib.runs import QUIET_RUN_CONFIG, run_partition
from conftest import trips_by_month

OPEN_READ_WRITE = "import duckdb, sys; duckdb.connect(sys.argv[1]).execute('SELECT 1'); print('opened')"


def test_a_failed_load_releases_the_file_and_keeps_the_month(course_env, instance):
    db = course_env / "staging" / "data.duckdb"
    assert run_partition("2023-02-01", instance=instance).success
    before = trips_by_month(db)
    month_file = course_env / "raw" / "yellow_tripdata_2023-02.parquet"
    month_file.write_bytes(month_file.read_bytes()[:5000])  # truncated, as by a full disk

    result = dg.materialize([taxi_trips], partition_key="2023-02-01", instance=instance, raise_on_error=False,
                            resources={"database": CourseDuckDBResource(database=str(db))}, run_config=QUIET_RUN_CONFIG)
    assert not result.success
    # `result` keeps the failure alive in this process; the file must be free all the same.
    opened = subprocess.run([sys.executable, "-c", OPEN_READ_WRITE, str(db)], capture_output=True, text=True, timeout=60)
    assert opened.stdout.strip() == "opened", opened.stderr
    assert trips_by_month(db) == before  # the transaction rolled back: the old month is whole


def test_a_held_lock_becomes_a_sentence(course_env, monkeypatch):
    from course_lib.errors import DatabaseLocked

    db = course_env / "staging" / "data.duckdb"
    db.parent.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); time.sleep(60)", str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        # Skip dagster-duckdb's ~100 s of retries: the message is what this test is about.
        monkeypatch.setattr("dagster_duckdb.resource.backoff", lambda fn, retry_on, kwargs, max_retries: fn(**kwargs))
        with pytest.raises(DatabaseLocked, match="Another process holds the DuckDB file"):
            with CourseDuckDBResource(database=str(db)).get_connection():
                pass
    finally:
        holder.kill()
        holder.wait()
