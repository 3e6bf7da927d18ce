"""What exercises 05 and 07 read from the learner's own instance and data: why a run failed, a month's rows."""

import re

import dagster as dg

from course_lib import settings, taxi_data


def step_failure(instance: dg.DagsterInstance, run_id: str) -> tuple[str, str]:
    """(error class, sentence) of a failed run's first failed step, under Dagster's wrapper errors."""
    for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_FAILURE):
        error = entry.dagster_event.step_failure_data.error
        while error.cause is not None and (error.cls_name or "").startswith("Dagster"):
            error = error.cause
        # "course_lib.errors.DamagedDataFile: yellow_tripdata_... is damaged" -> "yellow_tripdata_... is damaged"
        message = re.sub(rf"^[\w.]*{re.escape(error.cls_name or '')}: ", "", (error.message or "").strip())
        return error.cls_name or "", message.splitlines()[0] if message else ""
    return "", "it failed before any step started: open the run in the Dagster UI to see why"


def expected_rows(month: str) -> int:
    """The rows a month ('YYYY-MM') has in its file: generated files have a known count; downloaded ones are read."""
    if settings.data_source() == "download" and taxi_data.trips_file_path(month).exists():
        return taxi_data.row_count(taxi_data.trips_file_path(month))
    return taxi_data.expected_row_count(month)
