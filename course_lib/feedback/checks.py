"""Checks that answer a learner at once, criterion by criterion, each failure saying what to fix.

Every check runs the learner's code for real, against a temporary folder, DuckDB file and an
ephemeral Dagster instance: never the learner's own data.
"""

import html
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import dagster as dg

from course_lib import settings, taxi_data
from course_lib.defs.partitions import monthly_partition
from course_lib.defs.resources import CourseDuckDBResource
from course_lib.in_process import database
from course_lib.in_process.runs import QUIET_RUN_CONFIG, root_error
from course_lib.taxi_data import write_month

CHECK_ROWS_PER_MONTH = 1000
TRIPS_COLUMNS = [
    "vendor_id",
    "pickup_zone_id",
    "dropoff_zone_id",
    "rate_code_id",
    "payment_type",
    "dropoff_datetime",
    "pickup_datetime",
    "trip_distance",
    "passenger_count",
    "total_amount",
    "partition_date",
]


@dataclass(frozen=True)
class Criterion:
    """One thing a check looked at: what, whether it held, and if not, what to do."""

    description: str
    passed: bool
    advice: str = ""


@dataclass(frozen=True)
class CheckResult:
    """The answer of a check: `.passed`, and one line per criterion (text and HTML views)."""

    exercise: str
    criteria: tuple[Criterion, ...]

    @property
    def passed(self) -> bool:
        return bool(self.criteria) and all(c.passed for c in self.criteria)

    def __repr__(self) -> str:
        good = sum(c.passed for c in self.criteria)
        head = "all passed" if self.passed else f"{good} of {len(self.criteria)} passed"
        lines = [f"{self.exercise}: {head}"]
        for c in self.criteria:
            lines.append(f"  {'✓' if c.passed else '✗'} {c.description}" + ("" if c.passed else f": {c.advice}"))
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = "#1a7f37" if self.passed else "#b42318"
        good = sum(c.passed for c in self.criteria)
        head = "all passed" if self.passed else f"{good} of {len(self.criteria)} passed"
        items = "".join(
            "<li style='list-style:none;margin:2px 0'>"
            + ('<b style="color:#1a7f37">✓</b> ' if c.passed else '<b style="color:#b42318">✗</b> ')
            + html.escape(c.description)
            + ("" if c.passed else f"<br><span style='margin-left:1.6em;color:#b42318'>{html.escape(c.advice)}</span>")
            + "</li>"
            for c in self.criteria
        )
        return (
            f"<div style='border-left:4px solid {colour};padding:4px 10px'>"
            f"<b>{html.escape(self.exercise)}</b>: <span style='color:{colour}'>{head}</span>"
            f"<ul style='padding-left:0;margin:4px 0'>{items}</ul></div>"
        )


def _result(exercise: str, *criteria: Criterion) -> CheckResult:
    return CheckResult(exercise, tuple(criteria))


def _not_solved(exercise: str, message: str) -> CheckResult:
    return _result(exercise, Criterion("The exercise is solved", False, message))


# ---------------------------------------------------------------- 01: define the partitions


def check_monthly_partition(partitions_def) -> CheckResult:
    """Is `partitions_def` a monthly partition covering exactly the twelve months of 2023?"""
    name = "check_monthly_partition"
    if partitions_def is None:
        return _not_solved(name, "Not solved yet: replace None with a dg.MonthlyPartitionsDefinition(...).")
    if not isinstance(partitions_def, dg.TimeWindowPartitionsDefinition):
        return _result(
            name,
            Criterion(
                "It is a time-window partitions definition",
                False,
                f"got {type(partitions_def).__name__}: use dg.MonthlyPartitionsDefinition.",
            ),
        )
    keys = partitions_def.get_partition_keys()
    wanted = monthly_partition.get_partition_keys()
    monthly = partitions_def.cron_schedule == monthly_partition.cron_schedule
    first_ok = bool(keys) and keys[0] == wanted[0]
    last_ok = bool(keys) and keys[-1] == wanted[-1]
    last_advice = "there are no partitions at all: check start_date and end_date"
    if keys and keys[-1] < wanted[-1]:
        last_advice = (
            f"the last key is {keys[-1]}: end_date is exclusive, so end_date='2024-01-01' "
            "is what includes December 2023"
        )
    elif keys:
        last_advice = f"the last key is {keys[-1]}: set end_date='2024-01-01' so the partitions stop after 2023"
    return _result(
        name,
        Criterion(
            "Partitions are monthly",
            monthly,
            f"its schedule is '{partitions_def.cron_schedule}': use dg.MonthlyPartitionsDefinition",
        ),
        Criterion(
            "The first key is 2023-01-01",
            first_ok,
            f"the first key is {keys[0] if keys else 'missing'}: set start_date='2023-01-01'",
        ),
        Criterion("The last key is 2023-12-01", last_ok, last_advice),
        Criterion("There are exactly 12 keys", keys == wanted, f"there are {len(keys)}"),
    )


# ---------------------------------------------------------------- 02: the partition key


def check_month_to_fetch(function) -> CheckResult:
    """Does `function(partition_key)` turn '2023-03-01' into '2023-03', for every month?"""
    name = "check_month_to_fetch"
    from course_lib.errors import NotSolvedYet

    criteria = []
    for key in ["2023-03-01", "2023-01-01", "2023-12-01"]:
        try:
            got = function(key)
        except NotSolvedYet as error:
            return _not_solved(name, str(error))
        except Exception as error:  # a learner's bug, reported as a sentence
            got = f"an error: {type(error).__name__}: {error}"
        advice = f"got {got!r}; slice off the day: partition_key[:-3]"
        criteria.append(Criterion(f"{key!r} gives {key[:-3]!r}", got == key[:-3], advice))
    return _result(name, *criteria)


# ---------------------------------------------------------------- 03: the exercise


@contextmanager
def _sandbox(folder_name: str = "data"):
    """A temporary course data folder with generated files for Feb and Mar 2023; env points at it."""
    root = Path(tempfile.mkdtemp(prefix="course-check-"))
    data = root / folder_name
    try:
        with settings.environment(COURSE_DATA_DIR=str(data), DUCKDB_DATABASE=str(data / "staging" / "data.duckdb")):
            for month in ("2023-02", "2023-03"):
                write_month(month, taxi_data.trips_file_path(month), CHECK_ROWS_PER_MONTH)
            yield data
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _materialize(asset, partition_key: str, db_path: Path) -> tuple[bool, str, str]:
    """Run the learner's asset for one partition; (success, error class, error sentence)."""
    result = dg.materialize(
        [asset],
        partition_key=partition_key,
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        resources={"database": CourseDuckDBResource(database=str(db_path))},
        run_config=QUIET_RUN_CONFIG,
    )
    if result.success:
        return True, "", ""
    error = root_error(result)
    return False, (error[1] if error else ""), (error[2] if error else "the run failed")


def _trips_table(db_path: Path) -> tuple[list[str], dict[str, int] | None]:
    """The columns of table `trips`, and its rows per partition_date (None without that column)."""
    if not db_path.exists():
        return [], None
    with database.connect(db_path) as conn:
        columns = [
            row[0]
            for row in conn.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'trips'").fetchall()
        ]
        if "partition_date" not in columns:
            return columns, None
        return columns, dict(conn.execute("SELECT partition_date::VARCHAR, count(*) FROM trips GROUP BY 1").fetchall())


def _month_rows(db_path: Path) -> dict[str, int] | None:
    """Rows per partition_date, or None if there is no such column (or no table)."""
    return _trips_table(db_path)[1]


def check_taxi_trips(asset) -> CheckResult:
    """Run the learner's partitioned `taxi_trips` asset for real and judge what it left in DuckDB."""
    name = "check_taxi_trips"
    if not isinstance(asset, dg.AssetsDefinition):
        return _not_solved(name, f"got {type(asset).__name__}: decorate your function with @dg.asset(...).")
    partitions_def = asset.partitions_def
    if partitions_def is None or partitions_def.get_partition_keys() != monthly_partition.get_partition_keys():
        return _result(
            name,
            Criterion(
                "taxi_trips is partitioned by month", False, "pass partitions_def=monthly_partition to @dg.asset"
            ),
        )
    criteria = [Criterion("taxi_trips is partitioned by month", True)]
    march, february = "2023-03-01", "2023-02-01"

    with _sandbox() as data:
        db = data / "staging" / "data.duckdb"
        file_rows = {m: taxi_data.row_count(taxi_data.trips_file_path(m)) for m in ("2023-02", "2023-03")}
        ok, error_class, error = _materialize(asset, march, db)
        if not ok:
            if error_class == "NotSolvedYet":
                return _not_solved(name, error)
            return _result(
                name, *criteria, Criterion(f"Partition {march} runs", False, f"it failed with {error_class}: {error}")
            )
        criteria.append(Criterion(f"Partition {march} runs", True))

        columns, rows = _trips_table(db)
        missing = [c for c in TRIPS_COLUMNS if c not in columns]
        criteria.append(
            Criterion(
                "Table trips has the lesson's columns",
                not missing,
                f"missing: {', '.join(missing)}"
                if columns
                else "there is no table trips: CREATE TABLE IF NOT EXISTS trips (...) before inserting",
            )
        )

        if rows is None:
            criteria.append(
                Criterion(
                    "partition_date holds the month ('2023-03')",
                    False,
                    "add a partition_date column, set to the month being loaded",
                )
            )
            return _result(name, *criteria)
        values = sorted(rows)
        criteria.append(
            Criterion(
                "partition_date holds the month ('2023-03')",
                values == ["2023-03"],
                f"it holds {values}: store the month as 'YYYY-MM', i.e. context.partition_key[:-3]",
            )
        )
        criteria.append(
            Criterion(
                "Row count equals the source file's",
                sum(rows.values()) == file_rows["2023-03"],
                f"the file has {file_rows['2023-03']:,} rows, table trips has {sum(rows.values()):,}",
            )
        )
        march_label = values[0] if len(values) == 1 else "2023-03"  # judge later runs by the learner's own label
        march_rows = rows.get(march_label, 0)

        ok, _, error = _materialize(asset, february, db)
        rows = _month_rows(db) or {}
        feb_labels = set(rows) - {march_label}
        feb_rows = sum(rows[label] for label in feb_labels)
        criteria.append(
            Criterion(
                "Each partition loads its own month",
                ok and feb_rows == file_rows["2023-02"],
                f"after running {february}, {feb_rows:,} rows carry another partition_date than March's "
                f"(its file has {file_rows['2023-02']:,}): read the month from context.partition_key, not a fixed date"
                + (f"; the run failed: {error}" if not ok else ""),
            )
        )

        _materialize(asset, march, db)
        after = _month_rows(db) or {}
        twice = after.get(march_label, 0)
        criteria.append(
            Criterion(
                "Running the same partition twice leaves its count unchanged",
                twice == march_rows,
                f"2023-03 had {march_rows:,} rows, then {twice:,} after a second run: delete the month's rows "
                "before inserting (DELETE FROM trips WHERE partition_date = ?)",
            )
        )
        feb_after = sum(after.get(label, 0) for label in feb_labels)
        criteria.append(
            Criterion(
                "Another month's rows survive a re-run",
                feb_after == feb_rows,
                f"2023-02 went from {feb_rows:,} to {feb_after:,} rows when 2023-03 ran again: delete only the "
                "month being loaded, WHERE partition_date = ?",
            )
        )

        before = _month_rows(db) or {}
        path = taxi_data.trips_file_path("2023-03")
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])  # a truncated file, as after a full disk
        ok, _, _ = _materialize(asset, march, db)
        after = _month_rows(db) or {}
        advice = (
            f"2023-03 went from {before.get(march_label, 0):,} to {after.get(march_label, 0):,} rows when the "
            "load failed: run the DELETE and the INSERT in one transaction (conn.begin() ... "
            "conn.commit(), conn.rollback() on error)"
        )
        if ok:
            advice = "the run succeeded on a truncated file: let the error propagate instead of catching it"
        criteria.append(Criterion("A failed reload keeps the month whole", not ok and after == before, advice))

    with _sandbox("o'brien's data") as data:  # a quote in the path breaks SQL built with f-strings
        ok, error_class, error = _materialize(asset, march, data / "staging" / "data.duckdb")
        first_line = error.splitlines()[0][:120] if error else ""
        criteria.append(
            Criterion(
                "Works with any file path (bound parameters)",
                ok,
                f'with a data folder named "{data.name}" it failed ({error_class}: {first_line}): '
                "pass values as "
                "parameters, conn.execute(sql, [month, path]) with ? in the SQL, instead of formatting them in",
            )
        )
    return _result(name, *criteria)


# ---------------------------------------------------------------- 04: schedules


def check_trip_update_schedule(schedule) -> CheckResult:
    """Does the schedule fire on the 5th and run the month that just ended?"""
    name = "check_trip_update_schedule"
    if schedule is None:
        return _not_solved(name, "Not solved yet: replace None with your schedule.")
    from course_lib.in_process.schedule_ticks import NO_KEY, resolve, tick_partition

    schedule = resolve(schedule)
    cron_ok = schedule.cron_schedule == "0 0 5 * *"
    criteria = [
        Criterion(
            "It fires at midnight on the 5th of each month",
            cron_ok,
            f"its cron string is '{schedule.cron_schedule}'; '0 0 5 * *' means minute 0, hour 0, day 5",
        )
    ]
    for fired, wanted in [(datetime(2023, 3, 5), "2023-02-01"), (datetime(2023, 12, 5), "2023-11-01")]:
        got = tick_partition(schedule, fired)
        advice = f"its tick asked for {got!r}"
        if got == NO_KEY:
            advice = (
                "its tick runs with no partition key (a plain ScheduleDefinition sends none): build it with "
                "dg.build_schedule_from_partitioned_job(trip_update_job, day_of_month=5, hour_of_day=0)"
            )
        criteria.append(Criterion(f"The tick of {fired:%Y-%m-%d} runs {wanted}", got == wanted, advice))
    return _result(name, *criteria)
