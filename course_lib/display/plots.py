"""Charts for the lessons: the partitions on a timeline, and trips loaded per month."""

from datetime import datetime

import matplotlib.pyplot as plt

from course_lib.defs.partitions import monthly_partition
from course_lib.in_process import database


def plot_partitions(partitions_def, title: str = "Monthly partitions of 2023") -> None:
    """One bar per partition, spanning its time window."""
    keys = partitions_def.get_partition_keys()
    fig, ax = plt.subplots(figsize=(10, 1.8))
    for i, key in enumerate(keys):
        window = partitions_def.time_window_for_partition_key(key)
        start, end = window.start.replace(tzinfo=None), window.end.replace(tzinfo=None)
        ax.barh(0, end - start, left=start, color=("#4c78a8", "#9ecae9")[i % 2], edgecolor="white")
        ax.text(start + (end - start) / 2, 0, key[5:7], ha="center", va="center", fontsize=8, color="white")
    ax.set_yticks([])
    ax.set_title(f"{title}: {len(keys)} keys, {keys[0]} … {keys[-1]}", fontsize=10)
    ax.set_xlim(datetime(2022, 12, 20), datetime(2024, 1, 12))
    fig.tight_layout()


def plot_trips_per_month() -> None:
    """A bar per month of table `trips`: how many rows each partition loaded."""
    rows = database.rows_per_month()
    fig, ax = plt.subplots(figsize=(8, 2.8))
    months = [key[:7] for key in monthly_partition.get_partition_keys()]
    counts = [rows.get(month, 0) for month in months]
    ax.bar([m[5:] for m in months], counts, color=["#4c78a8" if c else "#dddddd" for c in counts])
    ax.set_xlabel("month of 2023 (grey: not loaded)")
    ax.set_ylabel("trips loaded")
    ax.set_title(f"Trips per month in DuckDB: {sum(counts):,} rows, {sum(1 for c in counts if c)} months", fontsize=10)
    fig.tight_layout()


def plot_runs_timeline(batch_or_backfill: str, instance=None) -> None:
    """One bar per run of a month-by-month batch or of a Dagster backfill, from its start to its end, coloured by
    outcome."""
    from course_lib.in_process.month_by_month import runs_of

    records = [r for r in runs_of(batch_or_backfill, instance) if r.start_time and r.end_time]
    fig, ax = plt.subplots(figsize=(8, 0.35 * max(len(records), 3) + 0.8))
    if records:
        origin = min(r.start_time for r in records)
        for row, record in enumerate(records):
            ok = record.dagster_run.status.value == "SUCCESS"
            ax.barh(
                row,
                record.end_time - record.start_time,
                left=record.start_time - origin,
                color="#2f9e44" if ok else "#e03131",
            )
        ax.set_yticks(range(len(records)), [r.dagster_run.tags.get("dagster/partition", "?")[:7] for r in records])
        ax.invert_yaxis()
    ax.set_xlabel("seconds since the backfill's first run started (green: success, red: failure)")
    ax.set_title(f"{batch_or_backfill}: {len(records)} runs", fontsize=10)
    fig.tight_layout()
