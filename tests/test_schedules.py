"""Which partition does each schedule tick run?"""

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
