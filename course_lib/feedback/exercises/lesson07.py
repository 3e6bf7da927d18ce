"""Exercise 07: launch a backfill of July to September yourself (the Dagster UI or the GraphQL client) and let the
daemon finish it, judged from the learner's own instance (`instance.get_backfills()`, the runs tagged
"dagster/backfill") and DuckDB file.

Judged by what it asked for, not by who clicked: a backfill's months are the partitions it targets for
taxi_trips_file and taxi_trips (an asset backfill) or its partition names (a backfill of trip_update_job). The judged
backfill is the latest one of exactly those three months for both assets that finished with COMPLETED_SUCCESS, else
the latest such one; with none, the latest backfill touching the months is told what it asked for differently.
No backfill touching the months at all is "not solved yet", and so is one still running (with its progress).
"""

import dagster as dg

from course_lib.feedback.exercise import Exercise
from course_lib.feedback.exercises.own_instance import expected_rows, step_failure
from course_lib.feedback.result import CheckResult, Criterion
from course_lib.in_process import database
from course_lib.in_process.instance import course_instance
from course_lib.in_process.month_by_month import DAGSTER_BACKFILL_TAG, month_range
from course_lib.in_process.runs import course_definitions

EXISTS = "A backfill of 2023-07-01 to 2023-09-01 (those three months, both assets) is in your instance"
FINISHED = "It finished successfully (COMPLETED_SUCCESS)"
RUNS_OK = "Each of its runs succeeded"
ROWS = "The three months' rows are in DuckDB"

EXERCISE = Exercise(
    key="07",
    title="launch a backfill yourself",
    hints=(
        "Two ways in: the Dagster UI, at the address the exercise cell prints, or the GraphQL client the "
        "notebook used for April to June. In the UI, a backfill starts from Materialize selected, for the assets "
        "you ticked and the partitions you pick.",
        "In the Assets catalog, tick both taxi_trips_file and taxi_trips (the file is made first, then loaded), "
        "then Materialize selected. The dialog's partition box takes a range typed as [first...last], e.g. "
        "[2023-04-01...2023-06-01], then Launch backfill.",
        "Your backfill shows on the Runs page, tab Backfills, and the daemon turns it into one run per month at "
        "its next pass (it looks every 30 s). In code, ui.launch_backfill takes the list of partition keys that "
        "month_range gives, and follow(ui, backfill_id, months) follows it, as the notebook did for April to June.",
    ),
    criteria=(EXISTS, FINISHED, RUNS_OK, ROWS),
    giveaways=('launch_backfill(month_range("2023-07-01"', "launch_backfill(month_range('2023-07-01'"),
)
hint = EXERCISE.hint

ASKED = month_range("2023-07-01", "2023-09-01")
TRIP_ASSETS = {dg.AssetKey("taxi_trips_file"), dg.AssetKey("taxi_trips")}
STILL_GOING = {"REQUESTED", "CANCELING", "FAILING"}


WHY = (
    "Why it works: the UI's button (or launch_backfill) only asks: the webserver records a backfill, REQUESTED. "
    "The daemon turns it into one run per month at its next pass, the run queue starts them two at a time, each in "
    "a process of its own, and the daemon marks the backfill COMPLETED_SUCCESS once every run has succeeded. "
    "None of it runs in the notebook: with `make dagster` serving the UI, closing the notebook would not have "
    "stopped the backfill."
)

COURSE_VERSION = """\
backfill_id = ui.launch_backfill(month_range("2023-07-01", "2023-09-01"))  # taxi_trips_file and taxi_trips
print(ui.follow_backfill(backfill_id))  # polls the webserver until the daemon has finished it"""


def _targets(backfill) -> dict[dg.AssetKey, set[str]]:
    """The partitions a backfill asked for, per asset of the trips it touches."""
    if backfill.is_asset_backfill:
        data = backfill.asset_backfill_data or backfill.get_asset_backfill_data(
            course_definitions().resolve_asset_graph()
        )
        subsets = data.target_subset.partitions_subsets_by_asset_key
        return {key: set(subset.get_partition_keys()) for key, subset in subsets.items() if key in TRIP_ASSETS}
    if backfill.job_name == "trip_update_job":
        return {key: set(backfill.partition_names or ()) for key in TRIP_ASSETS}
    return {}


def _differences(targets: dict[dg.AssetKey, set[str]], asked: set[str]) -> list[str]:
    """How a backfill's targets differ from both assets for exactly the months `asked`, in words."""
    months = set().union(*targets.values())
    said = []
    if asked - months:
        said.append(f"asked for {_span(months)}, leaving out {', '.join(sorted(asked - months))}")
    if months - asked:
        said.append(f"asked for {', '.join(sorted(months - asked))} too, which the exercise does not")
    if dg.AssetKey("taxi_trips") not in targets:
        said.append("selected only taxi_trips_file, so no month reaches table trips: select taxi_trips too")
    elif dg.AssetKey("taxi_trips_file") not in targets:
        said.append(
            "selected only taxi_trips, which loads files made earlier: select taxi_trips_file too, so each "
            "month's file is made first"
        )
    uneven = [key.to_user_string() for key, keys in targets.items() if keys != months]
    if uneven and not said:
        said.append(f"asked for other months for {', '.join(sorted(uneven))} than for the other asset")
    return said


def _span(keys) -> str:
    keys = sorted(keys)
    return keys[0] if len(keys) == 1 else f"{keys[0]} to {keys[-1]}"


@EXERCISE.check
def check_backfill() -> CheckResult:
    """Find the learner's backfill of July to September in their instance and judge it, its runs and the rows."""
    return judge_backfill(ASKED)


def judge_backfill(asked: list[str], instance: dg.DagsterInstance | None = None) -> CheckResult:
    """Judge the latest backfill of the months `asked` in the instance (the check, for any range of months)."""
    instance = instance or course_instance()
    backfills = sorted(instance.get_backfills(), key=lambda backfill: backfill.backfill_timestamp)
    # An asset backfill's targets are decoded against the asset graph: once per backfill, used thrice below.
    targets = {backfill.backfill_id: _targets(backfill) for backfill in backfills}
    months = {backfill_id: set().union(*assets.values()) for backfill_id, assets in targets.items()}
    exists = EXISTS.replace("2023-07-01 to 2023-09-01", _span(asked))
    touching = [backfill for backfill in backfills if months[backfill.backfill_id] & set(asked)]
    if not touching:
        others = [_span(months[b.backfill_id]) for b in backfills if months[b.backfill_id]]
        return EXERCISE.result(
            not_solved=f"there is no backfill of {_span(asked)} in your instance yet"
            + (f" (yours are of other months: {'; '.join(others)})" if others else "")
            + ". Launch one from the Dagster UI (at the address the exercise cell prints), or with the "
            "GraphQL client, then run this check again."
        )
    both = {key: set(asked) for key in TRIP_ASSETS}
    exact = [backfill for backfill in touching if targets[backfill.backfill_id] == both]
    if not exact:
        latest = touching[-1]
        return EXERCISE.result(
            Criterion(
                exists,
                False,
                f"your latest backfill of these months, {latest.backfill_id}, "
                + "; ".join(_differences(targets[latest.backfill_id], set(asked)))
                + f": launch a backfill of {_span(asked)} of taxi_trips_file and taxi_trips",
            )
        )
    succeeded = [backfill for backfill in exact if backfill.status.value == "COMPLETED_SUCCESS"]
    judged = (succeeded or exact)[-1]
    criteria = [Criterion(exists, True)]

    records = instance.get_run_records(dg.RunsFilter(tags={DAGSTER_BACKFILL_TAG: judged.backfill_id}))
    runs = sorted(records, key=lambda record: record.create_timestamp)
    done = {r.dagster_run.tags.get("dagster/partition") for r in runs if r.dagster_run.status.value == "SUCCESS"}
    wanted = sorted(months[judged.backfill_id])
    status = judged.status.value
    if status in STILL_GOING:
        waiting = ""
        if not runs:
            waiting = " (the daemon has not picked it up yet: it looks every 30 s)"
        elif set(wanted) <= done:
            waiting = " (every run is done: the daemon marks the backfill finished at its next pass)"
        return EXERCISE.result(
            *criteria,
            not_solved=f"your backfill {judged.backfill_id} of {_span(wanted)} is still running: "
            f"{len(done & set(wanted))} of {len(wanted)} months done{waiting}. Run this check again in a minute "
            "(if nothing moves for minutes, is the daemon running? `make dagster` runs one beside the webserver).",
        )
    finished_advice = {
        "COMPLETED_FAILED": "it finished with failed runs (COMPLETED_FAILED): fix what the failed runs say (below), "
        f"then launch a backfill of {_span(asked)} again",
        "CANCELED": f"it was canceled before it finished: launch a backfill of {_span(asked)} again and let the "
        "daemon finish it",
        "FAILED": "the daemon could not carry it out (FAILED"
        + (f": {judged.error.message.strip().splitlines()[0]}" if judged.error else "")
        + f"): launch a backfill of {_span(asked)} again",
    }.get(status, f"its status is {status}: launch a backfill of {_span(asked)} again and let the daemon finish it")
    criteria.append(Criterion(FINISHED, status == "COMPLETED_SUCCESS", finished_advice))

    failed = [r for r in runs if r.dagster_run.status.value in ("FAILURE", "CANCELED")]
    without_run = sorted(set(wanted) - {r.dagster_run.tags.get("dagster/partition") for r in runs})
    problems = [
        f"{r.dagster_run.tags.get('dagster/partition')} "
        + (
            f"failed: {step_failure(instance, r.dagster_run.run_id)[1]}"
            if r.dagster_run.status.value == "FAILURE"
            else "was canceled"
        )
        for r in failed
    ]
    if without_run:
        problems.append(f"{', '.join(without_run)} never ran")
    criteria.append(Criterion(RUNS_OK, not problems, "; ".join(problems)))

    rows = database.rows_per_month()
    wrong = {key[:7]: rows.get(key[:7], 0) for key in asked if rows.get(key[:7], 0) != expected_rows(key[:7])}
    rows_advice = "; ".join(
        f"{m} has {n:,} rows in table trips, {expected_rows(m):,} in its file" for m, n in wrong.items()
    )
    criteria.append(Criterion(ROWS, not wrong, rows_advice))
    return EXERCISE.result(*criteria, solved_note=WHY, solved_code=COURSE_VERSION)
