"""Schedules that pick the partition each tick should run.

A plain ScheduleDefinition on a partitioned job sends runs with no partition key (they fail);
build_schedule_from_partitioned_job sends the latest complete partition instead.
"""

import dagster as dg

from course_lib.defs.jobs import trip_update_job, weekly_update_job

# At 00:00 UTC on the 5th of every month, load the month that just ended: the 2023-03-05 tick runs 2023-02-01.
trip_update_schedule = dg.build_schedule_from_partitioned_job(
    trip_update_job, name="trip_update_schedule", day_of_month=5, hour_of_day=0
)

# At 00:00 UTC every Monday, sum up the week (Sunday to Sunday) that just ended.
weekly_update_schedule = dg.build_schedule_from_partitioned_job(
    weekly_update_job, name="weekly_update_schedule", day_of_week=1, hour_of_day=0
)
