"""Run the course's jobs in-process against the persistent instance, quietly, with a plain summary."""

import functools
import os
import re
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import dagster as dg

from course_lib.definitions import defs
from course_lib.defs.partitions import check_partition_key
from course_lib.in_process.instance import course_instance

# The console logger prints a dozen DEBUG lines per step; the event log still lands in the instance.
QUIET_RUN_CONFIG = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}

# execute_in_process has no argument for a range of partitions: these reserved run tags are the way in.
RANGE_START_TAG, RANGE_END_TAG = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


@functools.cache
def course_definitions() -> dg.Definitions:
    """The code location's Definitions (course_lib.definitions), loaded once per process."""
    return defs()


@dataclass(frozen=True)
class RunSummary:
    """What one partition run did: its id, outcome, rows loaded and, on failure, why in a sentence."""

    partition_key: str
    run_id: str
    success: bool
    seconds: float
    row_count: int | None
    error: str | None = None

    def __str__(self) -> str:
        if self.success:
            rows = f"{self.row_count:,} rows, " if self.row_count is not None else ""
            return f"{self.partition_key}: done ({rows}{self.seconds:.1f} s, run {self.run_id[:8]})"
        return f"{self.partition_key}: FAILED (run {self.run_id[:8]}): {self.error}"


def run_partition(
    partition_key: str,
    job_name: str = "trip_update_job",
    *,
    assets: list[str] | None = None,
    instance: dg.DagsterInstance | None = None,
    tags: dict[str, str] | None = None,
) -> RunSummary:
    """Run one partition of a course job (or only some of its `assets`) in this process, recorded in the instance."""
    job = course_definitions().resolve_job_def(job_name)
    check_partition_key(partition_key, job.partitions_def)
    # The month's row count: the last "row_count" of this partition (taxi_zones' has no partition).
    return _run(
        job,
        partition_key,
        instance,
        "row_count",
        partition_key,
        partition_key=partition_key,
        tags=tags,
        asset_selection=[dg.AssetKey(a) for a in assets] if assets else None,
    )


def run_partition_range(
    first: str,
    last: str,
    job_name: str = "trips_single_run_job",
    *,
    instance: dg.DagsterInstance | None = None,
    tags: dict[str, str] | None = None,
) -> RunSummary:
    """Run the months `first` to `last` of a single-run job in one in-process run, recorded in the instance."""
    job = course_definitions().resolve_job_def(job_name)
    check_partition_key(first, job.partitions_def)
    check_partition_key(last, job.partitions_def)
    first, last = sorted([first, last])
    # Every month of the range is materialized with the same "range_row_count": the whole range's rows.
    return _run(
        job,
        f"{first}...{last}",
        instance,
        "range_row_count",
        None,
        tags={**(tags or {}), RANGE_START_TAG: first, RANGE_END_TAG: last},
    )


# Panels that show partition status (MonthPicker, StatusGrid) ask to be told when a run in this kernel ends, so
# their labels follow runs made by later cells. Weak references: a panel nobody shows any more is not kept alive.
_after_each_run: list[weakref.WeakMethod] = []


def after_each_run(method: Callable[[], None]) -> None:
    """Call this bound method (e.g. a panel's refresh) whenever an in-process run ends, while its object lives."""
    _after_each_run.append(weakref.WeakMethod(method))


def _tell_the_panels() -> None:
    for reference in list(_after_each_run):
        method = reference()
        if method is None:
            _after_each_run.remove(reference)
            continue
        try:
            method()
        except Exception:  # a panel that cannot refresh must not fail the run it follows
            continue


def _run(
    job: dg.JobDefinition,
    label: str,
    instance: dg.DagsterInstance | None,
    count_key: str,
    count_partition: str | None,
    **execute,
) -> RunSummary:
    started = time.perf_counter()
    result = job.execute_in_process(
        instance=instance or course_instance(), run_config=QUIET_RUN_CONFIG, raise_on_error=False, **execute
    )
    row_counts = [
        event.materialization.metadata[count_key].value
        for event in result.get_asset_materialization_events()
        if count_key in event.materialization.metadata
        and (count_partition is None or event.materialization.partition == count_partition)
    ]
    summary = RunSummary(
        partition_key=label,
        run_id=result.run_id,
        success=result.success,
        seconds=time.perf_counter() - started,
        row_count=row_counts[-1] if row_counts else None,
        error=None if result.success else failure_sentence(result),
    )
    _tell_the_panels()
    return summary


def root_error(result: dg.ExecuteInProcessResult) -> tuple[str, str, str] | None:
    """(step, exception class name, message) of the first failed step's underlying error, if any."""
    for event in result.all_events:
        if event.is_step_failure:
            # The first error that is not Dagster's wrapper is the asset's own (a CourseError says what to do);
            # its own causes are detail. With only Dagster errors, the deepest is the most specific.
            error = event.step_failure_data.error
            while error.cause is not None and (error.cls_name or "").startswith("Dagster"):
                error = error.cause
            # "course_lib.errors.MissingDataFile: There is no..." -> "There is no..."
            message = re.sub(rf"^[\w.]*{re.escape(error.cls_name or '')}: ", "", error.message.strip())
            return event.step_key, error.cls_name or "", message
    return None


def failure_sentence(result: dg.ExecuteInProcessResult) -> str:
    """The first failed step's underlying error, without Dagster's wrapper and traceback."""
    error = root_error(result)
    if error is None:
        return "the run failed before any step started; open it in `dagster dev` for details."
    step, _, message = error
    return f"{step} failed: {message}"


def log_messages(run_id: str, containing: str = "", instance: dg.DagsterInstance | None = None) -> list[str]:
    """The messages in a run's event log (those `containing` some text), as the UI's run page shows them."""
    entries = (instance or course_instance()).all_logs(run_id)
    return [entry.user_message for entry in entries if containing in entry.user_message]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        pass
    return True


def fail_runs_of_dead_processes(instance: dg.DagsterInstance | None = None) -> list[str]:
    """Mark failed the in-progress runs whose process is gone (a kernel killed or restarted mid-run); their ids.

    Dagster's daemon watches the runs it launched; a run made in a notebook that died would show
    'in progress' forever, and its month could never be retried as failed."""
    instance = instance or course_instance()
    failed = []
    in_progress = dg.RunsFilter(statuses=[dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED])
    for record in instance.get_run_records(in_progress):
        events = [entry.dagster_event for entry in instance.all_logs(record.dagster_run.run_id) if entry.dagster_event]
        pid = events[-1].pid if events else None
        if pid and pid != os.getpid() and not _alive(pid):
            instance.report_run_failed(
                record.dagster_run,
                f"The process that ran it (PID {pid}) is gone: it was "
                "stopped mid-run (a kernel restart, kill or crash). Run the month again.",
            )
            failed.append(record.dagster_run.run_id)
    return failed
