"""Backfill strategies timed: the 12 months of 2023 loaded into a fresh DuckDB file, several ways, at two sizes.

    python -m bench.backfill                                # both sizes: bench/results/backfill.csv and .png
    python -m bench.backfill --sizes 2000 --months 3 --repeats 1 --out /tmp/b   # a quick look

A strategy is a function of the month keys that loads them into the DuckDB file at DUCKDB_DATABASE,
recording any runs in DAGSTER_HOME; both are new for every timing. To add one, write the function
and add it to STRATEGIES. The first strategy is the reference the others are compared to.
"""

import argparse
import shutil
import statistics
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path

import duckdb

from bench import workspace
from bench.report import write_csv
from course_lib import settings, taxi_data
from course_lib.defs.assets.trips import CREATE_TRIPS, DELETE_MONTH, INSERT_MONTH
from course_lib.defs.partitions import monthly_partition
from course_lib.deployment import dagster_dev
from course_lib.in_process.month_by_month import run_month_by_month
from course_lib.in_process.runs import run_partition_range
from course_lib.taxi_data import expected_row_count

RESULTS = Path(__file__).resolve().parent / "results"
# Fewer repeats at full scale (a month is ~3.2 M rows, about a second to load): `make bench` stays well under
# 15 minutes.
REPEATS = {"10000": 15, "full": 7}


def plain_duckdb(keys: list[str]) -> None:
    """The asset's own statements without Dagster: one connection, one transaction per month. The limit."""
    with duckdb.connect(str(settings.duckdb_path())) as conn:
        conn.execute("PRAGMA disable_checkpoint_on_shutdown")  # as the course's resource opens the file
        conn.execute(CREATE_TRIPS)
        for key in keys:
            month = key[:7]
            conn.begin()
            conn.execute(DELETE_MONTH, [month])
            conn.execute(INSERT_MONTH, [month, str(taxi_data.trips_file_path(month))])
            conn.commit()


def per_partition(keys: list[str]) -> None:
    """One in-process run of taxi_trips per month, as the notebooks' month-by-month loop does
    (course_lib.in_process.month_by_month)."""
    report = run_month_by_month(keys, assets=["taxi_trips"])
    if report.failed or report.not_run:
        raise RuntimeError(str(report))


def single_run(keys: list[str]) -> None:
    """One in-process run for the whole range: taxi_trips_single_run, whose backfill policy is single_run."""
    summary = run_partition_range(keys[0], keys[-1])
    if not summary.success:
        raise RuntimeError(str(summary))


def daemon(keys: list[str]) -> None:
    """One asset backfill launched over GraphQL and carried out by `dagster dev`'s daemon, timed from launch
    to COMPLETED_SUCCESS (the server is started before the timing, by `prepare_daemon`)."""
    state = _server.webserver.follow_backfill(
        _server.webserver.launch_backfill(keys, assets=("taxi_trips",)), timeout=600
    )
    if state.status != "COMPLETED_SUCCESS":
        raise RuntimeError(str(state))


_server = None


@contextmanager
def prepare_daemon():
    """`dagster dev` on the current (fresh) DAGSTER_HOME and DuckDB file, up and loaded before the timing starts."""
    global _server
    with dagster_dev.start() as _server:
        _server.webserver.wait_until_loaded()
        yield
    _server = None


STRATEGIES = {"plain_duckdb": plain_duckdb, "per_partition": per_partition, "single_run": single_run, "daemon": daemon}
# Set-up a strategy needs around its timing, not in it.
PREPARE = {"daemon": prepare_daemon}
# The daemon looks for backfills every 30 s, so one of its backfills takes about a minute whatever its size:
# it is timed once per size, in-process strategies many times.
ONE_TIMING = {"daemon"}
# CPU time of this process says nothing of runs made in other processes.
OTHER_PROCESSES = {"daemon"}


def time_size(size: str, keys: list[str], names: list[str], repeats: int) -> tuple[dict, dict, int]:
    """Wall and CPU seconds of each strategy's load of `keys`, `repeats` times each, round-robin on fresh
    targets; and the mean rows a month."""
    seconds = {name: [] for name in names}
    cpu_seconds = {name: [] for name in names}
    with workspace.course_data(size) as root:
        workspace.make_raw_files([key[:7] for key in keys])
        expected = {key[:7]: expected_row_count(key[:7]) for key in keys}
        for name in names:  # warm-up, not timed: imports, the job's first resolution, the page cache
            if name not in ONE_TIMING:
                workspace.fresh_target(root, f"warmup-{name}")
                STRATEGIES[name](keys[:1])
        for attempt in range(repeats):
            for name in names:
                if name in ONE_TIMING and attempt > 0:
                    continue
                target = workspace.fresh_target(root, f"{name}-{attempt}")
                with PREPARE.get(name, nullcontext)():
                    started, started_cpu = time.perf_counter(), time.process_time()
                    STRATEGIES[name](keys)
                    seconds[name].append(time.perf_counter() - started)
                    cpu_seconds[name].append(time.process_time() - started_cpu)
                loaded = workspace.rows_per_month(target / "data.duckdb")
                if loaded != expected:
                    raise RuntimeError(f"{name} loaded {loaded}, expected {expected}")
                print(f"{size:>6} {name:<14} {seconds[name][-1]:7.2f} s", flush=True)
                shutil.rmtree(target, ignore_errors=True)  # full-scale files are large
    return seconds, cpu_seconds, round(sum(expected.values()) / len(expected))


def result_rows(size: str, keys: list[str], seconds: dict, cpu_seconds: dict, mean_rows: int) -> list[dict]:
    """One CSV row per strategy: best time per month, and its ratio to the first strategy's.

    CPU time (this process, all threads) is beside it: on a shared machine it moves less than wall time.
    """
    months = len(keys)
    reference = min(next(iter(seconds.values()))) / months
    cpu_reference = min(next(iter(cpu_seconds.values()))) / months
    return [
        {
            "strategy": name,
            "size": size,
            "rows_per_month": mean_rows,
            "months": months,
            "repeats": len(times),
            "seconds_per_month": round(min(times) / months, 4),
            "median_seconds_per_month": round(statistics.median(times) / months, 4),
            "ratio_to_plain_duckdb": round(min(times) / months / reference, 3),
            "cpu_seconds_per_month": "" if name in OTHER_PROCESSES else round(min(cpu_seconds[name]) / months, 4),
            "cpu_ratio_to_plain_duckdb": (
                "" if name in OTHER_PROCESSES else round(min(cpu_seconds[name]) / months / cpu_reference, 3)
            ),
        }
        for name, times in seconds.items()
    ]


def plot(rows: list[dict], path: Path) -> None:
    """Seconds per month of each strategy, one panel per size, each bar labelled with its ratio."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = list(dict.fromkeys(row["size"] for row in rows))
    fig, axes = plt.subplots(1, len(sizes), figsize=(5 * len(sizes), 4), squeeze=False)
    for ax, size in zip(axes[0], sizes, strict=True):
        these = [row for row in rows if row["size"] == size]
        bars = ax.bar(
            [row["strategy"] for row in these],
            [row["seconds_per_month"] for row in these],
            color=["#888888", "#4C72B0", "#55A868", "#C44E52", "#8172B2"][: len(these)],
        )
        ax.bar_label(bars, labels=[f"{row['ratio_to_plain_duckdb']:.2f}x" for row in these])
        ax.set_title(f"{these[0]['rows_per_month']:,} rows/month ({size}), {these[0]['months']} months")
        ax.set_ylabel("seconds per month (best run)")
        ax.set_yscale("log")  # the daemon's ~60 s backfill and a 10 ms plain load on one axis
        ax.margins(y=0.15)
    fig.suptitle("Backfill strategies: time per month, and ratio to plain DuckDB")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time backfill strategies for the months of 2023.")
    parser.add_argument("--sizes", nargs="+", default=list(REPEATS), help="rows per month: numbers or 'full'")
    parser.add_argument("--months", type=int, default=12, help="how many months, from January")
    parser.add_argument("--repeats", type=int, help=f"timings per strategy (default: {REPEATS})")
    parser.add_argument(
        "--strategies",
        nargs="+",
        default=list(STRATEGIES),
        choices=list(STRATEGIES),
        help="the first strategy is always included: the others are compared to it",
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for backfill.csv and backfill.png")
    args = parser.parse_args(argv)
    reference = next(iter(STRATEGIES))
    names = [reference] + [name for name in args.strategies if name != reference]
    keys = monthly_partition.get_partition_keys()[: args.months]
    rows = []
    for size in args.sizes:
        seconds, cpu_seconds, mean_rows = time_size(size, keys, names, args.repeats or REPEATS.get(size, 3))
        rows += result_rows(size, keys, seconds, cpu_seconds, mean_rows)
    write_csv(rows, args.out / "backfill.csv")
    plot(rows, args.out / "backfill.png")
    for row in rows:
        print(
            f"{row['size']:>6} {row['strategy']:<14} {row['seconds_per_month']:8.4f} s/month "
            f"{row['ratio_to_plain_duckdb']:6.3f}x"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
