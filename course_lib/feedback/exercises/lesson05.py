"""Exercise 05: break a month, load a range, retry only the month that failed, judged from the learner's own
instance (run records, materializations) and DuckDB file, never a sandbox.

What the records must show, as the check reads them:
- a *load* is the runs that share a batch id, the "course/month_by_month" tag of run_month_by_month (and
  of the panels, which call it), or a backfill id, the "dagster/backfill" tag of a daemon backfill; its
  months are its runs' "dagster/partition" keys. Only runs of taxi_trips or its file count (trip_update_job,
  or a selection of them);
- the *judged load* is the latest load of three or more months in which a month failed: the latest attempt;
- a failed month's *retry* is its first taxi_trips materialization after its failed run, with every run of the
  load that made it (re-running the whole range is one load, and re-runs every month of it);
- graded: (1) in the judged load exactly one month failed, on a broken or missing file; (2) every failed month
  has a retry; (3) no month that loaded fine in the judged load ran again after it, up to the end of the
  retries' loads (up to now while a retry is missing); (4) each month of the range has its expected rows in
  table trips.
"""

from dataclasses import dataclass

import dagster as dg

from course_lib.feedback.exercise import Exercise
from course_lib.feedback.exercises.own_instance import expected_rows, step_failure
from course_lib.feedback.result import CheckResult, Criterion
from course_lib.in_process import database
from course_lib.in_process.instance import course_instance
from course_lib.in_process.month_by_month import DAGSTER_BACKFILL_TAG, MONTHS_TAG

EXERCISE = Exercise(
    key="05",
    title="a month fails, retry only that month",
    hints=(
        "Look at the status table after your failed load: which of the three months still need work, and which "
        "are fine already? A retry that runs months that are fine does more than it must.",
        "The month failed because its file is broken, and loading taxi_trips alone reads that same file again. "
        "Which asset of the full job makes the file, and does your retry run it?",
        "run_month_by_month can pick months by their status in the instance: read its keyword options with "
        "help(run_month_by_month). The panel above has the same choice as a checkbox; naming the one month "
        "yourself works too.",
    ),
    giveaways=("only_failed=True", "only_failed = True", 'run_month_by_month(["2023-11-01"]'),
)
hint = EXERCISE.hint

TRIP_ASSETS = {dg.AssetKey("taxi_trips_file"), dg.AssetKey("taxi_trips")}
BROKEN_FILE_ERRORS = {"DamagedDataFile", "MissingDataFile"}
MIN_MONTHS = 3

ONE_FAILED = "A load of 3 or more months had exactly one month fail, on its broken file"
RETRIED = "The failed month was loaded again, successfully"
ONLY_FAILED = "Only the failed month ran again (no other month of the range)"
ROWS = "Every month of the range has its expected rows in DuckDB"

NOT_STARTED = (
    "no load of three or more months has had a month fail in your instance yet. Break one month of October to "
    "December with corrupt_month_file, load the three months again from their files "
    '(run_month_by_month(..., assets=["taxi_trips"]): the full job would fetch a good file first, and nothing '
    "would fail), then retry, and run this check again."
)

WHY = (
    "Why it works: each month is its own run with its own status, so after the failed load the instance knows "
    "exactly which month needs work. The month that failed kept its old rows (its load rolled back), and the "
    "retry ran the full job for that month alone: taxi_trips_file fetched a good copy of the file, then "
    "taxi_trips reloaded it. The months that had loaded fine were left alone: on real data that can be hours of "
    "work not repeated, and rows nobody needed rewritten."
)

COURSE_VERSION = """\
print(corrupt_month_file("2023-11-01"))
print(run_month_by_month(october_to_december, assets=["taxi_trips"]))  # November fails, on its broken file

print(run_month_by_month(october_to_december, only_failed=True))  # November again, with the full job"""


@dataclass(frozen=True)
class Run:
    """One run of a month, as the check needs it."""

    run_id: str
    month: str  # the partition key, "2023-11-01"
    load: str  # its batch or backfill id, or its own run id when no loop or backfill made it
    created: float
    success: bool
    failed: bool


def _trip_runs(instance: dg.DagsterInstance) -> list[Run]:
    """Every finished or running run of a month of taxi_trips or its file, oldest first."""
    runs = []
    for record in instance.get_run_records():
        run = record.dagster_run
        month = run.tags.get("dagster/partition")
        targets_trips = run.job_name == "trip_update_job" or bool(set(run.asset_selection or ()) & TRIP_ASSETS)
        if not month or not targets_trips:
            continue
        load = run.tags.get(MONTHS_TAG) or run.tags.get(DAGSTER_BACKFILL_TAG) or run.run_id
        runs.append(
            Run(
                run.run_id,
                month,
                load,
                record.create_timestamp.timestamp(),
                run.status == dg.DagsterRunStatus.SUCCESS,
                run.status == dg.DagsterRunStatus.FAILURE,
            )
        )
    return sorted(runs, key=lambda run: run.created)


def _not_retried_advice(instance: dg.DagsterInstance, runs: list[Run], failed_run: Run) -> str:
    """What to do about a failed month that has not been loaded since, in a sentence."""
    month = failed_run.month
    again = [run for run in runs if run.month == month and run.created > failed_run.created]
    if again and again[-1].failed:
        why = step_failure(instance, again[-1].run_id)[1].rstrip(".")
        return (
            f"{month} ran again but failed again ({why}). Loading taxi_trips "
            "alone reads the same broken file: retry with the full job, whose taxi_trips_file makes a good copy first"
        )
    return (
        f"{month} has not been loaded since it failed: retry it with the full job (taxi_trips_file makes a good "
        "copy of the file first, then taxi_trips loads it)"
    )


def _months(keys) -> str:
    """'2023-10 and 2023-12'."""
    names = [key[:7] for key in sorted(keys)]
    return " and ".join([", ".join(names[:-1]), names[-1]] if len(names) > 1 else names)


@EXERCISE.check
def check_retry(instance: dg.DagsterInstance | None = None) -> CheckResult:
    """Judge the learner's latest failed load of a range, and what ran after it, from their instance and DuckDB."""
    instance = instance or course_instance()
    runs = _trip_runs(instance)
    loads: dict[str, list[Run]] = {}
    for run in runs:
        loads.setdefault(run.load, []).append(run)
    # Each load's months by their last run in it (a daemon backfill may run a month twice).
    outcomes = {load: {run.month: run for run in load_runs} for load, load_runs in loads.items()}
    failed_loads = [
        load
        for load, months in outcomes.items()
        if len(months) >= MIN_MONTHS and any(run.failed for run in months.values())
    ]
    if not failed_loads:
        return EXERCISE.result(not_solved=NOT_STARTED)
    judged = max(failed_loads, key=lambda load: loads[load][0].created)
    latest = outcomes[judged]
    range_months = sorted(latest)
    span = f"{range_months[0]} to {range_months[-1]}"
    failed = [run for run in latest.values() if run.failed]
    errors = {run.month: step_failure(instance, run.run_id) for run in failed}
    broken = [run for run in failed if errors[run.month][0] in BROKEN_FILE_ERRORS]
    if len(failed) == 1 and broken:
        one_failed = Criterion(ONE_FAILED, True)
    elif len(failed) == 1:
        error_class, message = errors[failed[0].month]
        one_failed = Criterion(
            ONE_FAILED,
            False,
            f"in your load of {span}, {failed[0].month} failed, but not on a broken file ({error_class}: "
            f"{message}): break one month's file with corrupt_month_file, then load the range again",
        )
    else:
        one_failed = Criterion(
            ONE_FAILED,
            False,
            f"in your load of {span}, {len(failed)} months failed ({_months(r.month for r in failed)}): break "
            "exactly one month's file, so that the failure you retry is the one you made",
        )
    criteria = [one_failed]

    # The retry of each failed month: its first taxi_trips materialization after its failed run.
    retries, not_retried = {}, {}
    for failed_run in failed:
        made = instance.fetch_materializations(
            dg.AssetRecordsFilter(
                asset_key=dg.AssetKey("taxi_trips"),
                asset_partitions=[failed_run.month],
                after_timestamp=failed_run.created,
            ),
            limit=1,
            ascending=True,
        ).records
        if made:
            retries[failed_run.month] = made[0]
        else:
            not_retried[failed_run.month] = _not_retried_advice(instance, runs, failed_run)
    criteria.append(Criterion(RETRIED, not not_retried, "; ".join(not_retried.values())))

    # The months that had loaded fine, run again after the failed load and up to the end of the retry's load.
    after = loads[judged][-1].created
    until = float("inf") if not_retried else 0.0  # no retry yet: anything since the failed load counts
    for made in retries.values():
        retry = next((run for run in runs if run.run_id == made.run_id), None)
        until = max(until, max(run.created for run in loads[retry.load]) if retry else made.timestamp)
    fine = {month for month, run in latest.items() if run.success}
    rerun = sorted({run.month for run in runs if after < run.created <= until and run.month in fine})
    criteria.append(
        Criterion(
            ONLY_FAILED,
            not rerun,
            f"after the failed load, {_months(rerun)} ran again too, though {'it' if len(rerun) == 1 else 'they'} "
            "had loaded fine. On real data a month can take minutes or hours, and a re-run rewrites rows "
            "nobody needed changed: the point of partitions is that a retry is exactly the month that failed. "
            "To try again: break a month again, load the range from its files, then retry only what fails",
        )
    )

    rows = database.rows_per_month()
    wrong = {key[:7]: rows.get(key[:7], 0) for key in range_months if rows.get(key[:7], 0) != expected_rows(key[:7])}
    criteria.append(
        Criterion(
            ROWS,
            not wrong,
            "; ".join(f"{m} has {n:,} rows in table trips, {expected_rows(m):,} in its file" for m, n in wrong.items())
            + ": load those months again (the full job)",
        )
    )
    return EXERCISE.result(*criteria, solved_note=WHY, solved_code=COURSE_VERSION)
