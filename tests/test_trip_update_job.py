"""Does trip_update_job load a month exactly once, whatever is run again, and touch no other month?"""

import dagster as dg
import pyarrow.parquet as pq
from conftest import trips_by_month

from course_lib.defs.partitions import monthly_partition
from course_lib.in_process.runs import run_partition
from course_lib.taxi_data import expected_row_count


def test_a_month_loads_all_its_rows_and_a_rerun_changes_nothing(course_env, instance):
    db = course_env / "staging" / "data.duckdb"
    january = run_partition("2023-01-01", instance=instance)
    assert january.success, january.error
    file_rows = pq.read_metadata(course_env / "raw" / "yellow_tripdata_2023-01.parquet").num_rows
    assert file_rows == expected_row_count("2023-01") == january.row_count
    assert trips_by_month(db) == {"2023-01": file_rows}

    assert run_partition("2023-01-01", instance=instance).success
    assert trips_by_month(db) == {"2023-01": file_rows}


def test_another_month_is_untouched(course_env, instance):
    db = course_env / "staging" / "data.duckdb"
    assert run_partition("2023-01-01", instance=instance).success
    assert run_partition("2023-02-01", instance=instance).success
    before = trips_by_month(db)
    assert run_partition("2023-02-01", instance=instance).success
    assert trips_by_month(db) == before
    assert before == {"2023-01": expected_row_count("2023-01"), "2023-02": expected_row_count("2023-02")}


def test_the_job_loads_zones_and_records_each_asset(course_env, instance):
    import duckdb

    assert run_partition("2023-03-01", instance=instance).success
    with duckdb.connect(str(course_env / "staging" / "data.duckdb"), read_only=True) as conn:
        assert conn.execute("SELECT count(*), min(zone_id), max(zone_id) FROM zones").fetchone() == (265, 1, 265)
    for asset in ["taxi_trips_file", "taxi_trips"]:
        status = instance.get_status_by_partition(dg.AssetKey(asset), ["2023-03-01"], monthly_partition)
        assert status == {"2023-03-01": dg.AssetPartitionStatus.MATERIALIZED}


def test_weekly_metric_needs_both_months_of_a_split_week(course_env, instance):
    import duckdb

    assert run_partition("2023-01-01", instance=instance).success
    split_week = run_partition("2023-01-29", "weekly_update_job", instance=instance)  # Jan 29 - Feb 4
    assert not split_week.success
    assert "2023-02 is not loaded" in split_week.error
    assert run_partition("2023-02-01", instance=instance).success
    assert run_partition("2023-01-29", "weekly_update_job", instance=instance).success
    with duckdb.connect(str(course_env / "staging" / "data.duckdb"), read_only=True) as conn:
        week = conn.execute("SELECT num_trips FROM trips_by_week WHERE period = DATE '2023-01-29'").fetchone()[0]
        direct = conn.execute(
            "SELECT count(*) FROM trips WHERE pickup_datetime >= '2023-01-29' AND pickup_datetime < '2023-02-05'"
        ).fetchone()[0]
    assert week == direct > 0
