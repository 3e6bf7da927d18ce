"""Exercise 06: Dagster University's practice problems (a weekly partition, `trips_by_week` partitioned by it, its
job) and a static partition of the five boroughs with an asset partitioned by it.

Part 1, `check_trips_by_week`: the 52 weeks of 2023; the asset is partitioned by them; its week of 2023-01-29 (which
runs into February) runs, and its row holds the same sums DuckDB computes from `trips`; a re-run replaces only its
own row; the job selects the asset and runs one week. Part 2 with part 1, `check_weeks_and_boroughs`: the five
boroughs; the asset is partitioned by them; Queens's row counts the trips picked up there; a re-run replaces only
its own row. Everything runs for real in a sandbox. Advice beyond the lesson: a week whose second month is not
loaded fails instead of summing part of it, and the job takes its weeks from the asset (no `partitions_def=`).
"""

import ast
import inspect
import math
import warnings
from datetime import datetime

import dagster as dg

from course_lib.defs import jobs as course_jobs
from course_lib.defs import partitions as course_partitions
from course_lib.defs.assets import metrics
from course_lib.defs.assets.trips import taxi_trips, taxi_zones, taxi_zones_file
from course_lib.defs.partitions import weekly_partition
from course_lib.defs.resources import CourseDuckDBResource, database_resource
from course_lib.feedback.exercise import Exercise
from course_lib.feedback.result import CheckResult, Criterion
from course_lib.feedback.sandbox import Outcome, duckdb_file, materialize, sandbox
from course_lib.in_process import database
from course_lib.in_process.runs import QUIET_RUN_CONFIG, course_definitions, root_error

EXERCISE = Exercise(
    key="06",
    title="trips by week, and trips by borough",
    hints=(
        "Part 1: a weekly partition takes the same start_date and end_date as the monthly one, and end_date is "
        "exclusive. A week runs from its key, a Sunday, up to the next Sunday, and can reach into the next month: "
        "pick its trips by pickup time, not by partition_date. Part 2: a static partition is a list of keys you "
        "write down; table zones says which borough each pickup zone is in.",
        "Part 1: context.partition_time_window has the week's start and end. Make room for the week by deleting "
        "the row whose period is the week's start, then insert one row: the start, count(*), and the sums of "
        "passenger_count, total_amount and trip_distance. The job selects your asset by its name. Part 2: "
        "context.partition_key is the borough; join trips to zones on the pickup zone and count that borough's "
        "trips, replacing its row the same way.",
        "Part 1: pass [start.date(), start, end] to the INSERT as ? values and keep the trips whose pickup_datetime "
        "is at or after the start and before the end (strip the window's time zone with .replace(tzinfo=None)). "
        "dg.define_asset_job(name=..., selection=dg.AssetSelection.assets(...)) with your asset's name makes the "
        "job. Part 2: dg.StaticPartitionsDefinition takes the five names spelled as zones spells them, and "
        "trips.pickup_zone_id = zones.zone_id joins the two tables.",
    ),
    giveaways=(
        'WeeklyPartitionsDefinition(start_date="2023-01-01", end_date="2024-01-01")',
        "WeeklyPartitionsDefinition(start_date=START_DATE, end_date=END_DATE)",
        "INSERT INTO trips_by_week SELECT",
        "pickup_datetime >= ? AND pickup_datetime < ?",
        "DELETE FROM trips_by_week WHERE period",
        'AssetSelection.assets("my_trips_by_week")',
        'StaticPartitionsDefinition(["Bronx"',
        "DELETE FROM trips_by_borough WHERE borough",
        "INSERT INTO trips_by_borough SELECT",
    ),
)
hint = EXERCISE.hint

CREATE_TRIPS_BY_WEEK = metrics.CREATE_TRIPS_BY_WEEK
CREATE_TRIPS_BY_BOROUGH = "CREATE TABLE IF NOT EXISTS trips_by_borough (borough VARCHAR, num_trips BIGINT)"
BOROUGHS = ["Bronx", "Brooklyn", "Manhattan", "Queens", "Staten Island"]
NOT_BOROUGHS = {"EWR": "Newark airport, in New Jersey", "Unknown": "no borough", "N/A": "no borough"}

WEEK, EARLIER_WEEK, PARTIAL_WEEK = "2023-01-29", "2023-01-22", "2023-02-26"  # Jan 29 - Feb 4 spans two months
BOROUGH, OTHER_BOROUGH = "Queens", "Manhattan"
MEASURES = ["num_trips", "passenger_count", "total_amount", "trip_distance"]

PARTITION_WEEKS = "my_weekly_partition holds the 52 weeks of 2023, Sunday to Sunday (2023-01-01 to 2023-12-24)"
ASSET_WEEKLY = "my_trips_by_week is partitioned by my_weekly_partition"
WEEK_RUNS = f"Its week of {WEEK} runs"
WEEK_SUMS = (
    f"Its row in trips_by_week holds the week's trips, passengers, fares and miles ({WEEK} up to 2023-02-05, "
    "across both months)"
)
WEEK_RERUN = "Running the week again replaces only its own row"
JOB_WEEKLY = "my_weekly_update_job selects my_trips_by_week and runs one week at a time"
PARTIAL = f"A week whose second month is not loaded fails instead of summing part of it ({PARTIAL_WEEK})"
JOB_INFERRED = "The job takes its weeks from its asset (no partitions_def=)"
PARTITION_BOROUGHS = "my_borough_partition is a static partition of New York City's five boroughs"
ASSET_BOROUGHS = "my_trips_by_borough is partitioned by my_borough_partition"
BOROUGH_COUNT = f"Its {BOROUGH} partition writes {BOROUGH}'s row: the number of trips picked up there"
BOROUGH_RERUN = "Running a borough, once or again, replaces only its own row"

WHY = (
    "Why it works: a week's partition key is its Sunday and its time window ends at the next Sunday, so the week "
    "of 2023-01-29 takes its trips from January and February alike once they are picked by pickup time, not by "
    "partition_date. Deleting the week's row before inserting it makes every re-run replace that row alone. A "
    "job's partitions come from its assets, so the weekly job needs no partitions_def. Static partitions are a "
    "list fixed in code: each borough is a partition of its own, loaded, re-run and seen on its own. The course's "
    "version also refuses a week whose months are not all loaded; the advice above says whether yours does too."
)

TRIPS_BY_BOROUGH_SOURCE = '''\
CREATE_TRIPS_BY_BOROUGH = "CREATE TABLE IF NOT EXISTS trips_by_borough (borough VARCHAR, num_trips BIGINT)"

borough_partition = dg.StaticPartitionsDefinition(["Bronx", "Brooklyn", "Manhattan", "Queens", "Staten Island"])


@dg.asset(partitions_def=borough_partition, deps=["taxi_trips", "taxi_zones"])
def trips_by_borough(context: dg.AssetExecutionContext, database: DuckDBResource) -> None:
    """The number of trips picked up in one borough, in table trips_by_borough."""
    borough = context.partition_key
    with database.get_connection() as conn:
        conn.execute(CREATE_TRIPS_BY_BOROUGH)
        conn.begin()
        try:
            conn.execute("DELETE FROM trips_by_borough WHERE borough = ?", [borough])
            conn.execute(
                "INSERT INTO trips_by_borough SELECT ?, count(*) FROM trips "
                "JOIN zones ON trips.pickup_zone_id = zones.zone_id WHERE zones.borough = ?",
                [borough, borough],
            )
            conn.commit()
        except Exception:
            conn.rollback()
            raise
'''


# ---------------------------------------------------------------- helpers


def _first_line(error: BaseException) -> str:
    while error.__cause__ is not None:
        error = error.__cause__
    return str(error).splitlines()[0].rstrip(": ") if str(error) else type(error).__name__


def _keys(partitions_def) -> list[str] | None:
    """The partition keys of a static or time partitions definition (None for anything else, e.g. dynamic)."""
    try:
        return list(partitions_def.get_partition_keys())
    except Exception:  # dynamic partitions need an instance; anything else is not a partitions definition
        return None


def _run_error(outcome: Outcome) -> str:
    return f"it failed with {outcome.error_class}: {outcome.first_line}"


def _with_course_assets(*learner_assets, **definitions) -> dg.Definitions:
    """The course's assets (those whose keys the learner did not take) with the learner's, and `definitions`."""
    taken = {key for asset in learner_assets for key in asset.keys}
    course = {asset.key: asset for asset in course_definitions().assets if asset.key not in taken}
    return dg.Definitions(
        assets=[*course.values(), *learner_assets],
        resources={"database": definitions.pop("database", database_resource)},
        executor=dg.in_process_executor,
        **definitions,
    )


# What the check reads back from the learner's tables: fixed queries, with the columns each table must have.
READ_BACK = {
    "trips_by_week": (
        ["period", *MEASURES],
        "SELECT CAST(period AS VARCHAR), num_trips, passenger_count, total_amount, trip_distance FROM trips_by_week",
    ),
    "trips_by_borough": (["borough", "num_trips"], "SELECT CAST(borough AS VARCHAR), num_trips FROM trips_by_borough"),
}


def _rows(data, table: str) -> tuple[list[tuple] | None, str]:
    """Every row of the learner's `table`, or None and what is missing in a sentence."""
    columns, sql = READ_BACK[table]  # constant statements, one per table
    if not duckdb_file(data).exists():
        return None, f"there is no table {table}"
    with database.connect(duckdb_file(data)) as conn:
        found = {
            name
            for (name,) in conn.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]
            ).fetchall()
        }
        if not found:
            return None, f"there is no table {table}"
        missing = [c for c in columns if c not in found]
        if missing:
            return None, f"table {table} has no column {', '.join(missing)}"
        return conn.execute(sql).fetchall(), ""


def _week_rows(data, week: str) -> tuple[list[tuple] | None, str]:
    rows, why = _rows(data, "trips_by_week")
    return (None, why) if rows is None else ([row for row in rows if (row[0] or "").startswith(week)], "")


def _week_sums(data, week: str, month: str | None = None) -> tuple:
    """What the week's row should hold, computed directly from table trips (or only its part in `month`)."""
    start = datetime.fromisoformat(week)
    end = datetime.fromisoformat(weekly_partition.time_window_for_partition_key(week).end.strftime("%Y-%m-%d"))
    with database.connect(duckdb_file(data)) as conn:
        return conn.execute(
            "SELECT count(*), coalesce(sum(passenger_count), 0), coalesce(sum(total_amount), 0), "
            "coalesce(sum(trip_distance), 0) FROM trips WHERE pickup_datetime >= ? AND pickup_datetime < ? "
            "AND (? IS NULL OR partition_date = ?)",
            [start, end, month, month],
        ).fetchone()


def _number(value) -> str:
    if value is None or isinstance(value, str):
        return repr(value)
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _close(got: tuple, wanted: tuple) -> bool:
    return all(
        g is not None and math.isclose(float(g), float(w), abs_tol=0.01) for g, w in zip(got, wanted, strict=True)
    )


def _load_course_data(data) -> None:
    """January and February in table trips and the zone lookup in table zones, by the course's own assets."""
    for month in ("2023-01-01", "2023-02-01"):
        loaded = materialize([taxi_trips], month, data)
        assert loaded.success, f"the course's taxi_trips failed in the check's sandbox: {loaded.error}"
    loaded = materialize([taxi_zones_file, taxi_zones], None, data)
    assert loaded.success, f"the course's taxi_zones failed in the check's sandbox: {loaded.error}"


# ---------------------------------------------------------------- part 1: weeks


def _weekly_not_solved(partition, asset, job) -> str:
    """What part 1 still lacks before it can be judged ('' when all three are written)."""
    if partition is None:
        return "my_weekly_partition is still None: make it with dg.WeeklyPartitionsDefinition(...)."
    if partition is weekly_partition:
        return "that is the course's own weekly_partition: make your own with dg.WeeklyPartitionsDefinition(...)."
    if asset is None:
        return "my_trips_by_week is still None: write it as an asset (@dg.asset) partitioned by my_weekly_partition."
    if asset is metrics.trips_by_week:
        return "that is the course's own trips_by_week: write your own my_trips_by_week."
    if not isinstance(asset, dg.AssetsDefinition):
        return f"got {type(asset).__name__} for my_trips_by_week: decorate your function with @dg.asset(...)."
    if job is None:
        return "my_weekly_update_job is still None: make it with dg.define_asset_job(name=..., selection=...)."
    if job is course_jobs.weekly_update_job or isinstance(job, dg.JobDefinition):
        return "that is the course's own weekly_update_job: make your own with dg.define_asset_job(...)."
    if not hasattr(job, "selection"):
        return f"got {type(job).__name__} for my_weekly_update_job: make it with dg.define_asset_job(...)."
    return ""


def _judge_partition(partition) -> Criterion:
    wanted = weekly_partition.get_partition_keys()
    keys = _keys(partition)
    if not isinstance(partition, dg.TimeWindowPartitionsDefinition) or keys is None:
        advice = f"got {type(partition).__name__}: use dg.WeeklyPartitionsDefinition"
    elif partition.cron_schedule != weekly_partition.cron_schedule:
        advice = (
            f"its partitions follow '{partition.cron_schedule}', not weeks from Sunday: use "
            "dg.WeeklyPartitionsDefinition, without day_offset (Dagster's weeks start on Sunday)"
        )
    elif not keys:
        advice = "it has no weeks at all: check start_date and end_date"
    elif keys[0] != wanted[0]:
        advice = f"its first week starts {keys[0]}: start_date is the first day of 2023"
    elif keys[-1] < wanted[-1]:
        advice = (
            f"its last week starts {keys[-1]}, so the week of {wanted[-1]} is missing: end_date is exclusive, and "
            "a week is in only if it ends by end_date. End on the day after the year's last day."
        )
    else:
        advice = f"its last week starts {keys[-1]}: the weeks should stop with the year"
    return Criterion(PARTITION_WEEKS, keys == wanted, advice)


def _judge_weekly(partition, asset, job, data) -> list[Criterion]:
    """Part 1's criteria, graded then advice, run for real in the sandbox `data` (trips and zones loaded)."""
    criteria = [_judge_partition(partition)]
    asset_keys, partition_keys = _keys(asset.partitions_def) if asset.partitions_def else None, _keys(partition)
    partitioned = asset_keys is not None and asset_keys == partition_keys
    criteria.append(
        Criterion(
            ASSET_WEEKLY,
            partitioned,
            "it has no partitions: pass partitions_def=my_weekly_partition to @dg.asset"
            if asset.partitions_def is None
            else "its partitions are not my_weekly_partition's: pass partitions_def=my_weekly_partition to @dg.asset",
        )
    )
    if asset_keys is None or WEEK not in asset_keys:
        why = f"not run: my_trips_by_week has no week {WEEK} (weeks start on Sunday)"
        if asset_keys is None:
            why = "not run: my_trips_by_week has no partitions"
        criteria += [
            Criterion(WEEK_RUNS, False, why),
            Criterion(WEEK_SUMS, False, why),
            Criterion(WEEK_RERUN, False, why),
        ]
        partial = Criterion(PARTIAL, True, graded=False)
    else:
        criteria += _run_weeks(asset, data)
        outcome = materialize([asset], PARTIAL_WEEK, data) if PARTIAL_WEEK in asset_keys else Outcome(False)
        rows = _week_rows(data, PARTIAL_WEEK)[0] or []
        partial = Criterion(
            PARTIAL,
            not outcome.success,
            f"with March not loaded, the week of {PARTIAL_WEEK} (to 2023-03-04) ran and wrote "
            f"{rows[0][1] if rows else 'a'} trips, those of February only. Before summing, check that every month "
            "the week touches has rows in trips (months_of_week gives them), and raise an error naming the missing "
            "month if not: a run that fails says so, a low count does not.",
            graded=False,
        )
    criteria.append(_judge_job(job, asset, data))
    criteria.append(partial)
    criteria.append(
        Criterion(
            JOB_INFERRED,
            getattr(job, "partitions_def", None) is None,
            "it passes partitions_def=, as Dagster University's lesson does: Dagster 1.13 deprecates it (removal in "
            "2.0) because it takes the weeks from the selected asset. Leave it out.",
            graded=False,
        )
    )
    return criteria


def _run_weeks(asset, data) -> list[Criterion]:
    """Run the week that spans January and February, compare its row with DuckDB's own sums, then re-run it."""
    first = materialize([asset], WEEK, data)
    if not first.success:
        why = "not checked: the run failed (above)"
        return [
            Criterion(WEEK_RUNS, False, _run_error(first)),
            Criterion(WEEK_SUMS, False, why),
            Criterion(WEEK_RERUN, False, why),
        ]
    wanted = _week_sums(data, WEEK)
    rows, why = _week_rows(data, WEEK)
    if rows is None:
        sums = Criterion(WEEK_SUMS, False, f"{why}: create it with CREATE_TRIPS_BY_WEEK before inserting")
    elif not rows:
        sums = Criterion(WEEK_SUMS, False, f"table trips_by_week has no row whose period is {WEEK}, the week's start")
    else:
        got = rows[0][1:]
        wrong = [
            f"{name} is {_number(g)}, the week has {_number(w)}"
            for name, g, w in zip(MEASURES, got, wanted, strict=True)
            if not _close((g,), (w,))
        ]
        advice = "; ".join(wrong) + (
            f". The week runs from Sunday {WEEK} up to, not including, Sunday 2023-02-05, across both months: "
            "pick its trips by pickup_datetime, and count every trip"
        )
        if _close(got, _week_sums(data, WEEK, WEEK[:7])):
            advice = (
                f"it holds only the week's trips in {WEEK[:7]}, but the week runs into February: pick its trips by "
                "pickup_datetime alone, not by partition_date"
            )
        if len(rows) > 1:
            advice = f"there are {len(rows)} rows for {WEEK} after one run: insert one row per week"
        sums = Criterion(WEEK_SUMS, len(rows) == 1 and _close(got, wanted), advice)

    earlier = materialize([asset], EARLIER_WEEK, data)
    before = _week_rows(data, EARLIER_WEEK)[0] or []
    again = materialize([asset], WEEK, data)
    after_week, after_earlier = _week_rows(data, WEEK)[0] or [], _week_rows(data, EARLIER_WEEK)[0] or []
    if not (earlier.success and again.success):
        rerun_advice = f"a later run failed: {_run_error(earlier if not earlier.success else again)}"
    elif len(after_week) != 1 or (rows and after_week[0] != rows[0]):
        rerun_advice = (
            f"after a second run there are {len(after_week)} rows for {WEEK}: delete the week's row (its period) "
            "before inserting it"
        )
    else:
        rerun_advice = (
            f"{EARLIER_WEEK} had {len(before)} row after its run, {len(after_earlier)} once {WEEK} had run again: "
            "delete only the row of the week being run"
        )
    rerun_ok = earlier.success and again.success and len(after_week) == 1 and after_earlier == before and len(before)
    return [Criterion(WEEK_RUNS, True), sums, Criterion(WEEK_RERUN, bool(rerun_ok), rerun_advice)]


def _judge_job(job, asset, data) -> Criterion:
    """Resolve the learner's job with their asset and the course's, check what it selects, run one week of it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the deprecation warning is turned into advice
            definitions = _with_course_assets(
                asset, database=CourseDuckDBResource(database=str(duckdb_file(data))), jobs=[job]
            )
            selected = set(job.selection.resolve(definitions.resolve_asset_graph()))
            resolved = definitions.resolve_job_def(job.name)
    except Exception as error:  # a learner's mistake, reported as a sentence
        return Criterion(JOB_WEEKLY, False, f"Dagster could not make the job: {_first_line(error)}")
    names = ", ".join(sorted(key.to_user_string() for key in selected)) or "nothing"
    if selected != set(asset.keys):
        return Criterion(JOB_WEEKLY, False, f"it selects {names}: select your asset, my_trips_by_week, alone")
    keys = _keys(resolved.partitions_def) if resolved.partitions_def else None
    if keys is None or WEEK not in keys:
        return Criterion(JOB_WEEKLY, False, f"it has no week {WEEK}: its partitions come from my_trips_by_week's")
    result = resolved.execute_in_process(
        partition_key=WEEK, instance=dg.DagsterInstance.ephemeral(), run_config=QUIET_RUN_CONFIG, raise_on_error=False
    )
    if not result.success:
        step, error_class, message = root_error(result) or ("", "", "the run failed")
        return Criterion(JOB_WEEKLY, False, f"its run of {WEEK} failed: {step} raised {error_class}: {message}")
    return Criterion(JOB_WEEKLY, True)


def _step_result(title: str, done: str, criteria=(), not_solved: str = "") -> CheckResult:
    return CheckResult(
        f"Exercise {EXERCISE.key}, {title}",
        tuple(criteria),
        not_solved=not_solved,
        hints=len(EXERCISE.hints),
        done=done,
    )


def _ordered(criteria: list[Criterion]) -> list[Criterion]:
    return [c for c in criteria if c.graded] + [c for c in criteria if not c.graded]


def check_trips_by_week(partition, asset, job) -> CheckResult:
    """Part 1: the weekly partition, the asset and its job, run for real in a sandbox.

    Recorded in the progress file as a step: exercise 06 is solved by check_weeks_and_boroughs, both parts."""
    title, done = "part 1: weeks", "part 1 done: on to part 2, the boroughs"
    not_solved = _weekly_not_solved(partition, asset, job)
    if not_solved:
        judged = [] if partition is None or partition is weekly_partition else [_judge_partition(partition)]
        result = _step_result(title, done, judged, not_solved=not_solved)
    else:
        with sandbox(months=("2023-01", "2023-02")) as data:
            _load_course_data(data)
            result = _step_result(title, done, _ordered(_judge_weekly(partition, asset, job, data)))
    EXERCISE.record(result, part="1")
    return result


# ---------------------------------------------------------------- part 2: boroughs


def _boroughs_not_solved(partition, asset) -> str:
    if partition is None:
        return "my_borough_partition is still None: make it with dg.StaticPartitionsDefinition(...)."
    if asset is None:
        return "my_trips_by_borough is still None: write it as an asset partitioned by my_borough_partition."
    if not isinstance(asset, dg.AssetsDefinition):
        return f"got {type(asset).__name__} for my_trips_by_borough: decorate your function with @dg.asset(...)."
    return ""


def _judge_boroughs(partition, asset, data) -> list[Criterion]:
    keys = _keys(partition)
    if not isinstance(partition, dg.StaticPartitionsDefinition) or keys is None:
        advice = f"got {type(partition).__name__}: a fixed list of keys is a dg.StaticPartitionsDefinition"
    else:
        missing = [b for b in BOROUGHS if b not in keys]
        extra = [k for k in keys if k not in BOROUGHS]
        advice = "; ".join(
            [f"it lacks {', '.join(missing)} (spelled as in table zones)"] * bool(missing)
            + [
                f"{key} is {NOT_BOROUGHS[key]}: leave it out"
                if key in NOT_BOROUGHS
                else f"{key} is not a borough as table zones spells them ({', '.join(BOROUGHS)})"
                for key in extra
            ]
        )
    criteria = [
        Criterion(
            PARTITION_BOROUGHS,
            isinstance(partition, dg.StaticPartitionsDefinition) and sorted(keys or []) == BOROUGHS,
            advice,
        )
    ]
    asset_keys = _keys(asset.partitions_def) if asset.partitions_def else None
    criteria.append(
        Criterion(
            ASSET_BOROUGHS,
            asset_keys is not None and asset_keys == keys,
            "pass partitions_def=my_borough_partition to @dg.asset",
        )
    )
    if asset_keys is None or BOROUGH not in asset_keys or OTHER_BOROUGH not in asset_keys:
        why = f"not run: my_trips_by_borough has no partitions {OTHER_BOROUGH!r} and {BOROUGH!r}"
        return [*criteria, Criterion(BOROUGH_COUNT, False, why), Criterion(BOROUGH_RERUN, False, why)]

    other = materialize([asset], OTHER_BOROUGH, data)
    before = [row for row in _rows(data, "trips_by_borough")[0] or [] if row[0] == OTHER_BOROUGH]
    first = materialize([asset], BOROUGH, data)
    with database.connect(duckdb_file(data)) as conn:
        (wanted,) = conn.execute(
            "SELECT count(*) FROM trips JOIN zones ON trips.pickup_zone_id = zones.zone_id WHERE zones.borough = ?",
            [BOROUGH],
        ).fetchone()
    rows, why = _rows(data, "trips_by_borough")
    mine = [row for row in rows or [] if row[0] == BOROUGH]
    if not first.success:
        count = Criterion(BOROUGH_COUNT, False, _run_error(first))
    elif rows is None:
        count = Criterion(BOROUGH_COUNT, False, f"{why}: create it with CREATE_TRIPS_BY_BOROUGH before inserting")
    elif len(mine) != 1:
        count = Criterion(
            BOROUGH_COUNT, False, f"table trips_by_borough has {len(mine)} rows for {BOROUGH} after one run"
        )
    else:
        count = Criterion(
            BOROUGH_COUNT,
            mine[0][1] == wanted,
            f"its row says {mine[0][1]:,} trips; {wanted:,} trips were picked up in {BOROUGH}: join each trip's "
            "pickup zone (pickup_zone_id) to zones.zone_id and count the trips whose zone is in the borough",
        )
    criteria.append(count)

    again = materialize([asset], BOROUGH, data)
    after = _rows(data, "trips_by_borough")[0] or []
    after_mine, after_other = [r for r in after if r[0] == BOROUGH], [r for r in after if r[0] == OTHER_BOROUGH]
    if not (other.success and first.success and again.success):
        failed = next(o for o in (other, first, again) if not o.success)
        rerun_advice = f"not checked: a run failed ({failed.error_class}: {failed.first_line})"
    elif len(after_mine) != 1:
        rerun_advice = (
            f"after a second run there are {len(after_mine)} rows for {BOROUGH}: delete the borough's row before "
            "inserting it"
        )
    else:
        rerun_advice = (
            f"{OTHER_BOROUGH} had {len(before)} row after its run, {len(after_other)} once {BOROUGH} had run: delete "
            "only the row of the borough being run"
        )
    rerun_ok = (
        other.success and first.success and again.success and len(after_mine) == 1 and after_other == before and before
    )
    criteria.append(Criterion(BOROUGH_RERUN, bool(rerun_ok), rerun_advice))
    return criteria


@EXERCISE.check
def check_weeks_and_boroughs(partition, asset, job, borough_partition, borough_asset) -> CheckResult:
    """The whole exercise: part 1 (weeks) and part 2 (boroughs), run for real in one sandbox."""
    not_solved = _weekly_not_solved(partition, asset, job)
    if not_solved:
        return EXERCISE.result(not_solved=f"part 1 first: {not_solved}")
    not_solved = _boroughs_not_solved(borough_partition, borough_asset)
    if not_solved:
        return EXERCISE.result(not_solved=not_solved)
    with sandbox(months=("2023-01", "2023-02")) as data:
        _load_course_data(data)
        weekly = _judge_weekly(partition, asset, job, data)
        boroughs = _judge_boroughs(borough_partition, borough_asset, data)
    return EXERCISE.result(*_ordered(weekly + boroughs), solved_note=WHY, solved_code=_course_source())


def _assignments(module, names: list[str]) -> str:
    """The source of the top-level assignments to `names` in `module`, in the module's order."""
    source = inspect.getsource(module)
    return "\n".join(
        ast.get_source_segment(source, node)
        for node in ast.parse(source).body
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in names for t in node.targets)
    )


def _course_source() -> str:
    week = inspect.getsource(metrics.trips_by_week.op.compute_fn.decorated_fn)
    return (
        f"# course_lib/defs/partitions.py\n{_assignments(course_partitions, ['weekly_partition'])}\n\n"
        "# course_lib/defs/assets/metrics.py (with _require_months_loaded: both months must be loaded)\n"
        f'INSERT_WEEK = """{metrics.INSERT_WEEK}"""\n\n{week}\n'
        f"# course_lib/defs/jobs.py\n{_assignments(course_jobs, ['trips_by_week', 'weekly_update_job'])}\n\n"
        f"# trips by borough, as the course would write it\n{TRIPS_BY_BOROUGH_SOURCE}"
    )
