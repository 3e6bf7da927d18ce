"""A deterministic, offline stand-in for the NYC TLC yellow-taxi month files.

Same column names and Arrow types as the real files, including the drift inside 2023 (January has
`airport_fee` and int64 ids; February on has `Airport_fee` and int32 ids), distributions close to
2023-01's, and a little of the real dirt. A month always gives the same rows, and how many is
known before it is made (`expected_row_count`). Rows come in pickup order, as the real files
roughly do (2023-01 opens with pickups at 00:32 and 00:55 on January 1st).

Made for speed (a real-size month in well under a second): every random column is a gather from a
precomputed table of its distribution, and rows are made in chunks shared out to threads, each chunk
with its own seed so the result never depends on the threads.
"""

import csv
import os
import zlib
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from statistics import NormalDist
from types import SimpleNamespace

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from course_lib import settings
from course_lib.atomic_write import atomic_write

ZONE_LOOKUP_CSV = Path(__file__).with_name("taxi_zone_lookup.csv")

# Real rows per month in 2023 (NYC TLC yellow taxi); 'full' scale reproduces these exactly.
ROWS_2023 = (
    3_066_766,
    2_913_955,
    3_403_766,
    3_288_250,
    3_513_649,
    3_307_234,
    2_907_108,
    2_824_209,
    2_846_722,
    3_522_285,
    3_339_715,
    3_376_567,
)
MEAN_ROWS_2023 = sum(ROWS_2023) / 12

JFK, LAGUARDIA, NEWARK = 132, 138, 1

# Share of pickups in each hour of the day: quiet nights, a morning rise, an evening peak.
HOURLY_SHARE = np.array(
    [
        2.9,
        1.9,
        1.3,
        0.8,
        0.6,
        0.7,
        1.5,
        2.9,
        3.9,
        4.2,
        4.5,
        4.8,
        5.1,
        5.3,
        5.6,
        5.8,
        6.1,
        6.7,
        7.0,
        6.4,
        5.6,
        5.3,
        4.9,
        4.0,
    ]
)
HOURLY_SHARE = HOURLY_SHARE / HOURLY_SHARE.sum()

# A column is drawn as uniform 16-bit indexes into a table of TABLE_SIZE values laid out by its
# distribution (so probabilities come in steps of 1/65,536): one gather per column, far cheaper than
# rng.choice(p=...), a searchsorted or a lognormal per row.
TABLE_SIZE = 1 << 16
# Rows made together: small enough for the temporaries to stay in cache, many enough to keep every
# core busy. Each chunk has its own seed, so its rows are the same whichever thread makes it.
CHUNK_ROWS = 1 << 17
ROW_GROUP_CHUNKS = 4  # parquet row groups of 524,288 rows: the writer can start sooner
THREADS = os.cpu_count() or 1


@dataclass(frozen=True)
class MonthPlan:
    """How many rows a generated month has, and how many of them carry each kind of real dirt."""

    month: str
    rows: int
    null_rows: int  # passenger_count, RatecodeID, congestion_surcharge, airport fee all null (2.34 %)
    negative_rows: int  # refunds and voids: every amount negative (about 1 %)
    outside_rows: int  # pickups in the last hours before the month began


def expected_row_count(month: str, rows_per_month: int | None = ...) -> int:
    """Rows the generator writes for `month` ('YYYY-MM'): the real count scaled to rows_per_month."""
    if rows_per_month is ...:
        rows_per_month = settings.rows_per_month()
    real = ROWS_2023[int(month[5:7]) - 1]
    if rows_per_month is None:
        return real
    return max(1, round(rows_per_month * real / MEAN_ROWS_2023))


def plan_month(month: str, rows_per_month: int | None = ...) -> MonthPlan:
    """The row counts of a generated month, known before it is generated."""
    rows = expected_row_count(month, rows_per_month)
    return MonthPlan(
        month,
        rows,
        null_rows=round(rows * 0.0234),
        negative_rows=round(rows * 0.01),
        outside_rows=max(1, rows // 100_000) if rows >= 1000 else 0,
    )


def trips_schema(month: str) -> pa.Schema:
    """The Arrow schema of the real file for `month` ('YYYY-MM'), drift included."""
    early = month < "2023-02"  # January 2023 and before
    ids = pa.int64() if early else pa.int32()
    counts = pa.float64() if early else pa.int64()
    fields = [
        ("VendorID", ids),
        ("tpep_pickup_datetime", pa.timestamp("us")),
        ("tpep_dropoff_datetime", pa.timestamp("us")),
        ("passenger_count", counts),
        ("trip_distance", pa.float64()),
        ("RatecodeID", counts),
        ("store_and_fwd_flag", pa.string()),
        ("PULocationID", ids),
        ("DOLocationID", ids),
        ("payment_type", pa.int64()),
        *[
            (name, pa.float64())
            for name in (
                "fare_amount",
                "extra",
                "mta_tax",
                "tip_amount",
                "tolls_amount",
                "improvement_surcharge",
                "total_amount",
                "congestion_surcharge",
            )
        ],
        ("airport_fee" if early else "Airport_fee", pa.float64()),
    ]
    if month >= "2025-01":
        fields.append(("cbd_congestion_fee", pa.float64()))
    return pa.schema(fields)


@cache
def zone_weights() -> tuple[np.ndarray, np.ndarray]:
    """Zone ids 1-265 and how often yellow taxis use each: Manhattan and the airports most."""
    with ZONE_LOOKUP_CSV.open(newline="") as f:
        zones = [(int(row["LocationID"]), row["service_zone"]) for row in csv.DictReader(f)]
    ids = np.array([zone_id for zone_id, _ in zones], dtype=np.int64)
    base = {"Yellow Zone": 1.0, "Airports": 0.0, "Boro Zone": 0.035, "EWR": 0.004, "N/A": 0.15}
    rng = np.random.default_rng(265)  # fixed: the same busy zones every month
    weights = np.array([base.get(service, 0.01) for _, service in zones]) * rng.lognormal(0, 0.6, len(zones))
    weights[ids == JFK] = 5.0
    weights[ids == LAGUARDIA] = 3.5
    return ids, weights / weights.sum()


def _table(values, shares) -> np.ndarray:
    """TABLE_SIZE entries, each value repeated in proportion to its share."""
    ends = np.round(np.cumsum(shares) / np.sum(shares) * TABLE_SIZE).astype(np.int64)
    return np.repeat(np.asarray(values), np.diff(ends, prepend=0))


def _midpoints(size: int) -> np.ndarray:
    return (np.arange(size) + 0.5) / size


def _normal_quantiles(size: int) -> np.ndarray:
    """`size` evenly spaced quantiles of the standard normal: as a table, it samples N(0, 1)."""
    normal = NormalDist()
    return np.array([normal.inv_cdf(p) for p in _midpoints(size)])


@cache
def _tables() -> SimpleNamespace:
    """Each column's distribution as a TABLE_SIZE table (see TABLE_SIZE); built once per process."""
    zone_ids, zone_p = zone_weights()
    zero_trips = round(0.025 * TABLE_SIZE)  # ~2.5 % of real trips have distance 0
    unpaid_tips = round(0.15 * TABLE_SIZE)  # card payers who tip nothing
    airport_fee = np.zeros(zone_ids.max() + 1)
    airport_fee[[JFK, LAGUARDIA]] = 1.25
    return SimpleNamespace(
        zone=_table(zone_ids, zone_p),
        vendor=_table([1, 2], [0.27, 0.73]),
        passengers=_table(np.arange(7), [0.02, 0.74, 0.15, 0.04, 0.02, 0.015, 0.015]),
        ratecode=_table([1, 2, 3, 4, 5, 99], [0.95, 0.03, 0.004, 0.002, 0.006, 0.008]),
        jfk_flat=_table([True, False], [0.6, 0.4]),
        payment=_table([1, 2, 3, 4], [0.78, 0.19, 0.01, 0.02]),
        # Lognormal distance and speed, quartiles near the real 1.06 / 1.80 / 3.33 miles and 7 / 11.5 / 18 minutes.
        distance=np.concatenate(
            [np.zeros(zero_trips), np.round(1.8 * np.exp(0.9 * _normal_quantiles(TABLE_SIZE - zero_trips)), 2)]
        ),
        minutes_per_mile=60 / (9.4 * np.exp(0.33 * _normal_quantiles(TABLE_SIZE))),
        wait_minutes=-np.log1p(-_midpoints(TABLE_SIZE)),  # exponential, mean 1
        fare_noise=np.clip(0.4 * _normal_quantiles(TABLE_SIZE), -1, 1),
        extra=_table([0.0, 1.0, 2.5, 5.0], [0.4, 0.3, 0.25, 0.05]),
        mta_tax=_table([0.5, 0.0], [0.99, 0.01]),
        tip_share=np.concatenate([np.zeros(unpaid_tips), 0.12 + 0.18 * _midpoints(TABLE_SIZE - unpaid_tips)]),
        tolls=_table([6.55, 0.0], [0.05, 0.95]),
        congestion=_table([2.5, 0.0], [0.92, 0.08]),
        airport_fee_by_zone=airport_fee,
        flag=_table(np.frombuffer(b"YN", dtype=np.uint8), [0.005, 0.995]),
        cbd_congestion_fee=_table([0.75, 0.0], [0.6, 0.4]),
    )


def _month_bounds(month: str) -> tuple[np.datetime64, np.datetime64]:
    start = np.datetime64(f"{month}-01", "us")
    return start, (np.datetime64(month, "M") + 1).astype("datetime64[us]")


def _seed(month: str) -> int:
    return zlib.crc32(f"yellow_tripdata_{month}".encode())


def _draw(rng: np.random.Generator, table: np.ndarray, n: int) -> np.ndarray:
    """n values sampled from a TABLE_SIZE table."""
    return table[rng.integers(0, TABLE_SIZE, n, dtype=np.uint16)]


def _pickup_seconds(rng: np.random.Generator, plan: MonthPlan, days: int) -> np.ndarray:
    """Each pickup's seconds from the start of the month, in order; the late rows come first, negative."""
    inside = plan.rows - plan.outside_rows
    # An hour of the month (any day, hours by the daily rhythm), then any second within it.
    hour_starts = _table(
        (np.arange(days, dtype=np.int32)[:, None] * 86_400 + np.arange(24) * 3_600).ravel(), np.tile(HOURLY_SHARE, days)
    )
    seconds = _draw(rng, hour_starts, inside) + rng.integers(0, 3_600, inside, dtype=np.int32)
    late = -rng.integers(60, 6 * 3_600, plan.outside_rows, dtype=np.int32)
    return np.sort(np.concatenate([late, seconds]))


def _chunk(
    rng: np.random.Generator,
    schema: pa.Schema,
    start: np.datetime64,
    pickup_s: np.ndarray,
    negative: np.ndarray,
    null: np.ndarray,
) -> pa.RecordBatch:
    """The rows whose pickups are `pickup_s`, with refunds where `negative` and rider fields null where `null`."""
    t = _tables()
    n = len(pickup_s)
    ids = schema.field("VendorID").type.to_pandas_dtype()  # the 2023 drift: int64 in January, int32 after
    counts = schema.field("passenger_count").type.to_pandas_dtype()  # float64 in January, int64 after

    pickup = pickup_s.astype(np.int64) * 1_000_000 + start.astype(np.int64)
    distance = _draw(rng, t.distance, n)
    minutes = np.maximum(distance, 0.1) * _draw(rng, t.minutes_per_mile, n) + _draw(rng, t.wait_minutes, n)
    np.clip(minutes, 0.5, 240, out=minutes)
    dropoff = pickup + (minutes * 60).astype(np.int64) * 1_000_000  # whole seconds, as in the real files

    zone = t.zone.astype(ids, copy=False)
    pu, do = _draw(rng, zone, n), _draw(rng, zone, n)
    vendor = _draw(rng, t.vendor.astype(ids, copy=False), n)
    passengers = _draw(rng, t.passengers.astype(counts, copy=False), n)
    ratecode = _draw(rng, t.ratecode.astype(counts, copy=False), n)
    ratecode[((pu == JFK) | (do == JFK)) & _draw(rng, t.jfk_flat, n)] = 2
    payment = _draw(rng, t.payment, n)

    # Money: the 2023 meter ($3 + distance + time), JFK flat fare $70, the fixed surcharges.
    fare = np.round(3.0 + 2.8 * distance + 0.35 * minutes + _draw(rng, t.fare_noise, n), 1)
    fare[ratecode == 2] = 70.0
    extra = _draw(rng, t.extra, n)
    mta_tax = _draw(rng, t.mta_tax, n)
    tip = np.where(payment == 1, np.round(fare * _draw(rng, t.tip_share, n), 2), 0.0)
    tolls = _draw(rng, t.tolls, n)
    improvement = np.full(n, 1.0)
    congestion = _draw(rng, t.congestion, n)
    airport_fee = t.airport_fee_by_zone[pu]
    amounts = [fare, extra, mta_tax, tip, tolls, improvement, congestion, airport_fee]
    if "cbd_congestion_fee" in schema.names:
        amounts.append(_draw(rng, t.cbd_congestion_fee, n))
    total = np.round(sum(amounts), 2)

    # Dirt: refunds with every amount negative, and rows with the rider fields missing.
    refunds = np.flatnonzero(negative)
    for amount in [*amounts, total]:
        amount[refunds] *= -1
    payment[refunds] = 4
    payment[null] = 0

    # One byte per row, 'Y' or 'N', and null where the rider fields are; Arrow allows a null slot to
    # keep its byte, so the offsets are simply 0, 1, 2, ...
    validity = pa.py_buffer(np.packbits(~null, bitorder="little"))
    offsets = pa.py_buffer(np.arange(n + 1, dtype=np.int32))
    flags = pa.Array.from_buffers(
        pa.string(), n, [validity, offsets, pa.py_buffer(_draw(rng, t.flag, n))], null_count=int(null.sum())
    )

    columns = [
        vendor,
        pickup.view("datetime64[us]"),
        dropoff.view("datetime64[us]"),
        passengers,
        distance,
        ratecode,
        flags,
        pu,
        do,
        payment,
        fare,
        extra,
        mta_tax,
        tip,
        tolls,
        improvement,
        total,
        congestion,
        *amounts[7:],
    ]
    nullable = {"passenger_count", "RatecodeID", "congestion_surcharge", "airport_fee", "Airport_fee"}
    # pa.array wraps NumPy's buffers without a copy when the dtypes already match the schema.
    arrays = [
        col
        if isinstance(col, pa.Array)
        else pa.array(col, type=field.type, mask=null if field.name in nullable else None)
        for col, field in zip(columns, schema, strict=True)
    ]
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _batches(month: str, rows_per_month: int | None, threads: int) -> Iterator[pa.RecordBatch]:
    """The month's rows as record batches of CHUNK_ROWS, in order, made by `threads` threads."""
    plan = plan_month(month, rows_per_month)
    n = plan.rows
    schema = trips_schema(month)
    start, end = _month_bounds(month)
    chunk_starts = range(0, n, CHUNK_ROWS)
    month_seed, *chunk_seeds = np.random.SeedSequence(_seed(month)).spawn(1 + len(chunk_starts))
    rng = np.random.default_rng(month_seed)

    pickup_s = _pickup_seconds(rng, plan, days=int((end - start) // np.timedelta64(1, "D")))
    dirty = rng.choice(n, plan.negative_rows + plan.null_rows, replace=False)
    negative = np.zeros(n, dtype=bool)
    negative[dirty[: plan.negative_rows]] = True
    null = np.zeros(n, dtype=bool)
    null[dirty[plan.negative_rows :]] = True

    with ThreadPoolExecutor(max_workers=threads) as pool:
        # At most a row group ahead of the consumer: when it is the slower one (the parquet encoder),
        # memory stays small and is reused instead of growing to the whole month.
        pending = deque()
        for i, seed in zip(chunk_starts, chunk_seeds, strict=True):
            pending.append(
                pool.submit(
                    _chunk,
                    np.random.default_rng(seed),
                    schema,
                    start,
                    pickup_s[i : i + CHUNK_ROWS],
                    negative[i : i + CHUNK_ROWS],
                    null[i : i + CHUNK_ROWS],
                )
            )
            if len(pending) > ROW_GROUP_CHUNKS:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def generate_month(month: str, rows_per_month: int | None = ...) -> pa.Table:
    """A month of synthetic yellow-taxi trips ('YYYY-MM'), in the real file's schema; deterministic."""
    return pa.Table.from_batches(_batches(month, rows_per_month, THREADS), schema=trips_schema(month))


def _row_groups(month: str, rows_per_month: int | None) -> Iterator[pa.Table]:
    """generate_month's rows in tables of ROW_GROUP_CHUNKS chunks, each as soon as its chunks are made."""
    group = []
    # One core is left to the parquet encoder, the slowest step, which runs on a single thread.
    for batch in _batches(month, rows_per_month, threads=max(1, THREADS - 1)):
        group.append(batch)
        if len(group) == ROW_GROUP_CHUNKS:
            yield pa.Table.from_batches(group)
            group = []
    if group:
        yield pa.Table.from_batches(group)


def write_month(month: str, path: Path, rows_per_month: int | None = ...) -> int:
    """Write `month`'s generated trips to `path` as parquet, atomically; return the row count."""
    schema = trips_schema(month)
    rows = 0
    # Pickups are in order, so both timestamps delta-encode to a fraction of their plain size; they
    # have too many distinct values for a dictionary, which every other column compresses well with.
    timestamps = ["tpep_pickup_datetime", "tpep_dropoff_datetime"]
    # The writer closes (its footer written) before atomic_write puts the file in place.
    with atomic_write(path) as part:
        with pq.ParquetWriter(
            part,
            schema,
            compression="snappy",
            use_dictionary=[name for name in schema.names if name not in timestamps],
            column_encoding=dict.fromkeys(timestamps, "DELTA_BINARY_PACKED"),
        ) as writer:
            # The next row groups are made while this one is encoded.
            for group in _row_groups(month, rows_per_month):
                writer.write_table(group, row_group_size=group.num_rows)  # one row group per table
                rows += group.num_rows
    return rows
