"""Monthly taxi trips and the zone lookup: raw files first, then DuckDB tables built from them."""

import dagster as dg
from dagster_duckdb import DuckDBResource

from course_lib import taxi_data
from course_lib.defs.partitions import month_of, monthly_partition

CREATE_TRIPS = """
    CREATE TABLE IF NOT EXISTS trips (
        vendor_id INTEGER, pickup_zone_id INTEGER, dropoff_zone_id INTEGER,
        rate_code_id DOUBLE, payment_type INTEGER, dropoff_datetime TIMESTAMP,
        pickup_datetime TIMESTAMP, trip_distance DOUBLE, passenger_count DOUBLE,
        total_amount DOUBLE, partition_date VARCHAR
    )
"""

DELETE_MONTH = "DELETE FROM trips WHERE partition_date = ?"

# Columns are picked by name, so January's `airport_fee`/int64 file and later months'
# `Airport_fee`/int32 files load alike; the month and the file path are bound parameters.
INSERT_MONTH = """
    INSERT INTO trips
    SELECT VendorID, PULocationID, DOLocationID, RatecodeID, payment_type,
           tpep_dropoff_datetime, tpep_pickup_datetime, trip_distance, passenger_count,
           total_amount, ? AS partition_date
    FROM read_parquet(?)
"""


@dg.asset(partitions_def=monthly_partition, group_name="raw_files")
def taxi_trips_file(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """One month of NYC yellow-taxi trips as a parquet file, named as the TLC names it."""
    month_to_fetch = month_of(context.partition_key)  # "2023-03-01" -> "2023-03"
    path = taxi_data.fetch_trips_file(month_to_fetch)
    return dg.MaterializeResult(
        metadata={
            "row_count": dg.MetadataValue.int(taxi_data.row_count(path)),
            "path": dg.MetadataValue.path(str(path)),
        }
    )


@dg.asset(partitions_def=monthly_partition, deps=[taxi_trips_file], group_name="ingested")
def taxi_trips(context: dg.AssetExecutionContext, database: DuckDBResource) -> dg.MaterializeResult:
    """The month's trips in DuckDB table `trips`, tagged with `partition_date`; safe to re-run."""
    month_to_fetch = month_of(context.partition_key)
    path = taxi_data.existing_trips_file(month_to_fetch)
    with database.get_connection() as conn:
        context.log.info(f"Replacing {month_to_fetch} in table trips with {path.name}")
        conn.execute(CREATE_TRIPS)
        # Delete and insert in one transaction: a re-run never duplicates, a failure never leaves half a month.
        conn.begin()
        try:
            conn.execute(DELETE_MONTH, [month_to_fetch])
            (row_count,) = conn.execute(INSERT_MONTH, [month_to_fetch, str(path)]).fetchone()
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
    return dg.MaterializeResult(
        metadata={"row_count": dg.MetadataValue.int(row_count), "partition_date": month_to_fetch}
    )


@dg.asset(group_name="raw_files")
def taxi_zones_file() -> dg.MaterializeResult:
    """The TLC taxi zone lookup table (LocationID, Borough, Zone, service_zone) as a CSV file."""
    path = taxi_data.fetch_zones_file()
    return dg.MaterializeResult(metadata={"path": dg.MetadataValue.path(str(path))})


@dg.asset(deps=[taxi_zones_file], group_name="ingested")
def taxi_zones(database: DuckDBResource) -> dg.MaterializeResult:
    """The zone lookup in DuckDB table `zones`, replaced whole on every run."""
    path = taxi_data.zones_file_path()
    with database.get_connection() as conn:
        conn.execute(
            """
            CREATE OR REPLACE TABLE zones AS
            SELECT LocationID AS zone_id, Zone AS zone, Borough AS borough, service_zone
            FROM read_csv(?, header = true)
            """,
            [str(path)],
        )
        (row_count,) = conn.execute("SELECT count(*) FROM zones").fetchone()
    return dg.MaterializeResult(metadata={"row_count": dg.MetadataValue.int(row_count)})
