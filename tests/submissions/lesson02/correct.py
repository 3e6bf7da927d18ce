import dagster as dg

from course_lib.defs.partitions import monthly_partition
from course_lib.taxi_data import fetch_trips_file, row_count


@dg.asset(partitions_def=monthly_partition)
def my_taxi_trips_file(context: dg.AssetExecutionContext) -> dg.MaterializeResult:
    """One month of NYC taxi trips as a parquet file."""
    month_to_fetch = context.partition_key[:-3]
    path = fetch_trips_file(month_to_fetch)
    return dg.MaterializeResult(metadata={"row_count": row_count(path)})
