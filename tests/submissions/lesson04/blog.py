# The lesson's job and schedule (the blog post and Dagster University's lesson 8, ../shared/reference/), ported to
# the exercise's names: partitions_def on the job, and a plain ScheduleDefinition with a cron string.
import dagster as dg

from course_lib.defs.partitions import monthly_partition

my_trip_update_job = dg.define_asset_job(
    name="trip_update_job",
    partitions_def=monthly_partition,
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(["trips_by_week"]),
)

my_schedule = dg.ScheduleDefinition(
    job=my_trip_update_job,
    cron_schedule="0 0 5 * *",  # every 5th of the month at midnight
)
