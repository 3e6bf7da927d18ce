"""Evaluate a schedule's ticks over a period, as the daemon would, without running anything."""

from datetime import UTC, datetime

import dagster as dg
import pandas as pd

from course_lib.errors import NotSolvedYet
from course_lib.in_process.dagster_private import cron_string_iterator
from course_lib.in_process.runs import course_definitions


def resolve(schedule) -> dg.ScheduleDefinition:
    """A schedule ready to tick: schedules on asset jobs are resolved against the course's Definitions."""
    if hasattr(schedule, "evaluate_tick"):
        return schedule
    return dg.Definitions.merge(course_definitions(), dg.Definitions(schedules=[schedule])).resolve_schedule_def(
        schedule.name
    )


NO_KEY = "run with NO partition key"
SKIPPED = "skipped"


def tick_partition(schedule, when: datetime) -> str:
    """What the schedule's tick at `when` (UTC) asks for: a partition key, NO_KEY, or SKIPPED."""
    context = dg.build_schedule_context(
        scheduled_execution_time=when.replace(tzinfo=UTC), instance=dg.DagsterInstance.ephemeral()
    )
    requests = resolve(schedule).evaluate_tick(context).run_requests or []
    if not requests:
        return SKIPPED
    return requests[0].partition_key or NO_KEY


def ticks(schedule, start: datetime, end: datetime) -> list[datetime]:
    """The times the schedule fires in [start, end)."""
    times = cron_string_iterator(start.replace(tzinfo=UTC).timestamp(), resolve(schedule).cron_schedule, "UTC")
    result = []
    for moment in times:
        if moment.replace(tzinfo=None) >= end:
            return result
        result.append(moment.replace(tzinfo=None))
    return result


def tick_table(schedules: dict[str, object], start: datetime, end: datetime) -> pd.DataFrame:
    """One row per tick of the first schedule, one column per schedule: the partition each tick runs."""
    for name, schedule in schedules.items():
        if not hasattr(schedule, "evaluate_tick") and not hasattr(schedule, "resolve"):  # a schedule, resolved or not
            raise NotSolvedYet(
                f"'{name}' is {schedule!r}, not a schedule yet: build it in the exercise above, then run this cell "
                "again."
            )
    first = next(iter(schedules.values()))
    rows = [
        {
            "tick (UTC)": f"{moment:%Y-%m-%d %H:%M}",
            **{name: tick_partition(schedule, moment) for name, schedule in schedules.items()},
        }
        for moment in ticks(first, start, end)
    ]
    return pd.DataFrame(rows)
