"""Metrics computed from the loaded trips."""

from datetime import datetime

import dagster as dg
from dagster_duckdb import DuckDBResource

from course_lib.defs.assets.trips import taxi_trips
from course_lib.defs.partitions import months_of_week, weekly_partition
from course_lib.errors import MissingDataFile

CREATE_TRIPS_BY_WEEK = """
    CREATE TABLE IF NOT EXISTS trips_by_week (
        period DATE, num_trips BIGINT, passenger_count DOUBLE, total_amount DOUBLE, trip_distance DOUBLE
    )
"""

INSERT_WEEK = """
    INSERT INTO trips_by_week
    SELECT ?::DATE, count(*), coalesce(sum(passenger_count), 0), coalesce(sum(total_amount), 0),
           coalesce(sum(trip_distance), 0)
    FROM trips
    WHERE pickup_datetime >= ? AND pickup_datetime < ?
"""


def _require_months_loaded(conn, week_start: datetime, week_end: datetime) -> None:
    # Summing a week whose second month is not loaded would quietly give a low count.
    needed = months_of_week(week_start, week_end)
    tables = {name for (name,) in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    loaded = set()
    if "trips" in tables:
        loaded = {month for (month,) in conn.execute("SELECT DISTINCT partition_date FROM trips").fetchall()}
    missing = [month for month in needed if month not in loaded]
    if missing:
        raise MissingDataFile(
            f"The week starting {week_start:%Y-%m-%d} needs the trips of {' and '.join(needed)}, but "
            f"{', '.join(missing)} is not loaded: materialize taxi_trips for "
            f"{', '.join(m + '-01' for m in missing)} first."
        )


@dg.asset(partitions_def=weekly_partition, deps=[taxi_trips], group_name="metrics")
def trips_by_week(context: dg.AssetExecutionContext, database: DuckDBResource) -> dg.MaterializeResult:
    """Trips, passengers, fares and miles for one week (Sunday to Sunday), in table `trips_by_week`."""
    window = context.partition_time_window  # a week can span two months: both must be loaded
    week_start, week_end = window.start.replace(tzinfo=None), window.end.replace(tzinfo=None)
    with database.get_connection() as conn:
        conn.execute(CREATE_TRIPS_BY_WEEK)
        _require_months_loaded(conn, week_start, week_end)
        conn.begin()
        try:
            conn.execute("DELETE FROM trips_by_week WHERE period = ?", [week_start.date()])
            conn.execute(INSERT_WEEK, [week_start.date(), week_start, week_end])
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        (num_trips,) = conn.execute(
            "SELECT num_trips FROM trips_by_week WHERE period = ?", [week_start.date()]
        ).fetchone()
    return dg.MaterializeResult(
        metadata={"num_trips": dg.MetadataValue.int(num_trips), "week": week_start.date().isoformat()}
    )
