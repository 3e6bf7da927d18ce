"""Does the offline generator write what the real TLC files hold, the same way every time?"""

import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from course_lib.taxi_data import expected_row_count, write_month
from course_lib.taxi_data import generator as taxi_generator
from course_lib.taxi_data.generator import generate_month, plan_month

MONEY = [
    "fare_amount",
    "extra",
    "mta_tax",
    "tip_amount",
    "tolls_amount",
    "improvement_surcharge",
    "total_amount",
    "congestion_surcharge",
]

# The real schemas, as read from the TLC's 2023 files (../shared/notes/tlc-data.md); written out
# here by hand rather than taken from the generator, so the test can disagree with it.
JANUARY_2023 = pa.schema(
    [
        ("VendorID", pa.int64()),
        ("tpep_pickup_datetime", pa.timestamp("us")),
        ("tpep_dropoff_datetime", pa.timestamp("us")),
        ("passenger_count", pa.float64()),
        ("trip_distance", pa.float64()),
        ("RatecodeID", pa.float64()),
        ("store_and_fwd_flag", pa.string()),
        ("PULocationID", pa.int64()),
        ("DOLocationID", pa.int64()),
        ("payment_type", pa.int64()),
    ]
    + [(name, pa.float64()) for name in MONEY]
    + [("airport_fee", pa.float64())]
)
FEBRUARY_2023_ON = pa.schema(
    [
        ("VendorID", pa.int32()),
        ("tpep_pickup_datetime", pa.timestamp("us")),
        ("tpep_dropoff_datetime", pa.timestamp("us")),
        ("passenger_count", pa.int64()),
        ("trip_distance", pa.float64()),
        ("RatecodeID", pa.int64()),
        ("store_and_fwd_flag", pa.string()),
        ("PULocationID", pa.int32()),
        ("DOLocationID", pa.int32()),
        ("payment_type", pa.int64()),
    ]
    + [(name, pa.float64()) for name in MONEY]
    + [("Airport_fee", pa.float64())]
)


def test_schema_matches_the_real_files_including_the_2023_drift(tmp_path):
    for month, expected in [("2023-01", JANUARY_2023), ("2023-02", FEBRUARY_2023_ON), ("2023-12", FEBRUARY_2023_ON)]:
        path = tmp_path / f"yellow_tripdata_{month}.parquet"
        write_month(month, path, 500)
        assert pq.read_schema(path).remove_metadata().equals(expected), month


def test_the_same_month_gives_the_same_bytes(tmp_path):
    write_month("2023-05", tmp_path / "a.parquet", 3000)
    write_month("2023-05", tmp_path / "b.parquet", 3000)
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    assert not generate_month("2023-05", 3000).equals(generate_month("2023-06", 3000))


def test_row_counts_are_known_in_advance_and_follow_the_real_months():
    for month, rows in [("2023-01", 3_066_766), ("2023-05", 3_513_649), ("2023-12", 3_376_567)]:
        assert expected_row_count(month, None) == rows
    assert generate_month("2023-02", 5000).num_rows == expected_row_count("2023-02", 5000)
    # May was busier than February in 2023, and the scaled counts keep that.
    assert expected_row_count("2023-05", 10_000) > expected_row_count("2023-02", 10_000)
    assert sum(expected_row_count(f"2023-{m:02d}", 10_000) for m in range(1, 13)) == pytest.approx(120_000, rel=0.001)


def test_pickups_fall_inside_the_month_except_the_planned_late_rows():
    table = generate_month("2023-03", 20_000)
    plan = plan_month("2023-03", 20_000)
    pickup = table["tpep_pickup_datetime"].to_numpy()
    start, end = np.datetime64("2023-03-01", "us"), np.datetime64("2023-04-01", "us")
    outside = (pickup < start) | (pickup >= end)
    assert outside.sum() == plan.outside_rows >= 1
    # The outliers are the real kind: a few hours before the month began, not years away.
    assert (pickup[outside] >= start - np.timedelta64(6, "h")).all()


def test_realistic_values_and_the_real_dirt():
    table = generate_month("2023-01", 40_000)
    plan = plan_month("2023-01", 40_000)
    # The 2.34 % rows with rider fields missing: all four columns null together.
    for column in ["passenger_count", "RatecodeID", "congestion_surcharge", "airport_fee"]:
        assert table[column].null_count == plan.null_rows
    assert pc.sum(pc.less(table["total_amount"], 0)).as_py() == plan.negative_rows
    distance = np.quantile(table["trip_distance"].to_numpy(), [0.25, 0.5, 0.75])
    assert 0.8 < distance[0] < 1.4 and 1.5 < distance[1] < 2.1 and 2.8 < distance[2] < 4.0
    fare_median = np.median(table["fare_amount"].to_numpy())
    assert 10 < fare_median < 16
    zones = np.concatenate([table["PULocationID"].to_numpy(), table["DOLocationID"].to_numpy()])
    assert zones.min() >= 1 and zones.max() <= 265
    assert set(pc.unique(table["VendorID"]).to_pylist()) == {1, 2}
    airport = pc.is_in(table["PULocationID"], pa.array([132, 138]))
    assert pc.all(
        pc.equal(pc.filter(table["airport_fee"], pc.and_(airport, pc.greater(table["total_amount"], 0))), 1.25)
    ).as_py()


def test_full_scale_generation_speed(capsys):
    """Prints rows per second for a real-size month (no timing assertion: see bench/)."""
    rows = expected_row_count("2023-03", None)
    started = time.perf_counter()
    table = generate_month("2023-03", None)
    seconds = time.perf_counter() - started
    assert table.num_rows == rows
    with capsys.disabled():
        print(f"\ngenerator: {rows:,} rows in {seconds:.2f} s = {rows / seconds / 1e6:.2f} M rows/s")


def test_zone_weights_cover_the_real_zone_ids():
    ids, weights = taxi_generator.zone_weights()
    assert list(ids) == list(range(1, 266))
    assert weights.sum() == pytest.approx(1.0)


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of 1,000 rows and row groups of 3 chunks, so a small month spans many of both."""
    monkeypatch.setattr(taxi_generator, "CHUNK_ROWS", 1000)
    monkeypatch.setattr(taxi_generator, "ROW_GROUP_CHUNKS", 3)


def test_rows_never_depend_on_the_threads(small_chunks, monkeypatch, tmp_path):
    monkeypatch.setattr(taxi_generator, "THREADS", 1)
    one_thread = generate_month("2023-04", 20_000)
    monkeypatch.setattr(taxi_generator, "THREADS", 4)
    assert generate_month("2023-04", 20_000).equals(one_thread)
    write_month("2023-04", tmp_path / "a.parquet", 20_000)
    write_month("2023-04", tmp_path / "b.parquet", 20_000)
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()


def test_the_dirt_is_exact_across_chunks(small_chunks):
    table = generate_month("2023-04", 20_000)
    plan = plan_month("2023-04", 20_000)
    assert table.num_rows == plan.rows and table["RatecodeID"].num_chunks > 10
    assert table["passenger_count"].null_count == plan.null_rows
    assert pc.sum(pc.less(table["total_amount"], 0)).as_py() == plan.negative_rows
    pickup = table["tpep_pickup_datetime"].to_numpy()
    assert (pickup < np.datetime64("2023-04-01", "us")).sum() == plan.outside_rows


def test_the_file_holds_exactly_generate_months_rows(small_chunks, tmp_path):
    path = tmp_path / "yellow_tripdata_2023-02.parquet"
    assert write_month("2023-02", path, 10_000) == expected_row_count("2023-02", 10_000)
    assert pq.read_table(path).equals(generate_month("2023-02", 10_000))
    assert pq.ParquetFile(path).metadata.num_row_groups == 4  # row groups of 3,000 rows


def test_rows_come_in_pickup_order_as_in_the_real_files():
    pickup = generate_month("2023-07", 20_000)["tpep_pickup_datetime"].to_numpy()
    assert (np.diff(pickup) >= np.timedelta64(0)).all()


def test_the_hand_built_columns_are_valid_arrow():
    table = generate_month("2023-01", 20_000)
    table.validate(full=True)
    flags = table["store_and_fwd_flag"]
    assert set(pc.unique(flags).to_pylist()) == {"N", "Y", None}
    # The rider fields are missing together, on the same rows.
    missing = pc.is_null(table["passenger_count"])
    for column in ["RatecodeID", "store_and_fwd_flag", "congestion_surcharge", "airport_fee"]:
        assert pc.is_null(table[column]).equals(missing), column
    assert (pc.filter(table["payment_type"], missing).to_numpy() == 0).all()


def test_every_zone_can_be_drawn_about_as_often_as_its_weight():
    ids, weights = taxi_generator.zone_weights()
    table = taxi_generator._tables().zone
    assert len(table) == taxi_generator.TABLE_SIZE
    shares = np.bincount(table, minlength=ids.max() + 1)[ids] / len(table)
    assert (shares > 0).all()
    assert np.abs(shares - weights).max() <= 1 / len(table)
