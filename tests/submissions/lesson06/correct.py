import dagster as dg
from dagster_duckdb import DuckDBResource

from course_lib.defs.partitions import months_of_week
from course_lib.feedback.exercises.lesson06 import CREATE_TRIPS_BY_BOROUGH, CREATE_TRIPS_BY_WEEK

my_weekly_partition = dg.WeeklyPartitionsDefinition(start_date="2023-01-01", end_date="2024-01-01")


@dg.asset(partitions_def=my_weekly_partition, deps=["taxi_trips"])
def my_trips_by_week(context: dg.AssetExecutionContext, database: DuckDBResource) -> None:
    week = context.partition_time_window
    start, end = week.start.replace(tzinfo=None), week.end.replace(tzinfo=None)
    with database.get_connection() as conn:
        conn.execute(CREATE_TRIPS_BY_WEEK)
        loaded = {month for (month,) in conn.execute("SELECT DISTINCT partition_date FROM trips").fetchall()}
        missing = [month for month in months_of_week(start, end) if month not in loaded]
        if missing:
            raise ValueError(f"The week of {start:%Y-%m-%d} needs {', '.join(missing)} in table trips: load it first.")
        conn.begin()
        try:
            conn.execute("DELETE FROM trips_by_week WHERE period = ?", [start.date()])
            conn.execute(
                """
                INSERT INTO trips_by_week
                SELECT ?, count(*), coalesce(sum(passenger_count), 0), coalesce(sum(total_amount), 0),
                       coalesce(sum(trip_distance), 0)
                FROM trips WHERE pickup_datetime >= ? AND pickup_datetime < ?
                """,
                [start.date(), start, end],
            )
            conn.commit()
        except Exception:
            conn.rollback()
            raise


my_weekly_update_job = dg.define_asset_job(
    name="my_weekly_update_job", selection=dg.AssetSelection.assets("my_trips_by_week")
)

my_borough_partition = dg.StaticPartitionsDefinition(["Bronx", "Brooklyn", "Manhattan", "Queens", "Staten Island"])


@dg.asset(partitions_def=my_borough_partition, deps=["taxi_trips", "taxi_zones"])
def my_trips_by_borough(context: dg.AssetExecutionContext, database: DuckDBResource) -> None:
    borough = context.partition_key
    with database.get_connection() as conn:
        conn.execute(CREATE_TRIPS_BY_BOROUGH)
        conn.execute("DELETE FROM trips_by_borough WHERE borough = ?", [borough])
        conn.execute(
            "INSERT INTO trips_by_borough SELECT ?, count(*) FROM trips "
            "JOIN zones ON trips.pickup_zone_id = zones.zone_id WHERE zones.borough = ?",
            [borough, borough],
        )
