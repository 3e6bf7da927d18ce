# Dagster University's lesson 8 answers (practice problems 3 and 7, ../shared/reference/ and the
# project-dagster-university mirror), ported to the exercise's names: the same weekly partition, its f-string
# query and pandas aggregation, and its job with partitions_def. DU appends to a CSV file; the port replaces the
# week's row in table trips_by_week instead. Part 2 (boroughs) has no DU answer: it is correct.py's.
import dagster as dg
import pandas as pd
from dagster_duckdb import DuckDBResource

from course_lib.feedback.exercises.lesson06 import CREATE_TRIPS_BY_BOROUGH, CREATE_TRIPS_BY_WEEK

start_date = "2023-01-01"
end_date = "2024-01-01"

my_weekly_partition = dg.WeeklyPartitionsDefinition(start_date=start_date, end_date=end_date)


@dg.asset(deps=["taxi_trips"], partitions_def=my_weekly_partition)
def my_trips_by_week(context: dg.AssetExecutionContext, database: DuckDBResource) -> None:
    period_to_fetch = context.partition_key

    query = f"""
        select vendor_id, total_amount, trip_distance, passenger_count
        from trips
        where pickup_datetime >= '{period_to_fetch}'
            and pickup_datetime < '{period_to_fetch}'::date + interval '1 week'
    """

    with database.get_connection() as conn:
        data_for_week = conn.execute(query).fetch_df()

    aggregate = (
        data_for_week.agg(
            {"vendor_id": "count", "total_amount": "sum", "trip_distance": "sum", "passenger_count": "sum"}
        )
        .rename({"vendor_id": "num_trips"})
        .to_frame()
        .T
    )
    aggregate["period"] = period_to_fetch
    aggregate["num_trips"] = aggregate["num_trips"].astype(int)
    aggregate["passenger_count"] = aggregate["passenger_count"].astype(int)
    aggregate["total_amount"] = aggregate["total_amount"].round(2).astype(float)
    aggregate["trip_distance"] = aggregate["trip_distance"].round(2).astype(float)
    aggregate = aggregate[["period", "num_trips", "total_amount", "trip_distance", "passenger_count"]]

    with database.get_connection() as conn:
        conn.execute(CREATE_TRIPS_BY_WEEK)
        conn.register("aggregate", pd.DataFrame(aggregate))
        conn.execute(f"delete from trips_by_week where period = '{period_to_fetch}'")
        conn.execute(
            "insert into trips_by_week select period::date, num_trips, passenger_count, total_amount, trip_distance "
            "from aggregate"
        )


trips_by_week = dg.AssetSelection.assets("my_trips_by_week")

my_weekly_update_job = dg.define_asset_job(
    name="weekly_update_job", partitions_def=my_weekly_partition, selection=trips_by_week
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
