"""A deterministic, offline stand-in for the NYC TLC yellow-taxi month files.

Same column names and Arrow types as the real files, including the drift inside 2023 (January has
`airport_fee` and int64 ids; February on has `Airport_fee` and int32 ids), distributions close to
2023-01's, and a little of the real dirt. A month always gives the same rows, and how many is
known before it is made (`expected_row_count`). Everything is vectorised with NumPy.
"""

import csv
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from course_lib import settings

ZONE_LOOKUP_CSV = Path(__file__).with_name("taxi_zone_lookup.csv")

# Real rows per month in 2023 (NYC TLC yellow taxi); 'full' scale reproduces these exactly.
ROWS_2023 = (3_066_766, 2_913_955, 3_403_766, 3_288_250, 3_513_649, 3_307_234,
             2_907_108, 2_824_209, 2_846_722, 3_522_285, 3_339_715, 3_376_567)
MEAN_ROWS_2023 = sum(ROWS_2023) / 12

JFK, LAGUARDIA, NEWARK = 132, 138, 1

# Share of pickups in each hour of the day: quiet nights, a morning rise, an evening peak.
HOURLY_SHARE = np.array([2.9, 1.9, 1.3, 0.8, 0.6, 0.7, 1.5, 2.9, 3.9, 4.2, 4.5, 4.8,
                         5.1, 5.3, 5.6, 5.8, 6.1, 6.7, 7.0, 6.4, 5.6, 5.3, 4.9, 4.0])
HOURLY_SHARE = HOURLY_SHARE / HOURLY_SHARE.sum()


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
    return MonthPlan(month, rows, null_rows=round(rows * 0.0234), negative_rows=round(rows * 0.01),
                     outside_rows=max(1, rows // 100_000) if rows >= 1000 else 0)


def trips_schema(month: str) -> pa.Schema:
    """The Arrow schema of the real file for `month` ('YYYY-MM'), drift included."""
    early = month < "2023-02"  # January 2023 and before
    ids = pa.int64() if early else pa.int32()
    counts = pa.float64() if early else pa.int64()
    fields = [
        ("VendorID", ids), ("tpep_pickup_datetime", pa.timestamp("us")),
        ("tpep_dropoff_datetime", pa.timestamp("us")), ("passenger_count", counts),
        ("trip_distance", pa.float64()), ("RatecodeID", counts), ("store_and_fwd_flag", pa.string()),
        ("PULocationID", ids), ("DOLocationID", ids), ("payment_type", pa.int64()),
        *[(name, pa.float64()) for name in ("fare_amount", "extra", "mta_tax", "tip_amount", "tolls_amount",
                                            "improvement_surcharge", "total_amount", "congestion_surcharge")],
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


def _month_bounds(month: str) -> tuple[np.datetime64, np.datetime64]:
    start = np.datetime64(f"{month}-01", "us")
    return start, (np.datetime64(month, "M") + 1).astype("datetime64[us]")


def _seed(month: str) -> int:
    return zlib.crc32(f"yellow_tripdata_{month}".encode())


def generate_month(month: str, rows_per_month: int | None = ...) -> pa.Table:
    """A month of synthetic yellow-taxi trips ('YYYY-MM'), in the real file's schema; deterministic."""
    plan = plan_month(month, rows_per_month)
    n = plan.rows
    rng = np.random.default_rng(_seed(month))
    start, end = _month_bounds(month)
    seconds_in_month = int((end - start) // np.timedelta64(1, "s"))

    # When: a day of the month, an hour by the daily rhythm, any second within the hour.
    days = rng.integers(0, seconds_in_month // 86_400, n)
    hours = np.searchsorted(np.cumsum(HOURLY_SHARE), rng.random(n), side="right").clip(0, 23)
    offset_s = days * 86_400 + hours * 3_600 + rng.integers(0, 3_600, n)
    late = rng.choice(n, plan.outside_rows, replace=False)
    offset_s[late] = -rng.integers(60, 6 * 3_600, plan.outside_rows)  # rows from the hours before the month
    pickup = start + offset_s.astype("timedelta64[s]")

    # How far and how long: lognormal, quartiles near the real 1.06 / 1.80 / 3.33 miles and 7 / 11.5 / 18 minutes.
    distance = np.round(rng.lognormal(np.log(1.8), 0.9, n), 2)
    distance[rng.random(n) < 0.025] = 0.0
    speed_mph = rng.lognormal(np.log(9.4), 0.33, n)
    minutes = np.clip(np.maximum(distance, 0.1) / speed_mph * 60 + rng.exponential(1.0, n), 0.5, 240)
    dropoff = pickup + (minutes * 60).astype("timedelta64[s]")

    zone_ids, zone_p = zone_weights()
    zone_cdf = np.cumsum(zone_p)
    pu = zone_ids[np.searchsorted(zone_cdf, rng.random(n), side="right").clip(0, len(zone_ids) - 1)]
    do = zone_ids[np.searchsorted(zone_cdf, rng.random(n), side="right").clip(0, len(zone_ids) - 1)]
    from_airport = (pu == JFK) | (pu == LAGUARDIA)

    vendor = np.where(rng.random(n) < 0.73, 2, 1)
    passengers = rng.choice(np.arange(7), n, p=[0.02, 0.74, 0.15, 0.04, 0.02, 0.015, 0.015]).astype(np.float64)
    ratecode = rng.choice([1, 2, 3, 4, 5, 99], n, p=[0.95, 0.03, 0.004, 0.002, 0.006, 0.008]).astype(np.float64)
    jfk_flat = ((pu == JFK) | (do == JFK)) & (rng.random(n) < 0.6)
    ratecode[jfk_flat] = 2
    payment = rng.choice([1, 2, 3, 4], n, p=[0.78, 0.19, 0.01, 0.02])

    # Money: the 2023 meter ($3 + distance + time), JFK flat fare $70, the fixed surcharges.
    fare = np.round(3.0 + 2.8 * distance + 0.35 * minutes + rng.normal(0, 0.4, n).clip(-1, 1), 1)
    fare[ratecode == 2] = 70.0
    extra = rng.choice([0.0, 1.0, 2.5, 5.0], n, p=[0.4, 0.3, 0.25, 0.05])
    mta_tax = np.where(rng.random(n) < 0.99, 0.5, 0.0)
    tip = np.where(payment == 1, np.round(fare * rng.uniform(0.12, 0.3, n), 2), 0.0)
    tip[(payment == 1) & (rng.random(n) < 0.15)] = 0.0
    tolls = np.where(rng.random(n) < 0.05, 6.55, 0.0)
    improvement = np.full(n, 1.0)
    congestion = np.where(rng.random(n) < 0.92, 2.5, 0.0)
    airport_fee = np.where(from_airport, 1.25, 0.0)
    total = np.round(fare + extra + mta_tax + tip + tolls + improvement + congestion + airport_fee, 2)

    # Dirt: refunds with every amount negative, and a block of rows with the rider fields missing.
    rows = rng.permutation(n)
    negative, nulls = rows[: plan.negative_rows], rows[plan.negative_rows: plan.negative_rows + plan.null_rows]
    for amount in (fare, extra, mta_tax, tip, tolls, improvement, congestion, airport_fee, total):
        amount[negative] = -amount[negative]
    payment[negative] = 4
    payment[nulls] = 0
    null_mask = np.zeros(n, dtype=bool)
    null_mask[nulls] = True

    flag_index = np.where(rng.random(n) < 0.005, 1, 0).astype(np.int8)
    flags = pa.DictionaryArray.from_arrays(pa.array(flag_index, mask=null_mask), pa.array(["N", "Y"])).cast(pa.string())

    schema = trips_schema(month)
    columns = [vendor, pickup, dropoff, passengers, distance, ratecode, flags, pu, do, payment,
               fare, extra, mta_tax, tip, tolls, improvement, total, congestion, airport_fee]
    nullable = {"passenger_count", "RatecodeID", "congestion_surcharge", "airport_fee", "Airport_fee"}
    if "cbd_congestion_fee" in schema.names:
        columns.append(np.where(rng.random(n) < 0.6, 0.75, 0.0))
    arrays = [
        col if isinstance(col, pa.Array)
        else pa.array(col, type=field.type, mask=null_mask if field.name in nullable else None)
        for col, field in zip(columns, schema)
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def write_month(month: str, path: Path, rows_per_month: int | None = ...) -> int:
    """Write `month`'s generated trips to `path` as parquet, atomically; return the row count."""
    table = generate_month(month, rows_per_month)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    pq.write_table(table, part, compression="snappy", row_group_size=1_000_000)
    part.replace(path)
    return table.num_rows
