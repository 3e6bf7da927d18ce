# The blog post's example solution (../shared/reference/), ported to the course's names: one multi-statement
# SQL text built with an f-string, run in one execute call.
import dagster as dg
from dagster_duckdb import DuckDBResource

from course_lib.defs.partitions import monthly_partition
from course_lib.taxi_data import trips_file_path


@dg.asset(deps=["taxi_trips_file"], partitions_def=monthly_partition)
def taxi_trips(context: dg.AssetExecutionContext, database: DuckDBResource) -> None:
    month_to_fetch = context.partition_key[:-3]

    query = f"""
      create table if not exists trips (
        vendor_id integer, pickup_zone_id integer, dropoff_zone_id integer,
        rate_code_id double, payment_type integer, dropoff_datetime timestamp,
        pickup_datetime timestamp, trip_distance double, passenger_count double,
        total_amount double, partition_date varchar
      );

      delete from trips where partition_date = '{month_to_fetch}';

      insert into trips
      select
        VendorID, PULocationID, DOLocationID, RatecodeID, payment_type, tpep_dropoff_datetime,
        tpep_pickup_datetime, trip_distance, passenger_count, total_amount, '{month_to_fetch}' as partition_date
      from '{trips_file_path(month_to_fetch)}';
    """

    with database.get_connection() as conn:
        conn.execute(query)
