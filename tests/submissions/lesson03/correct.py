import dagster as dg
from dagster_duckdb import DuckDBResource

from course_lib.defs.partitions import monthly_partition
from course_lib.taxi_data import trips_file_path


@dg.asset(partitions_def=monthly_partition, deps=["taxi_trips_file"])
def taxi_trips(context: dg.AssetExecutionContext, database: DuckDBResource) -> None:
    month_to_fetch = context.partition_key[:-3]
    with database.get_connection() as conn:
        conn.execute("""CREATE TABLE IF NOT EXISTS trips (vendor_id INTEGER, pickup_zone_id INTEGER,
            dropoff_zone_id INTEGER, rate_code_id DOUBLE, payment_type INTEGER, dropoff_datetime TIMESTAMP,
            pickup_datetime TIMESTAMP, trip_distance DOUBLE, passenger_count DOUBLE, total_amount DOUBLE,
            partition_date VARCHAR)""")
        conn.begin()
        try:
            conn.execute("DELETE FROM trips WHERE partition_date = ?", [month_to_fetch])
            conn.execute("""INSERT INTO trips SELECT VendorID, PULocationID, DOLocationID, RatecodeID, payment_type,
                tpep_dropoff_datetime, tpep_pickup_datetime, trip_distance, passenger_count, total_amount, ?
                FROM read_parquet(?)""", [month_to_fetch, str(trips_file_path(month_to_fetch))])
            conn.commit()
        except Exception:
            conn.rollback()
            raise
