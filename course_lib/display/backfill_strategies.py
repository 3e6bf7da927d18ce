"""What a backfill costs, four ways: the latest results of `make bench`, shipped with course_lib.

`make bench` writes them to backfill_benchmark.csv beside this module (bench/report.py), with the machine and
the day they were measured on.
"""

from pathlib import Path

import matplotlib.pyplot as plt
import matplotlib.ticker as ticker
import pandas as pd

from course_lib.errors import CourseError

RESULTS_CSV = Path(__file__).with_name("backfill_benchmark.csv")
COLOURS = {"plain_duckdb": "#888888", "per_partition": "#4C72B0", "single_run": "#55A868", "daemon": "#C44E52"}


def latest_results() -> pd.DataFrame:
    """Seconds per month and the ratio to plain DuckDB, for each strategy and size `make bench` measured."""
    if not RESULTS_CSV.exists():
        raise CourseError(f"There are no benchmark results at {RESULTS_CSV}: run `make bench` (about 12 minutes).")
    results = pd.read_csv(RESULTS_CSV, dtype={"size": str})
    return results[["strategy", "size", "rows_per_month", "months", "seconds_per_month", "ratio_to_plain_duckdb"]]


def where_measured() -> str:
    """Which machine and day the shipped results come from, and how to measure on yours."""
    results = pd.read_csv(RESULTS_CSV)
    return (
        f"Measured on {results['measured_on'].iloc[0]}, on {results['machine'].iloc[0]}. Times on your machine "
        "differ: `make bench` (about 8 minutes) measures them there and rewrites these results."
    )


def plot_strategies() -> None:
    """Seconds per month of each strategy at each size, on a log scale, each bar labelled with its ratio."""
    results = latest_results()
    sizes = list(dict.fromkeys(results["size"]))
    fig, axes = plt.subplots(1, len(sizes), figsize=(5 * len(sizes), 3.4), squeeze=False)
    for ax, size in zip(axes[0], sizes, strict=True):
        these = results[results["size"] == size]
        bars = ax.bar(
            these["strategy"],
            these["seconds_per_month"],
            color=[COLOURS.get(name, "#8172B2") for name in these["strategy"]],
        )
        ax.bar_label(bars, labels=[f"{ratio:,.2f}x" for ratio in these["ratio_to_plain_duckdb"]], fontsize=8)
        ax.set_yscale("log")  # a 10 ms load and the daemon's minute on one axis
        ax.yaxis.set_major_locator(ticker.LogLocator(subs=(1, 2, 5)))
        ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda value, _: f"{value:g}"))
        ax.yaxis.set_minor_formatter(ticker.NullFormatter())
        ax.set_title(f"{these['rows_per_month'].iloc[0]:,} rows a month, {these['months'].iloc[0]} months", fontsize=10)
        ax.set_ylabel("seconds per month")
        ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
