"""Exercise 04's submissions: correct.py, the lesson's own job and schedule (blog.py), and each named mistake made
to correct.py, so a test can say which criteria it must fail."""

import types
from pathlib import Path

from submissions.variant import as_module, with_changes

SOURCE = (Path(__file__).parent / "correct.py").read_text()
BLOG = (Path(__file__).parent / "blog.py").read_text()
SELECTION = 'dg.AssetSelection.all() - dg.AssetSelection.assets("trips_by_week", "taxi_trips_single_run")'
SCHEDULE_CALL = "day_of_month=5, hour_of_day=0\n)"
SCHEDULE = """my_schedule = dg.build_schedule_from_partitioned_job(
    my_trip_update_job, name="my_schedule", day_of_month=5, hour_of_day=0
)"""

# name -> the (old, new) replacements that make the mistake
MISTAKES = {
    "selects_everything": [(SELECTION, "dg.AssetSelection.all()")],
    "misses_the_zones": [(SELECTION, 'dg.AssetSelection.assets("taxi_trips_file", "taxi_trips")')],
    "raw_files_only": [(SELECTION, 'dg.AssetSelection.groups("raw_files")')],
    "weekly_partitions_def": [
        ("import dagster as dg\n", "import dagster as dg\n\nfrom course_lib.defs.partitions import weekly_partition\n"),
        ("    selection=", "    partitions_def=weekly_partition,\n    selection="),
    ],
    "plain_schedule": [
        (SCHEDULE, 'my_schedule = dg.ScheduleDefinition(job=my_trip_update_job, cron_schedule="0 0 5 * *")')
    ],
    "fires_on_the_first": [(SCHEDULE_CALL, "day_of_month=1, hour_of_day=0\n)")],
    "runs_the_month_just_begun": [
        (
            SCHEDULE,
            """@dg.schedule(job=my_trip_update_job, cron_schedule="0 0 5 * *")
def my_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    return dg.RunRequest(partition_key=context.scheduled_execution_time.strftime("%Y-%m-01"))""",
        )
    ],
    "unsolved": [(SOURCE, "my_trip_update_job = None  # YOUR CODE HERE\nmy_schedule = None  # YOUR CODE HERE\n")],
    "unsolved_schedule": [(SCHEDULE, "my_schedule = None")],
}


def load(name: str) -> types.ModuleType:
    """The submission `name` as a module: correct.py or blog.py ("blog"), with that mistake made."""
    source = BLOG if name == "blog" else SOURCE
    return as_module(with_changes(source, MISTAKES.get(name, []), name), name)
