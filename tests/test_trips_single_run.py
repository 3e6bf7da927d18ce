"""Does taxi_trips_single_run load a range of months in one run, once, and touch no other month?"""

import dagster as dg
from conftest import trips_by_month

from course_lib import taxi_data
from course_lib.defs.partitions import monthly_partition
from course_lib.in_process.runs import run_partition, run_partition_range
from course_lib.taxi_data import expected_row_count

RANGE = ["2023-02-01", "2023-03-01", "2023-04-01"]


def test_a_range_loads_in_one_run_and_a_rerun_changes_nothing(course_env, instance):
    db = course_env / "staging" / "data.duckdb"
    for key in RANGE:
        taxi_data.fetch_trips_file(key[:7])
    assert run_partition("2023-01-01", instance=instance).success  # a month outside the range, loaded per month

    summary = run_partition_range(RANGE[0], RANGE[-1], instance=instance)
    assert summary.success, summary.error
    expected = {key[:7]: expected_row_count(key[:7]) for key in ["2023-01-01", *RANGE]}
    assert trips_by_month(db) == expected
    assert summary.row_count == sum(expected[key[:7]] for key in RANGE)

    materializations = instance.fetch_materializations(dg.AssetKey("taxi_trips_single_run"), limit=10).records
    assert sorted(record.partition_key for record in materializations) == RANGE
    assert {record.run_id for record in materializations} == {summary.run_id}
    status = instance.get_status_by_partition(
        dg.AssetKey("taxi_trips_single_run"), monthly_partition.get_partition_keys(), monthly_partition
    )
    assert [key for key, value in status.items() if value == dg.AssetPartitionStatus.MATERIALIZED] == RANGE

    again = run_partition_range(RANGE[0], RANGE[-1], instance=instance)
    assert again.success, again.error
    assert trips_by_month(db) == expected


def test_a_missing_file_fails_the_range_and_leaves_the_loaded_months(course_env, instance):
    db = course_env / "staging" / "data.duckdb"
    for key in RANGE[:2]:
        taxi_data.fetch_trips_file(key[:7])
    assert run_partition_range(RANGE[0], RANGE[1], instance=instance).success
    before = trips_by_month(db)

    failed = run_partition_range(RANGE[0], RANGE[-1], instance=instance)  # April's file was never made
    assert not failed.success
    assert "materialize taxi_trips_file for partition 2023-04-01 first" in failed.error
    assert trips_by_month(db) == before
