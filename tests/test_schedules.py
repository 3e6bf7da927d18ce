"""Which partition does each schedule tick run?"""

import logging
from datetime import UTC, datetime

import dagster as dg
import pytest

from course_lib.definitions import defs

# Schedules on asset jobs are resolved against the Definitions before they can tick.
trip_update_schedule = defs().resolve_schedule_def("trip_update_schedule")
weekly_update_schedule = defs().resolve_schedule_def("weekly_update_schedule")


def tick(schedule, when: datetime):
    context = dg.build_schedule_context(scheduled_execution_time=when, instance=dg.DagsterInstance.ephemeral())
    return schedule.evaluate_tick(context).run_requests


@pytest.mark.parametrize(
    "fires, runs",
    [(datetime(2023, 3, 5), "2023-02-01"), (datetime(2023, 12, 5), "2023-11-01"), (datetime(2024, 1, 5), "2023-12-01")],
)
def test_monthly_tick_runs_the_previous_month(fires, runs):
    (request,) = tick(trip_update_schedule, fires.replace(tzinfo=UTC))
    assert request.partition_key == runs
    assert trip_update_schedule.cron_schedule == "0 0 5 * *"


@pytest.mark.parametrize("fires, runs", [(datetime(2023, 3, 6), "2023-02-26"), (datetime(2023, 12, 4), "2023-11-26")])
def test_weekly_tick_runs_the_week_that_just_ended(fires, runs):
    (request,) = tick(weekly_update_schedule, fires.replace(tzinfo=UTC))
    assert request.partition_key == runs
    assert weekly_update_schedule.cron_schedule == "0 0 * * 1"


def test_a_plain_cron_schedule_sends_no_partition_key():
    """The lesson's plain ScheduleDefinition: its runs would fail for want of a partition."""
    plain = dg.ScheduleDefinition(
        name="plain", job=defs().resolve_job_def("trip_update_job"), cron_schedule="0 0 5 * *"
    )
    (request,) = tick(plain, datetime(2023, 3, 5, tzinfo=UTC))
    assert request.partition_key is None


# What 07 says about the schedule under the daemon, shown on the daemon's own scheduler loop: the instance records
# the runs each iteration launches (a mocked run launcher, so nothing executes), with the clock set by freeze_time.
@pytest.fixture()
def daemon_scheduler():
    from dagster._core.test_utils import create_test_daemon_workspace_context, freeze_time, instance_for_test
    from dagster._core.workspace.load_target import ModuleTarget
    from dagster._scheduler.scheduler import launch_scheduled_runs

    launcher = {"module": "dagster._core.test_utils", "class": "MockedRunLauncher"}
    target = ModuleTarget(
        module_name="course_lib.definitions", attribute=None, working_directory=None, location_name="course_lib"
    )
    with instance_for_test(overrides={"run_launcher": launcher}) as instance:
        with create_test_daemon_workspace_context(target, instance) as workspace:
            location = next(iter(workspace.create_request_context().get_code_location_entries().values()))
            schedule = next(iter(location.code_location.get_repositories().values())).get_schedule(
                "trip_update_schedule"
            )

            def turn_on(at: datetime):
                with freeze_time(at):
                    instance.start_schedule(schedule)

            def daemon_wakes_up(at: datetime) -> list[str]:
                """One iteration of the daemon's scheduler at `at`; the partitions of every run so far."""
                with freeze_time(at):
                    list(launch_scheduled_runs(workspace, logging.getLogger("scheduler"), at, {}))
                return sorted(run.tags["dagster/partition"] for run in instance.get_runs())

            yield turn_on, daemon_wakes_up


def test_the_daemon_runs_no_tick_from_before_the_schedule_was_turned_on(daemon_scheduler):
    turn_on, daemon_wakes_up = daemon_scheduler
    turn_on(datetime(2023, 9, 6, tzinfo=UTC))
    assert daemon_wakes_up(datetime(2023, 9, 10, tzinfo=UTC)) == []


def test_after_an_outage_the_daemon_runs_only_the_latest_missed_tick(daemon_scheduler):
    """Six ticks (April to September 5th) fell while the daemon was down: one run, for the latest."""
    turn_on, daemon_wakes_up = daemon_scheduler
    turn_on(datetime(2023, 3, 6, tzinfo=UTC))
    assert daemon_wakes_up(datetime(2023, 9, 10, tzinfo=UTC)) == ["2023-08-01"]


def test_a_schedule_left_on_past_the_last_partition_reloads_it_every_month(daemon_scheduler):
    """The run key 2023-12-01 keeps one tick from launching twice, not the next tick."""
    turn_on, daemon_wakes_up = daemon_scheduler
    turn_on(datetime(2024, 1, 1, tzinfo=UTC))
    assert daemon_wakes_up(datetime(2024, 1, 6, tzinfo=UTC)) == ["2023-12-01"]
    assert daemon_wakes_up(datetime(2024, 1, 7, tzinfo=UTC)) == ["2023-12-01"]
    assert daemon_wakes_up(datetime(2024, 2, 6, tzinfo=UTC)) == ["2023-12-01", "2023-12-01"]


def test_the_tick_table_of_a_schedule_not_built_yet_says_what_to_do():
    from course_lib.errors import NotSolvedYet
    from course_lib.in_process.schedule_ticks import tick_table

    with pytest.raises(NotSolvedYet, match=r"^'yours: my_schedule' is None, not a schedule yet: build it in the exer"):
        tick_table(
            {"course": trip_update_schedule, "yours: my_schedule": None}, datetime(2023, 1, 1), datetime(2023, 4, 6)
        )
    table = tick_table({"course": trip_update_schedule}, datetime(2023, 1, 1), datetime(2023, 4, 6))
    assert table["course"].tolist() == ["skipped", "2023-01-01", "2023-02-01", "2023-03-01"]
