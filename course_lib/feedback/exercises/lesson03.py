"""Exercise 03: the partitioned `taxi_trips`, a month of trips into DuckDB, idempotently.

Graded (what the lesson asks, each named in the notebook's task): partitioned by month, a partition runs,
the lesson's columns, partition_date holds the month, every row of the file, each partition its own
month, a re-run changes no count, other months survive a re-run. Advice beyond the lesson: one transaction
(a failed reload keeps the month whole) and bound parameters (any file path works).
"""

import inspect

import dagster as dg

from course_lib import taxi_data
from course_lib.defs.partitions import monthly_partition
from course_lib.feedback.exercise import Exercise
from course_lib.feedback.result import CheckResult, Criterion
from course_lib.feedback.sandbox import materialize, sandbox, trips_table

MARCH, FEBRUARY = "2023-03-01", "2023-02-01"
PARTITIONED = "taxi_trips is partitioned by month"
RUNS = f"Partition {MARCH} runs"
COLUMNS = "Table trips has the lesson's columns"
PARTITION_DATE = "partition_date holds the month ('2023-03')"
ALL_ROWS = "Every row of the month's file is loaded"
OWN_MONTH = "Each partition loads its own month"
RERUN = "Running the same partition twice leaves its count unchanged"
OTHERS_SURVIVE = "Another month's rows survive a re-run"

EXERCISE = Exercise(
    key="03",
    title="taxi_trips, a month into DuckDB",
    hints=(
        "Two SQL statements do the work: one makes room for the month, one copies the month's rows in. Which one "
        "must come first so that running the same month twice still gives one copy of it?",
        "Make room by removing only the rows whose partition_date is the month being loaded; then insert the "
        "file's rows, naming the ten columns the table needs in the table's order and adding the month as an 11th "
        "value. read_parquet(?) reads a file whose path you pass as a value.",
        "Pass values with ? placeholders: conn.execute(sql, [value, ...]), one statement per execute call. The "
        "month is context.partition_key without its day, and trips_file_path(month) is the file to read.",
    ),
    criteria=(PARTITIONED, RUNS, COLUMNS, PARTITION_DATE, ALL_ROWS, OWN_MONTH, RERUN, OTHERS_SURVIVE),
    giveaways=(
        "DELETE FROM trips WHERE partition_date",
        "? AS partition_date",
        "INSERT INTO trips SELECT VendorID",
    ),
)
hint = EXERCISE.hint

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

WHY = (
    "Why it works: removing the month's rows before inserting them makes a re-run replace the month instead of "
    "adding it again, and the WHERE on partition_date leaves every other month alone. Retries and backfills "
    "re-run partitions all the time, so this is what makes them safe. The course's own version also puts both "
    "statements in one transaction and binds values with ?; the advice above says whether yours does too."
)


def _run_error_advice(error_class: str, error: str) -> str:
    """What a failed first run means, for the errors learners' SQL meets most."""
    if "columns but" in error and "values were supplied" in error:
        return (
            f"it failed with {error_class}: {error}. The file has 19 columns, in another order than the table's "
            "11: select the ten the table needs by name, in the table's order, and add the month last."
        )
    if "Cannot prepare multiple statements" in error or "only supported for the last statement" in error:
        return (
            f"it failed with {error_class}: {error}. With ? placeholders DuckDB prepares one statement at a "
            "time: call conn.execute once per statement."
        )
    if "DuckDBResource' object has no attribute" in error:
        return (
            f"it failed with {error_class}: {error}. The database resource is not a connection: open one with "
            "`with database.get_connection() as conn:` and call conn.execute(...) inside that block."
        )
    return f"it failed with {error_class}: {error}"


@EXERCISE.check
def check_taxi_trips(asset) -> CheckResult:
    """Run the learner's partitioned `taxi_trips` for real, in a sandbox, and judge what it left in DuckDB."""
    if not isinstance(asset, dg.AssetsDefinition):
        return EXERCISE.result(not_solved=f"got {type(asset).__name__}: decorate your function with @dg.asset(...).")
    partitioned = asset.partitions_def is not None and (
        asset.partitions_def.get_partition_keys() == monthly_partition.get_partition_keys()
    )
    criteria = [Criterion(PARTITIONED, partitioned, "pass partitions_def=monthly_partition to @dg.asset")]
    if not partitioned:
        return EXERCISE.result(*criteria)

    with sandbox() as data:
        file_rows = {m: taxi_data.row_count(taxi_data.trips_file_path(m)) for m in ("2023-02", "2023-03")}
        first = materialize([asset], MARCH, data)
        if not first.success and first.error_class == "NotSolvedYet":
            return EXERCISE.result(not_solved=first.error)
        criteria.append(Criterion(RUNS, first.success, _run_error_advice(first.error_class, first.error)))
        if not first.success:
            return EXERCISE.result(*criteria)

        columns, rows = trips_table(data)
        missing = [c for c in TRIPS_COLUMNS if c not in columns]
        criteria.append(
            Criterion(
                COLUMNS,
                not missing,
                f"missing: {', '.join(missing)}"
                if columns
                else "there is no table trips: create it (CREATE_TRIPS) before inserting",
            )
        )
        if rows is None:
            criteria.append(
                Criterion(
                    PARTITION_DATE,
                    False,
                    "add a partition_date column, set to the month being loaded",
                )
            )
            return EXERCISE.result(*criteria)
        labels = sorted(rows)
        criteria.append(
            Criterion(
                PARTITION_DATE,
                labels == ["2023-03"],
                f"it holds {labels}: store the month as 'YYYY-MM', the partition key without its day",
            )
        )
        criteria.append(
            Criterion(
                ALL_ROWS,
                sum(rows.values()) == file_rows["2023-03"],
                f"the file has {file_rows['2023-03']:,} rows, table trips has {sum(rows.values()):,}",
            )
        )
        march_label = labels[0] if len(labels) == 1 else "2023-03"  # judge later runs by the learner's own label
        march_rows = rows.get(march_label, 0)

        second = materialize([asset], FEBRUARY, data)
        rows = trips_table(data)[1] or {}
        feb_labels = set(rows) - {march_label}
        feb_rows = sum(rows[label] for label in feb_labels)
        criteria.append(
            Criterion(
                OWN_MONTH,
                second.success and feb_rows == file_rows["2023-02"],
                f"after running {FEBRUARY}, {feb_rows:,} rows carry another partition_date than March's (its file "
                f"has {file_rows['2023-02']:,}): take the month from the partition key, not from a fixed date"
                + (f"; the run failed: {second.first_line}" if not second.success else ""),
            )
        )

        materialize([asset], MARCH, data)
        after = trips_table(data)[1] or {}
        twice = after.get(march_label, 0)
        criteria.append(
            Criterion(
                RERUN,
                twice == march_rows,
                f"2023-03 had {march_rows:,} rows, then {twice:,} after a second run: a re-run must replace the "
                "month's rows, not add them again",
            )
        )
        feb_after = sum(after.get(label, 0) for label in feb_labels)
        criteria.append(
            Criterion(
                OTHERS_SURVIVE,
                feb_after == feb_rows,
                f"2023-02 went from {feb_rows:,} to {feb_after:,} rows when 2023-03 ran again: a re-run of one "
                "month may touch only that month's rows",
            )
        )

        before = trips_table(data)[1] or {}
        path = taxi_data.trips_file_path("2023-03")
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])  # a truncated file, as after a full disk
        broken = materialize([asset], MARCH, data)
        after = trips_table(data)[1] or {}
        advice = (
            f"when loading a damaged file failed, 2023-03 went from {before.get(march_label, 0):,} to "
            f"{after.get(march_label, 0):,} rows: DuckDB commits each statement on its own, so run both in one "
            "transaction (conn.begin(), then conn.commit(), or conn.rollback() when something fails) and a "
            "failure leaves the month as it was"
        )
        if broken.success:
            advice = "the run succeeded on a damaged file: let the error propagate instead of catching it"
        criteria.append(
            Criterion(
                "A failed reload keeps the month whole", not broken.success and after == before, advice, graded=False
            )
        )

    with sandbox(folder_name="o'brien's data") as data:  # a quote in the path breaks SQL built from text
        quoted = materialize([asset], MARCH, data)
        criteria.append(
            Criterion(
                "Works with any file path (bound parameters)",
                quoted.success,
                f'with a data folder named "{data.name}" it failed ({quoted.error_class}: {quoted.first_line}): '
                "pass values as parameters, conn.execute(sql, [value, ...]) with ? in the SQL, instead of "
                "formatting them into the text (one statement per execute call)",
                graded=False,
            )
        )
    return EXERCISE.result(*criteria, solved_note=WHY, solved_code=_course_source())


def _course_source() -> str:
    from course_lib.defs.assets import trips

    statements = f'DELETE_MONTH = "{trips.DELETE_MONTH}"\nINSERT_MONTH = """{trips.INSERT_MONTH}"""\n\n'
    return statements + inspect.getsource(trips.taxi_trips.op.compute_fn.decorated_fn)
