"""Exercise 04: the partitioned `trip_update_job` and a schedule that runs the month that just ended.

Part (a), `check_trip_update_job`: the job selects every asset but trips_by_week, is monthly, and its run of one
month loads that month into DuckDB (run for real in a sandbox). Part (b), `check_trip_update_schedule`, judges the
job again and the schedule: it fires at 00:00 on the 5th and each tick runs the month that just ended. Advice
beyond the lesson: leave out taxi_trips_single_run, and no `partitions_def=` (deprecated in Dagster 1.13).
"""

import ast
import inspect
import warnings
from datetime import UTC, datetime

import dagster as dg
import pandas as pd

from course_lib import taxi_data
from course_lib.defs import jobs as course_jobs
from course_lib.defs import schedules as course_schedules
from course_lib.defs.partitions import monthly_partition, weekly_partition
from course_lib.defs.resources import CourseDuckDBResource, database_resource
from course_lib.feedback.exercise import Exercise
from course_lib.feedback.result import CheckResult, Criterion
from course_lib.feedback.sandbox import duckdb_file, sandbox, trips_table
from course_lib.in_process.runs import QUIET_RUN_CONFIG, course_definitions, root_error
from course_lib.in_process.schedule_ticks import NO_KEY, SKIPPED

EXERCISE = Exercise(
    key="04",
    title="a partitioned job and its schedule",
    hints=(
        "Job: start from a selection of every asset and take one away; selections combine with |, & and -. "
        "Schedule: a plain ScheduleDefinition fires on time but never says which month to run. Dagster can also "
        "build a schedule from a partitioned job, and that kind picks the partition for each tick.",
        "Job: dg.AssetSelection.all() selects every asset, dg.AssetSelection.assets(name) one by its name; leave "
        "partitions_def out, Dagster takes the months from the assets. Schedule: look in dg for the function "
        "whose name says it builds a schedule from a partitioned job; each tick runs the last month that has ended.",
        "Job: subtract the selection of trips_by_week from the selection of every asset. Schedule: "
        "dg.build_schedule_from_partitioned_job takes your job, and keywords for when to fire: the day of the "
        "month and the hour of the day (midnight is hour 0).",
    ),
    giveaways=(
        'AssetSelection.all() - dg.AssetSelection.assets("trips_by_week"',
        'AssetSelection.all() - dg.AssetSelection.assets(["trips_by_week"',
        "AssetSelection.all() - trips_by_week",
        "build_schedule_from_partitioned_job(",
        "day_of_month=5",
    ),
)
hint = EXERCISE.hint

MONTH = "2023-03-01"
LEFT_OUT, EXTRA = dg.AssetKey("trips_by_week"), dg.AssetKey("taxi_trips_single_run")
TICKS = [(datetime(2023, 3, 5), "2023-02-01"), (datetime(2023, 12, 5), "2023-11-01")]

JOB_SELECTS = "my_trip_update_job selects every asset but trips_by_week"
JOB_MONTHLY = "It is partitioned by month (the 12 months of 2023)"
JOB_RUNS = f"Its run of {MONTH} loads March's trips into DuckDB"
JOB_NO_EXTRA = "It leaves out taxi_trips_single_run"
JOB_INFERRED = "It takes its months from its assets (no partitions_def=)"
FIRES = "my_schedule fires at midnight on the 5th of each month"
TICK_MONTHS = "Each tick runs the month that just ended (2023-03-05 runs 2023-02-01, 2023-12-05 runs 2023-11-01)"

WHY = (
    "Why it works: a job's partitions come from the assets it selects, all monthly once trips_by_week is left "
    "out, so every run of the job is one month. A plain ScheduleDefinition fires on time but sends no partition "
    "key, so its runs fail; a schedule built from the partitioned job turns each tick into the last month that "
    "has ended (the 2023-03-05 tick runs 2023-02-01). It skips its first tick (no month has ended yet), and "
    "after end_date every tick asks for the last month, 2023-12-01, again. It does not fill in the months before "
    "it was turned on: that is what backfills are for (next notebook)."
)


def _course_assets() -> list[dg.AssetsDefinition]:
    # The defs folder's modules import each other's assets, so the same object can be listed twice.
    return list({asset.key: asset for asset in course_definitions().assets}.values())


def assets_table() -> pd.DataFrame:
    """The course's assets a job can select: name, group, and partitions."""
    rows = []
    for asset in _course_assets():
        for key in asset.keys:
            partitions = asset.partitions_def
            keys = partitions.get_partition_keys() if partitions is not None else []
            rows.append(
                {
                    "asset": key.to_user_string(),
                    "group": asset.group_names_by_key[key],
                    "partitions": f"{len(keys)} {_GRAIN.get(partitions, 'keys')}, {keys[0]} to {keys[-1]}"
                    if keys
                    else "none",
                    "note": _NOTES.get(key, ""),
                }
            )
    table = pd.DataFrame(rows)
    table["order"] = table["group"].map({"raw_files": 0, "ingested": 1}).fillna(2)  # upstream first
    return table.sort_values(["order", "asset"]).drop(columns="order").set_index("asset")


_GRAIN = {monthly_partition: "months", weekly_partition: "weeks"}
_NOTES = {
    EXTRA: "the course's extra (notebook 05)",
    LEFT_OUT: "weekly, its own job (notebook 06)",
}


def _definitions(database=database_resource, **definitions) -> dg.Definitions:
    """The course's assets (none of its jobs or schedules, so the learner's names never clash) with `definitions`."""
    return dg.Definitions(
        assets=_course_assets(), resources={"database": database}, executor=dg.in_process_executor, **definitions
    )


def _job_not_solved(job) -> str:
    """Why `job` cannot be judged yet ('' when it can)."""
    if job is None:
        return "my_trip_update_job is still None: make it with dg.define_asset_job(name=..., selection=...)."
    if job is course_jobs.trip_update_job or isinstance(job, dg.JobDefinition):
        return (
            "that is the course's own trip_update_job (or another job already built): write your own with "
            "dg.define_asset_job(name=..., selection=...)."
        )
    if not hasattr(job, "selection") or not hasattr(job, "resolve"):
        return f"got {type(job).__name__}: make my_trip_update_job with dg.define_asset_job(name=..., selection=...)."
    return ""


def _resolve_job(job, database=database_resource) -> tuple[dg.JobDefinition | None, str]:
    """The learner's job resolved against the course's assets, or None and Dagster's error in a sentence."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the deprecation and backfill-policy warnings are turned into advice
            return _definitions(database, jobs=[job]).resolve_job_def(job.name), ""
    except Exception as error:  # a learner's mistake, reported as a sentence
        cause = error
        while cause.__cause__ is not None:
            cause = cause.__cause__
        return None, str(cause).splitlines()[0].rstrip(": ")


def _unresolved_advice(error: str) -> str:
    if "same partitions definitions" in error:
        return (
            "Dagster cannot make it one job: its assets have different partitions (monthly and weekly), and a run "
            "of a job works on one partition key. Leave trips_by_week out."
        )
    if "different partitions definition than the one specified for the job" in error:
        return (
            "its partitions_def is not the assets' monthly_partition, so Dagster refuses the job: leave "
            "partitions_def out, and Dagster takes the months from the assets."
        )
    return f"Dagster could not make the job: {error}"


def _judge_job(job) -> list[Criterion]:
    """Part (a)'s criteria, graded then advice: the selection, the partitions, and a real run of one month."""
    everything = {key for asset in _course_assets() for key in asset.keys}
    try:
        selected = set(job.selection.resolve(_course_assets()))
        selection_error = ""
    except Exception as error:  # e.g. an asset name with a typo
        selected, selection_error = set(), str(error).splitlines()[0]
    wanted = everything - {LEFT_OUT}
    missing = sorted(key.to_user_string() for key in wanted - selected - {EXTRA})
    if selection_error:
        selects_advice = f"its selection does not resolve: {selection_error}"
    elif LEFT_OUT in selected:
        selects_advice = (
            "it selects trips_by_week too: that asset is weekly, while the job's other assets are monthly. "
            "Leave it out."
        )
    else:
        selects_advice = f"it leaves out {', '.join(missing)}: select every asset except trips_by_week"
    criteria = [Criterion(JOB_SELECTS, not selection_error and selected - {EXTRA} == wanted - {EXTRA}, selects_advice)]

    resolved, error = _resolve_job(job)
    if resolved is None:
        monthly, monthly_advice = False, _unresolved_advice(error)
    elif resolved.partitions_def is None:
        monthly = False
        monthly_advice = (
            "it has no partitions: a job is partitioned when the assets it selects are (here taxi_trips_file and "
            "taxi_trips, both monthly)"
        )
    else:
        keys = resolved.partitions_def.get_partition_keys()
        monthly = keys == monthly_partition.get_partition_keys()
        monthly_advice = f"its partition keys run from {keys[0]} to {keys[-1]} ({len(keys)} keys)" if keys else ""
    criteria.append(Criterion(JOB_MONTHLY, monthly, monthly_advice))
    criteria.append(_run_one_month(job) if resolved is not None and monthly else _not_run(resolved))

    criteria.append(
        Criterion(
            JOB_NO_EXTRA,
            EXTRA not in selected,
            "it also selects taxi_trips_single_run, the course's extra asset that loads the same table a range of "
            "months at a time (notebook 05): every run would load the month twice, and Dagster warns that the job "
            "mixes backfill policies. The course's job subtracts it too.",
            graded=False,
        )
    )
    criteria.append(
        Criterion(
            JOB_INFERRED,
            getattr(job, "partitions_def", None) is None,
            "it passes partitions_def=, as the lesson does: Dagster 1.13 deprecates it (removal in 2.0) because it "
            "takes the months from the selected assets. Leave it out.",
            graded=False,
        )
    )
    return criteria


def _not_run(resolved) -> Criterion:
    why = "Dagster could not make the job" if resolved is None else "the job is not monthly"
    return Criterion(JOB_RUNS, False, f"not run: {why} (see above)")


def _run_one_month(job) -> Criterion:
    """Run the learner's job for MONTH in a sandbox and compare table trips with March's file."""
    with sandbox(months=(MONTH[:7],)) as data:
        resolved, error = _resolve_job(job, CourseDuckDBResource(database=str(duckdb_file(data))))
        result = resolved.execute_in_process(
            partition_key=MONTH,
            instance=dg.DagsterInstance.ephemeral(),
            run_config=QUIET_RUN_CONFIG,
            raise_on_error=False,
        )
        file_rows = taxi_data.row_count(taxi_data.trips_file_path(MONTH[:7]))
        rows = trips_table(data)[1]
    if not result.success:
        step, error_class, message = root_error(result) or ("", "", "the run failed")
        return Criterion(JOB_RUNS, False, f"its run failed: {step} raised {error_class}: {message}")
    if rows is None:
        return Criterion(
            JOB_RUNS, False, "its run left no table trips: select taxi_trips (and taxi_trips_file, which it reads)"
        )
    return Criterion(
        JOB_RUNS,
        rows == {MONTH[:7]: file_rows},
        f"table trips holds {rows} after the run; March's file has {file_rows:,} rows",
    )


def _part_a_result(criteria=(), not_solved: str = "") -> CheckResult:
    return CheckResult(
        f"Exercise {EXERCISE.key}, part (a): my_trip_update_job",
        tuple(criteria),
        not_solved=not_solved,
        hints=len(EXERCISE.hints),
        done="part (a) done: on to part (b), the schedule",
    )


def check_trip_update_job(job) -> CheckResult:
    """Part (a): resolve the learner's job against the course's assets and run one month of it in a sandbox.

    Recorded in the progress file as a step: exercise 04 is solved by check_trip_update_schedule, both parts."""
    not_solved = _job_not_solved(job)
    result = _part_a_result(not_solved=not_solved) if not_solved else _part_a_result(_judge_job(job))
    EXERCISE.record(result, part="a")
    return result


def _schedule_not_solved(schedule) -> str:
    if schedule is None:
        return "my_schedule is still None: build it (part b), then run this check again."
    if schedule is course_schedules.trip_update_schedule:
        return "that is the course's own trip_update_schedule: build your own my_schedule."
    if not isinstance(schedule, dg.ScheduleDefinition) and not hasattr(schedule, "job"):
        return f"got {type(schedule).__name__}: my_schedule should be a schedule of your job."
    return ""


def _resolve_schedule(schedule) -> tuple[dg.ScheduleDefinition | None, dg.RepositoryDefinition | None, str]:
    """The learner's schedule with the course's assets around it (its job may be an asset job), or Dagster's error."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            repository = _definitions(schedules=[schedule]).get_repository_def()
            return repository.get_schedule_def(schedule.name), repository, ""
    except Exception as error:  # the schedule's job does not resolve: said in a sentence
        return None, None, str(error).splitlines()[0]


def _tick(schedule: dg.ScheduleDefinition, repository: dg.RepositoryDefinition, when: datetime) -> str:
    """What the tick at `when` (UTC) asks for: a partition key, NO_KEY or SKIPPED (as the daemon evaluates it)."""
    context = dg.build_schedule_context(
        scheduled_execution_time=when.replace(tzinfo=UTC),
        instance=dg.DagsterInstance.ephemeral(),
        repository_def=repository,
    )
    requests = schedule.evaluate_tick(context).run_requests or []
    if not requests:
        return SKIPPED
    return requests[0].partition_key or NO_KEY


def _judge_schedule(schedule) -> list[Criterion]:
    resolved, repository, error = _resolve_schedule(schedule)
    if resolved is None:
        advice = f"not checked: Dagster could not make the schedule ({error})"
        if error.startswith("Failed to resolve asset job"):
            advice = "not checked: Dagster cannot make the schedule's job yet, see part (a) above"
        return [Criterion(FIRES, False, advice), Criterion(TICK_MONTHS, False, advice)]
    cron = resolved.cron_schedule
    fires = Criterion(
        FIRES,
        cron == "0 0 5 * *",
        f"it fires on '{cron}' (minute, hour, day of month, month, day of week): it should fire at 00:00 on day 5",
    )
    asked = {}
    for when, _ in TICKS:
        try:
            asked[when] = _tick(resolved, repository, when)
        except Exception as error:  # the learner's own evaluation function failed
            asked[when] = f"{type(error).__name__}: {str(error).splitlines()[0]}"
    wrong = [(when, wanted) for when, wanted in TICKS if asked[when] != wanted]
    if not wrong:
        return [fires, Criterion(TICK_MONTHS, True)]
    when, wanted = wrong[0]
    got = asked[when]
    if got == NO_KEY:
        advice = (
            "its ticks send no partition key, so each run would fail (a plain ScheduleDefinition never says which "
            "month to run). Dagster can build a schedule from a partitioned job instead: that kind picks the month "
            "for each tick."
        )
    elif "Error: " in got:
        advice = f"its tick of {when:%Y-%m-%d} failed with {got} It should run {wanted}, the month that just ended"
        if "DagsterUnknownPartitionError" in got:
            advice += " (a month is a partition only once it has ended)"
    elif got == SKIPPED:
        advice = f"its tick of {when:%Y-%m-%d} runs nothing: it should run {wanted}, the month that just ended"
    else:
        advice = f"its tick of {when:%Y-%m-%d} asks for {got}: it should run {wanted}, the month that just ended"
    return [fires, Criterion(TICK_MONTHS, False, advice)]


@EXERCISE.check
def check_trip_update_schedule(schedule, job) -> CheckResult:
    """The whole exercise: the learner's job (part a, run for real in a sandbox) and their schedule's ticks."""
    not_solved = _job_not_solved(job)
    if not_solved:
        return EXERCISE.result(not_solved=f"part (a) first: {not_solved}")
    not_solved = _schedule_not_solved(schedule)
    if not_solved:
        return EXERCISE.result(not_solved=not_solved)
    job_criteria = _judge_job(job)
    graded = [c for c in job_criteria if c.graded] + _judge_schedule(schedule)
    advice = [c for c in job_criteria if not c.graded]
    return EXERCISE.result(*graded, *advice, solved_note=WHY, solved_code=_course_source())


def _assignments(module, names: list[str]) -> str:
    """The source of the top-level assignments to `names` in `module`, in the module's order."""
    source = inspect.getsource(module)
    tree = ast.parse(source)
    parts = [
        ast.get_source_segment(source, node)
        for node in tree.body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in names for t in node.targets)
    ]
    return "\n".join(parts)


def _course_source() -> str:
    jobs = _assignments(course_jobs, ["trips_by_week", "taxi_trips_single_run", "trip_update_job"])
    schedules = _assignments(course_schedules, ["trip_update_schedule"])
    return f"# course_lib/defs/jobs.py\n{jobs}\n\n# course_lib/defs/schedules.py\n{schedules}"
