"""The deployment path: `make dagster` (webserver + daemon) on a temporary instance, driven over GraphQL."""

import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest
from conftest import TEST_ROWS_PER_MONTH, start_make_dagster, trips_by_month, use_data_folder

from course_lib import settings
from course_lib.deployment import dagster_dev, watchdog, webserver
from course_lib.in_process import database
from course_lib.in_process.runs import log_messages
from course_lib.taxi_data import expected_row_count

pytestmark = pytest.mark.slow  # left out by `make test-quick`


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`make dagster` on a free port, with its own data folder and instance, stopped at the end of the module."""
    with pytest.MonkeyPatch.context() as env:
        use_data_folder(env, tmp_path_factory.mktemp("deployment") / "data")
        running = start_make_dagster()
        try:
            running.webserver.wait_until_loaded()
            yield running
        finally:
            running.stop()


def expected_rows(*months: str) -> dict[str, int]:
    return {month: expected_row_count(month) for month in months}


def test_make_dagster_serves_the_course_instance(server, monkeypatch):
    ui = webserver.connect(server.url)
    assert ui.instance_home() == settings.dagster_home()
    assert ui.location_loaded()
    monkeypatch.setenv("DAGSTER_HOME", "/tmp/some-other-dagster-home")
    with pytest.raises(webserver.WebserverNotRunning, match="serves another instance") as error:
        webserver.connect(server.url)
    assert error.value.reason.startswith("A Dagster webserver for another instance")  # what connect_or_start prints


def test_without_a_webserver_the_sentence_says_how_to_start_one():
    url = f"http://127.0.0.1:{dagster_dev.free_port()}"
    with pytest.raises(
        webserver.WebserverNotRunning, match=r"No Dagster webserver answers .* run `make dagster`"
    ) as error:
        webserver.connect(url)
    assert error.value.reason == "No Dagster webserver answers"


@pytest.fixture(scope="module")
def daemon_backfill(server):
    """A backfill of February and March launched over GraphQL and followed to its end: (its id, its state)."""
    ui = webserver.connect(server.url)
    launched = time.monotonic()
    backfill_id = ui.launch_backfill(["2023-02-01", "2023-03-01"])
    state = ui.follow_backfill(backfill_id, timeout=150)
    print(f"2-month backfill: {time.monotonic() - launched:.1f} s from launch to {state.status}")
    return backfill_id, state


def test_a_two_month_backfill_launched_over_graphql_completes_under_the_daemon(server, daemon_backfill):
    backfill_id, state = daemon_backfill
    assert state.status == "COMPLETED_SUCCESS", state
    assert state.months == {"2023-02-01": "done", "2023-03-01": "done"}

    assert trips_by_month(settings.duckdb_path()) == expected_rows("2023-02", "2023-03")
    instance = dg.DagsterInstance.from_config(str(settings.dagster_home()))
    runs = instance.get_run_records(dg.RunsFilter(tags={"dagster/backfill": backfill_id}))
    assert sorted((r.dagster_run.tags["dagster/partition"], r.dagster_run.status) for r in runs) == [
        ("2023-02-01", dg.DagsterRunStatus.SUCCESS),
        ("2023-03-01", dg.DagsterRunStatus.SUCCESS),
    ]


@pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(), reason="Debian's chromium is missing (`make test` installs it)"
)
def test_every_page_of_the_ui_walkthrough_shows_the_courses_assets_and_partitions(server, daemon_backfill):
    from playwright.sync_api import sync_playwright

    from course_lib.authoring.screenshots import CHROMIUM, CHROMIUM_ARGS, skip_the_community_dialog, visit
    from course_lib.deployment.ui_pages import BACKFILLED_MONTHS, PAGES, links

    backfill_id, _ = daemon_backfill
    assert len(BACKFILLED_MONTHS) == 2  # the Backfills page's "2 partitions", as in this test's backfill
    instance = dg.DagsterInstance.from_config(str(settings.dagster_home()))
    (march,) = instance.get_run_records(
        dg.RunsFilter(tags={"dagster/backfill": backfill_id, "dagster/partition": "2023-03-01"})
    )
    ids = {
        "location": webserver.connect(server.url).location_name(),
        "run_id": march.dagster_run.run_id,
        "backfill_id": backfill_id,
    }
    table = links(server.url, **ids)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 860}).new_page()
            skip_the_community_dialog(page, server.url)
            for ui_page in PAGES:
                assert f"<{ui_page.url(server.url, **ids)}>" in table
                text = visit(page, ui_page, server.url, **ids)  # waits until the page shows ui_page.shows
                assert all(shown in text for shown in ui_page.shows), (ui_page.key, text[:1500])
        finally:
            browser.close()


def test_the_schedule_evaluated_by_the_deployment_loads_the_month_before(server):
    ui = webserver.connect(server.url)
    requests = ui.dry_run_schedule("trip_update_schedule", datetime(2023, 5, 5, tzinfo=UTC))
    assert [tags["dagster/partition"] for tags in requests] == ["2023-04-01"]
    run_id = ui.launch_run("trip_update_job", requests[0])
    assert ui.wait_for_run(run_id) == "SUCCESS"
    assert trips_by_month(settings.duckdb_path())["2023-04"] == expected_row_count("2023-04")


def test_a_webserver_run_waits_for_the_notebooks_connection_then_loads(server):
    ui = webserver.connect(server.url)
    with database.connect() as conn:  # a notebook holding the file while the daemon's run wants it
        run_id = ui.launch_run("trip_update_job", {"dagster/partition": "2023-07-01"})
        time.sleep(6)
        assert conn.execute("SELECT count(*) FROM trips WHERE partition_date = '2023-07'").fetchone() == (0,)
    assert ui.wait_for_run(run_id) == "SUCCESS"
    instance = dg.DagsterInstance.from_config(str(settings.dagster_home()))
    waited = log_messages(run_id, "The DuckDB file is in use by process", instance=instance)
    assert waited and f"process {os.getpid()} " in waited[0], waited
    assert trips_by_month(settings.duckdb_path())["2023-07"] == expected_row_count("2023-07")


# A kernel that backfills the months of its arguments again and again, until the stop file appears.
KERNEL_BACKFILLING_UNTIL_STOPPED = """
import sys
from pathlib import Path
from course_lib.in_process.month_by_month import run_month_by_month
stop, months = Path(sys.argv[1]), sys.argv[2:]
while not stop.exists():
    report = run_month_by_month(months)
    print(" | ".join(str(run) for run in report.runs if not run.success) or "all done", flush=True)
"""
OVERLAPPING_MONTHS = ["2023-08-01", "2023-09-01", "2023-10-01"]
DAEMON_BACKFILLS = 3


def test_a_kernel_and_daemon_backfills_writing_the_same_months_at_once_all_finish_whole(server, tmp_path):
    ui = webserver.connect(server.url)
    stop = tmp_path / "stop"
    kernel = subprocess.Popen(
        [sys.executable, "-c", KERNEL_BACKFILLING_UNTIL_STOPPED, str(stop), *OVERLAPPING_MONTHS],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        # The daemon picks them up together (it looks every 30 s) and runs two at a time, while the kernel loops.
        backfill_ids = [ui.launch_backfill(OVERLAPPING_MONTHS) for _ in range(DAEMON_BACKFILLS)]
        states = [ui.follow_backfill(backfill_id, timeout=150) for backfill_id in backfill_ids]
    finally:
        stop.touch()
        kernel_rounds = kernel.communicate(timeout=120)[0].splitlines()

    assert [state.status for state in states] == ["COMPLETED_SUCCESS"] * DAEMON_BACKFILLS, [str(s) for s in states]
    assert kernel_rounds and set(kernel_rounds) == {"all done"}, kernel_rounds
    instance = dg.DagsterInstance.from_config(str(settings.dagster_home()))
    runs = [
        record
        for key in OVERLAPPING_MONTHS
        for record in instance.get_run_records(dg.RunsFilter(tags={"dagster/partition": key}))
    ]
    daemon_runs = [record for record in runs if "dagster/backfill" in record.dagster_run.tags]
    assert len(daemon_runs) == DAEMON_BACKFILLS * len(OVERLAPPING_MONTHS)
    assert len(runs) == len(daemon_runs) + len(kernel_rounds) * len(OVERLAPPING_MONTHS)
    assert {record.dagster_run.status for record in runs} == {dg.DagsterRunStatus.SUCCESS}
    months = [key[:7] for key in OVERLAPPING_MONTHS]
    table = trips_by_month(settings.duckdb_path())
    assert {month: table.get(month) for month in months} == expected_rows(*months)
    assert not list(settings.raw_dir().glob("*.part"))
    # The overlap was real: daemon runs that ran while a kernel run of the same month did.
    overlapped = [
        run
        for run in daemon_runs
        if any(
            other.dagster_run.tags["dagster/partition"] == run.dagster_run.tags["dagster/partition"]
            and "dagster/backfill" not in other.dagster_run.tags
            and other.start_time < run.end_time
            and run.start_time < other.end_time
            for other in runs
        )
    ]
    print(
        f"{len(kernel_rounds)} kernel backfills; {len(overlapped)} of {len(daemon_runs)} daemon runs ran while the "
        "kernel ran the same month"
    )
    assert len(overlapped) >= 3


def test_stop_leaves_no_process_behind(server):
    assert server.running()
    server.stop()
    assert not server.running()
    assert not webserver.answers(server.url)


def test_a_dagster_dev_that_cannot_start_is_a_sentence_with_its_log(tmp_path, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "data"))
    with pytest.raises(dagster_dev.DagsterDevFailed, match=r"did not come up .* read the end of its log") as error:
        dagster_dev.start(argv=[sys.executable, "-c", "import sys; print('port already in use'); sys.exit(1)"])
    assert "port already in use" in str(error.value)


def test_a_kernel_killed_outright_leaves_no_dagster_dev_behind(tmp_path):
    """SIGKILL runs no atexit: the watchdog started beside `dagster dev` stops it once the kernel is gone."""
    kernel = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from course_lib.deployment import dagster_dev; server = dagster_dev.start(); "
            "print(server.pid, server.url, flush=True); time.sleep(600)",
        ],
        env={**os.environ, "COURSE_DATA_DIR": str(tmp_path / "data"), "COURSE_ROWS_PER_MONTH": TEST_ROWS_PER_MONTH},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        group, url = kernel.stdout.readline().split()
        assert webserver.answers(url)
        kernel.kill()
        kernel.wait()
        deadline = time.monotonic() + 60
        while watchdog.group_alive(int(group)) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not watchdog.group_alive(int(group)), "dagster dev outlived the kernel that started it"
        assert not webserver.answers(url)
    finally:
        if kernel.poll() is None:
            kernel.kill()
