"""The fault suite: real faults injected, then rows in DuckDB and statuses in the instance checked.

Download faults (404, cut body, timeout, 5xx) are in test_download.py, against a local HTTP server.
"""

import ast
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import partition_statuses, trips_by_month

from course_lib.errors import InvalidPartitionKey
from course_lib.fault_lab.faults import corrupt_month_file
from course_lib.in_process.month_by_month import run_month_by_month
from course_lib.in_process.runs import fail_runs_of_dead_processes, log_messages, run_partition
from course_lib.taxi_data import expected_row_count

pytestmark = pytest.mark.slow  # left out by `make test-quick`

PROJECT_ROOT = Path(__file__).resolve().parent.parent
RUN_IN_A_SUBPROCESS = (
    "import sys; from course_lib.in_process.runs import run_partition; "
    "print(run_partition(sys.argv[1], assets=sys.argv[2:] or None))"
)


def rows(course_env) -> dict[str, int]:
    db = course_env / "staging" / "data.duckdb"
    return trips_by_month(db) if db.exists() else {}


def opens_from_another_process(db) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", "import duckdb, sys; duckdb.connect(sys.argv[1]).close()", str(db)],
        capture_output=True,
        timeout=60,
    )
    return done.returncode == 0


# 1 ------------------------------------------------------------------------------------------------------------


def test_1_invalid_keys_from_every_entry_point_write_nothing(course_env, instance):
    from course_lib.definitions import defs
    from course_lib.defs.assets.trips import taxi_trips_file
    from course_lib.deployment.webserver import Webserver
    from course_lib.display.widgets import MaterializePanel, MonthsPanel

    entry_points = {
        "asset called directly": lambda key: taxi_trips_file(dg.build_asset_context(partition_key=key)),
        "run_partition": lambda key: run_partition(key),
        "run_partition of the weekly job": lambda key: run_partition(key, "weekly_update_job"),
        "one run per month in this process": lambda key: run_month_by_month(["2023-01-01", key]),
        "GraphQL backfill": lambda key: Webserver("http://127.0.0.1:9").launch_backfill([key]),
    }
    for key in ["2022-12-01", "2023-13-01", "2023-03", "march"]:
        for name, call in entry_points.items():
            with pytest.raises(InvalidPartitionKey, match=r"from '2023-01-01' to '2023-12-(01|24)'") as error:
                call(key)
            assert "\n" not in str(error.value) and len(str(error.value)) < 300, name
    # Dagster's own job API refuses too (its words, not ours), before making a run.
    with pytest.raises(dg.DagsterUnknownPartitionError):
        defs().resolve_job_def("trip_update_job").execute_in_process(partition_key="2024-01-01", instance=instance)
    # The widgets: the picker explains, the panels start nothing.
    months_panel, materialize_panel = MonthsPanel(instance=instance), MaterializePanel(instance=instance)
    for panel in (months_panel, materialize_panel):
        panel.picker.choose(["2023-13-01"])
        assert (
            "2023-13-01 is not a month of the course: pick from 2023-01-01 to 2023-12-01" in panel.picker.message.value
        )
    months_panel.start()
    assert "Choose at least one month" in months_panel.summary.value

    assert rows(course_env) == {} and not (course_env / "staging" / "data.duckdb").exists()
    assert not (course_env / "raw").exists() or not any((course_env / "raw").iterdir())
    assert instance.get_runs() == []


# 2 ------------------------------------------------------------------------------------------------------------


def test_2_a_corrupt_month_fails_alone_releases_the_file_and_loads_once_fixed(course_env, instance):
    report = run_month_by_month(["2023-01-01", "2023-02-01", "2023-03-01"], instance=instance)
    assert not report.failed
    before = rows(course_env)

    print(corrupt_month_file("2023-02-01"))
    reload = run_month_by_month(["2023-01-01", "2023-02-01", "2023-03-01"], assets=["taxi_trips"], instance=instance)
    assert reload.failed == ["2023-02-01"] and reload.succeeded == ["2023-01-01", "2023-03-01"]
    failure = reload.runs[1].error
    assert "yellow_tripdata_2023-02.parquet" in failure and "Traceback" not in failure
    assert rows(course_env) == before  # February whole (rolled back), the others reloaded, nothing doubled
    assert opens_from_another_process(course_env / "staging" / "data.duckdb")  # this process let go at once
    assert partition_statuses(instance) == {
        "2023-01-01": "MATERIALIZED",
        "2023-02-01": "FAILED",
        "2023-03-01": "MATERIALIZED",
    }

    retry = run_month_by_month(["2023-01-01", "2023-02-01", "2023-03-01"], only_failed=True, instance=instance)
    assert retry.succeeded == ["2023-02-01"]
    assert retry.skipped == {"2023-01-01": "materialized", "2023-03-01": "materialized"}
    assert rows(course_env) == before
    assert set(partition_statuses(instance).values()) == {"MATERIALIZED"}


# 3: test_download.py (404, cut body, timeout, 5xx against a local server) and below, through a run --------------


def test_3_a_failed_download_fails_the_run_leaves_no_file_and_no_rows(course_env, instance, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_SOURCE", "download")
    monkeypatch.setenv("COURSE_DOWNLOAD_BASE_URL", "http://127.0.0.1:9")  # nothing listens on port 9
    failed = run_partition("2023-05-01", instance=instance)
    assert not failed.success and "Could not download" in failed.error and "Traceback" not in failed.error
    assert not (course_env / "raw").exists() or not list((course_env / "raw").glob("*2023-05*"))
    assert rows(course_env) == {}
    assert instance.get_run_by_id(failed.run_id).status == dg.DagsterRunStatus.FAILURE


# 4 ------------------------------------------------------------------------------------------------------------


def test_4_months_of_every_shape_load_into_one_table(course_env, instance):
    for key in ["2023-01-01", "2023-02-01", "2023-03-01"]:
        assert run_partition(key, assets=["taxi_trips_file"], instance=instance).success
    raw = course_env / "raw"
    january, february = (pq.read_schema(raw / f"yellow_tripdata_2023-0{m}.parquet") for m in (1, 2))
    assert "airport_fee" in january.names and "Airport_fee" in february.names
    assert january.field("PULocationID").type == pa.int64() and february.field("PULocationID").type == pa.int32()
    # March gains a column, as the real 2025 files did (cbd_congestion_fee).
    march_path = raw / "yellow_tripdata_2023-03.parquet"
    march = pq.read_table(march_path)
    pq.write_table(march.append_column("cbd_congestion_fee", pa.array([0.75] * march.num_rows)), march_path)

    for key in ["2023-01-01", "2023-02-01", "2023-03-01"]:
        summary = run_partition(key, assets=["taxi_trips"], instance=instance)
        assert summary.success, summary.error
    assert rows(course_env) == {m: expected_row_count(m) for m in ("2023-01", "2023-02", "2023-03")}
    with duckdb.connect(str(course_env / "staging" / "data.duckdb"), read_only=True) as conn:
        types = dict(
            conn.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'trips'").fetchall()
        )
    assert types["pickup_zone_id"] == "INTEGER" and "cbd_congestion_fee" not in types


# 5 ------------------------------------------------------------------------------------------------------------


def wait_for_log(run_text: str, instance, timeout: float = 120, not_in: set[str] = frozenset()) -> str:
    """The id of the first run (not in `not_in`) whose log has `run_text`, waiting for it to appear."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for run in instance.get_runs():
            if run.run_id not in not_in and log_messages(run.run_id, run_text, instance=instance):
                return run.run_id
        time.sleep(0.02)
    raise AssertionError(f"no run logged {run_text!r} within {timeout} s")


@pytest.fixture
def big_months(course_env, monkeypatch):
    """Real-size months (about 0.5 s to insert) so that a kill or a second writer lands mid-load."""
    monkeypatch.setenv("COURSE_ROWS_PER_MONTH", "full")


def test_5_a_process_killed_mid_load_leaves_the_month_whole_or_absent(course_env, instance, big_months):
    assert run_partition("2023-02-01", instance=instance).success
    assert run_partition("2023-03-01", assets=["taxi_trips_file"], instance=instance).success
    before = rows(course_env)
    tried: set[str] = set()
    for _ in range(3):  # until the kill lands inside the load (a fast machine may finish a load first)
        loader = subprocess.Popen(
            [sys.executable, "-c", RUN_IN_A_SUBPROCESS, "2023-03-01", "taxi_trips"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        run_id = wait_for_log("Replacing 2023-03 in table trips", instance, not_in=tried)
        tried.add(run_id)
        time.sleep(0.05)  # inside the transaction: DELETE done, INSERT of 3.4 million rows under way
        os.kill(loader.pid, signal.SIGKILL)
        loader.wait()
        if not instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records:
            break
    else:
        pytest.fail("three loads finished before the kill: the month is too small to kill mid-load")

    assert instance.get_run_by_id(run_id).status != dg.DagsterRunStatus.SUCCESS
    assert opens_from_another_process(course_env / "staging" / "data.duckdb")
    after = rows(course_env)
    assert after.get("2023-03") in (None, expected_row_count("2023-03"))  # all of March, or none of it
    assert after["2023-02"] == before["2023-02"]

    # Its process is gone, so the course marks it failed (Dagster's daemon only watches runs it launched),
    # and "retry failed" picks March up.
    assert run_id in fail_runs_of_dead_processes(instance)
    assert instance.get_run_by_id(run_id).status == dg.DagsterRunStatus.FAILURE
    assert partition_statuses(instance)["2023-03-01"] == "FAILED"
    retried = run_month_by_month(["2023-02-01", "2023-03-01"], only_failed=True, instance=instance)
    assert retried.succeeded == ["2023-03-01"] and retried.skipped == {"2023-02-01": "materialized"}
    assert rows(course_env) == {"2023-02": before["2023-02"], "2023-03": expected_row_count("2023-03")}


# 6 ------------------------------------------------------------------------------------------------------------


def test_6_two_writers_at_once_both_finish_and_nothing_is_lost_or_doubled(course_env, instance, big_months):
    for key in ["2023-04-01", "2023-05-01"]:
        assert run_partition(key, assets=["taxi_trips_file"], instance=instance).success

    other = subprocess.Popen(
        [sys.executable, "-c", RUN_IN_A_SUBPROCESS, "2023-04-01", "taxi_trips"], stdout=subprocess.PIPE, text=True
    )
    wait_for_log("Replacing 2023-04 in table trips", instance)  # the other process is writing now
    mine = run_partition("2023-05-01", assets=["taxi_trips"], instance=instance)
    theirs = other.communicate(timeout=120)[0]

    assert mine.success, mine.error
    assert "2023-04-01: done" in theirs, theirs
    assert log_messages(mine.run_id, f"The DuckDB file is in use by process {other.pid}", instance=instance)
    assert rows(course_env) == {"2023-04": expected_row_count("2023-04"), "2023-05": expected_row_count("2023-05")}
    assert partition_statuses(instance) == {"2023-04-01": "MATERIALIZED", "2023-05-01": "MATERIALIZED"}


# 7 ------------------------------------------------------------------------------------------------------------


def test_7_reset_deletes_only_what_the_course_made(course_env, instance):
    from course_lib.fault_lab.reset import plan_reset, reset_course

    assert run_partition("2023-01-01", instance=instance).success
    keep = course_env / "my_notes.txt"
    keep.write_text("mine")
    plan = plan_reset()
    assert sorted(p.name for p in plan.paths) == ["dagster_home", "raw", "staging"]
    print(reset_course(plan))
    assert sorted(p.name for p in course_env.iterdir()) == ["my_notes.txt"]
    # The course works again from nothing, with a fresh instance in this same process.
    from course_lib.in_process.instance import course_instance

    assert course_instance().get_runs() == []
    assert run_partition("2023-01-01").success
    assert rows(course_env) == {"2023-01": expected_row_count("2023-01")}


def test_7_reset_refuses_paths_outside_the_data_folder(course_env, tmp_path, monkeypatch):
    from course_lib.fault_lab.reset import ResetRefused, plan_reset

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "precious.duckdb").write_text("x")
    monkeypatch.setenv("DUCKDB_DATABASE", str(outside / "precious.duckdb"))
    with pytest.raises(ResetRefused, match="outside the data folder"):
        plan_reset()
    monkeypatch.setenv("DUCKDB_DATABASE", str(course_env / "staging" / "data.duckdb"))
    course_env.mkdir(exist_ok=True)
    (course_env / "raw").symlink_to(outside)
    with pytest.raises(ResetRefused, match="does not follow links"):
        plan_reset()
    monkeypatch.setenv("COURSE_DATA_DIR", str(Path.home()))
    with pytest.raises(ResetRefused, match="not a folder the course made"):
        plan_reset()
    assert (outside / "precious.duckdb").exists()


def test_7_make_reset_asks_first(course_env, instance):
    assert run_partition("2023-01-01", instance=instance).success
    make = ["make", "-s", "-C", str(PROJECT_ROOT), "reset"]
    answered_no = subprocess.run(make, input="no\n", capture_output=True, text=True, timeout=120)
    assert "Type 'yes' to delete" in answered_no.stdout and "Nothing deleted." in answered_no.stdout
    assert rows(course_env) == {"2023-01": expected_row_count("2023-01")}
    answered_yes = subprocess.run(make, input="yes\n", capture_output=True, text=True, timeout=120)
    assert "the course starts over" in answered_yes.stdout, answered_yes.stderr
    assert not (course_env / "staging").exists() and not (course_env / "dagster_home").exists()


def test_7_make_reset_names_the_progress_record_and_asks_before_deleting_it(course_env, instance):
    from course_lib.feedback import progress

    assert run_partition("2023-01-01", instance=instance).success
    progress.record("hint", exercise="03", number=1)
    make = ["make", "-s", "-C", str(PROJECT_ROOT), "reset"]
    kept = subprocess.run(make, input="yes\nno\n", capture_output=True, text=True, timeout=120)
    assert f"Your progress record {course_env / 'progress.jsonl'} holds 1 entries" in kept.stdout, kept.stdout
    assert "Your progress record (progress.jsonl) is kept." in kept.stdout and progress.events()
    assert not (course_env / "staging").exists()
    assert run_partition("2023-01-01").success
    gone = subprocess.run(make, input="yes\nyes\n", capture_output=True, text=True, timeout=120)
    assert "Deleted raw, staging, dagster_home, progress.jsonl" in gone.stdout, gone.stdout
    assert progress.events() == []


def test_7_the_reset_panel_deletes_only_after_confirmation(course_env, instance):
    from course_lib.display.widgets import ResetPanel

    assert run_partition("2023-01-01", instance=instance).success
    panel = ResetPanel()
    panel.reset_button.click()
    assert "Delete raw, staging, dagster_home" in panel.message.value and panel.confirm_box.layout.display == "flex"
    panel.keep_button.click()
    assert "Nothing deleted" in panel.message.value and rows(course_env)
    from course_lib.feedback import progress

    progress.record("hint", exercise="03", number=1)
    panel.reset_button.click()
    assert (
        panel.with_progress.layout.display == "flex" and "progress.jsonl, 1 entries" in panel.with_progress.description
    )
    panel.yes_button.click()  # the box is not ticked: the progress record stays
    assert "the course starts over" in panel.message.value and not (course_env / "staging").exists()
    assert "is kept" in panel.message.value and progress.events()
    panel.reset_button.click()
    panel.with_progress.value = True
    panel.yes_button.click()
    assert not (course_env / "progress.jsonl").exists()


# 8 the same month from two places at once ---------------------------------------------------------------------

SIX_MONTHS = ["2023-01-01", "2023-02-01", "2023-03-01", "2023-04-01", "2023-05-01", "2023-06-01"]
# A kernel that backfills the months of each line it reads: two of them sent the same line start together.
KERNEL_BACKFILLING_EACH_LINE = """
import sys
from course_lib.in_process.month_by_month import run_month_by_month
for line in iter(sys.stdin.readline, ""):
    report = run_month_by_month(line.split())
    print(" | ".join(str(run) for run in report.runs if not run.success) or "all done", flush=True)
"""
# Each round starts both kernels on the same months at once (a third of the rounds failed on a shared .part name).
KERNEL_ROUNDS = 8


def test_8_two_kernels_backfilling_the_same_months_at_once_both_finish_whole(course_env, instance):
    kernels = [
        subprocess.Popen(
            [sys.executable, "-c", KERNEL_BACKFILLING_EACH_LINE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for round_ in range(KERNEL_ROUNDS):
            for kernel in kernels:
                kernel.stdin.write(" ".join(SIX_MONTHS) + "\n")
                kernel.stdin.flush()
            assert [kernel.stdout.readline() for kernel in kernels] == ["all done\n"] * 2, f"round {round_ + 1}"
            assert rows(course_env) == {key[:7]: expected_row_count(key[:7]) for key in SIX_MONTHS}
            assert not list((course_env / "raw").glob("*.part"))
    finally:
        for kernel in kernels:
            kernel.stdin.close()
            kernel.wait(timeout=60)

    runs = instance.get_runs()
    assert len(runs) == 2 * KERNEL_ROUNDS * len(SIX_MONTHS)
    assert {run.status for run in runs} == {dg.DagsterRunStatus.SUCCESS}
    assert partition_statuses(instance) == dict.fromkeys(SIX_MONTHS, "MATERIALIZED")


REWRITE_THE_FILE = """
import sys
from course_lib.in_process.runs import run_partition
for _ in range(int(sys.argv[2])):
    print(run_partition(sys.argv[1], assets=["taxi_trips_file"]), flush=True)
"""
REWRITES = 5


def test_8_a_reader_never_sees_a_month_file_half_replaced(course_env, instance, big_months):
    assert run_partition("2023-03-01", assets=["taxi_trips_file"], instance=instance).success
    writer = subprocess.Popen(
        [sys.executable, "-c", REWRITE_THE_FILE, "2023-03-01", str(REWRITES)], stdout=subprocess.PIPE, text=True
    )
    reads = []
    while writer.poll() is None:  # the reader loads the month again and again while the file is rewritten
        reads.append(run_partition("2023-03-01", assets=["taxi_trips"], instance=instance))
    written = writer.communicate(timeout=60)[0]

    assert written.count("2023-03-01: done") == REWRITES, written
    assert [(read.success, read.row_count) for read in reads] == [(True, expected_row_count("2023-03"))] * len(reads), [
        read.error for read in reads if not read.success
    ]
    assert rows(course_env) == {"2023-03": expected_row_count("2023-03")}
    assert not list((course_env / "raw").glob("*.part"))
    records = instance.get_run_records()
    assert {record.dagster_run.status for record in records} == {dg.DagsterRunStatus.SUCCESS}
    # The overlap was real: reader runs that ran while a writer run did.
    read_ids = {read.run_id for read in reads}
    writes = [r for r in records if r.dagster_run.run_id not in read_ids and r.start_time]
    overlapped = [
        r
        for r in records
        if r.dagster_run.run_id in read_ids
        and any(w.start_time < r.end_time and r.start_time < w.end_time for w in writes)
    ]
    print(f"{len(reads)} loads, {len(overlapped)} of them while the file was being rewritten")
    assert len(overlapped) >= 2


# SQL ----------------------------------------------------------------------------------------------------------


def test_no_sql_in_course_lib_is_built_from_text():
    """Every SQL statement course_lib runs is a constant (values bound with ?), never text put together at run time."""
    built = []
    for path in (PROJECT_ROOT / "course_lib").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            # DuckDB calls: conn.execute(...), conn.sql(...), duckdb.sql(...) (the GraphQL client's execute is not SQL).
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("execute", "sql")
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id in ("conn", "connection", "duckdb")
                and node.args
            ):
                sql = node.args[0]
                constant = isinstance(sql, ast.Constant) or (
                    isinstance(sql, ast.Name) and (sql.id.isupper() or sql.id == "sql")
                )
                if not constant:
                    built.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {ast.unparse(sql)[:60]}")
    assert built == [], built
