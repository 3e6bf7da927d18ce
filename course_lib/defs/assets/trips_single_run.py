"""taxi_trips for a whole range of months in one run: Dagster's single-run backfill policy.

It writes the same table `trips` with the same statements as taxi_trips; only the grain of a run
differs. A backfill of twelve months is one run and one transaction instead of twelve of each.
"""

import dagster as dg
from dagster_duckdb import DuckDBResource

from course_lib import taxi_data
from course_lib.defs.assets.trips import CREATE_TRIPS, INSERT_MONTH, taxi_trips_file
from course_lib.defs.partitions import month_of, monthly_partition

# A run's partitions are one contiguous range of months, so one range delete clears them all.
DELETE_MONTHS = "DELETE FROM trips WHERE partition_date BETWEEN ? AND ?"


@dg.asset(
    partitions_def=monthly_partition,
    deps=[taxi_trips_file],
    group_name="ingested",
    backfill_policy=dg.BackfillPolicy.single_run(),
)
def taxi_trips_single_run(context: dg.AssetExecutionContext, database: DuckDBResource) -> dg.MaterializeResult:
    """The run's months (context.partition_keys) in table `trips`, replaced in one transaction; safe to re-run."""
    months = [month_of(key) for key in context.partition_keys]
    paths = [taxi_data.existing_trips_file(month) for month in months]  # every file checked before any delete
    rows_per_month = {}
    with database.get_connection() as conn:
        conn.execute(CREATE_TRIPS)
        conn.begin()
        try:
            conn.execute(DELETE_MONTHS, [months[0], months[-1]])
            for month, path in zip(months, paths, strict=True):
                (rows_per_month[month],) = conn.execute(INSERT_MONTH, [month, str(path)]).fetchone()
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    # Dagster records one materialization per month of the range, each with this same metadata.
    return dg.MaterializeResult(
        metadata={
            "months": dg.MetadataValue.int(len(months)),
            "range_row_count": dg.MetadataValue.int(sum(rows_per_month.values())),
            "rows_per_month": dg.MetadataValue.json(rows_per_month),
        }
    )
