"""The course's Dagster code location: `dagster dev -m course_lib.definitions`."""

import dagster as dg

from course_lib.assets import metrics, trips, trips_single_run
from course_lib.jobs import trip_update_job, trips_single_run_job, weekly_update_job
from course_lib.resources import database_resource
from course_lib.schedules import trip_update_schedule, weekly_update_schedule

defs = dg.Definitions(
    assets=dg.load_assets_from_modules([trips, trips_single_run, metrics]),
    jobs=[trip_update_job, weekly_update_job, trips_single_run_job],
    schedules=[trip_update_schedule, weekly_update_schedule],
    resources={"database": database_resource},
    # A run's steps are sequential and share one DuckDB file: one process per run is enough, and
    # saves the webserver's runs a Python start-up per step (the multiprocess default).
    executor=dg.in_process_executor,
)
