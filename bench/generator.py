"""Rows per second of the offline taxi generator at full scale (a real-size month), best of 3.

python -m bench.generator [--month 2023-03]      # bench/results/generator.csv
"""

import argparse
import os
import tempfile
import time
from pathlib import Path

from bench.report import write_csv
from course_lib.taxi_data import expected_row_count, write_month
from course_lib.taxi_data.generator import generate_month

RESULTS = Path(__file__).resolve().parent / "results"
REPEATS = 3


def best_seconds(action, repeats: int = REPEATS) -> float:
    """The fastest of `repeats` runs of `action()`, in seconds."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the taxi generator on a real-size month.")
    parser.add_argument("--month", default="2023-03")
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    rows = expected_row_count(args.month, None)
    results = []
    seconds = best_seconds(lambda: generate_month(args.month, None), args.repeats)
    results.append(
        {
            "what": "generate_month",
            "rows": rows,
            "seconds": round(seconds, 3),
            "million_rows_per_second": round(rows / seconds / 1e6, 2),
            "file_mb": "",
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"yellow_tripdata_{args.month}.parquet"
        seconds = best_seconds(lambda: write_month(args.month, path, None), args.repeats)
        size_mb = path.stat().st_size / 1e6
    results.append(
        {
            "what": "write_month (parquet file)",
            "rows": rows,
            "seconds": round(seconds, 3),
            "million_rows_per_second": round(rows / seconds / 1e6, 2),
            "file_mb": round(size_mb, 1),
        }
    )
    write_csv(results, args.out / "generator.csv")
    # The load average says whether other work shared the cores (wall times are only fair on an idle machine).
    print(f"month {args.month}, {rows:,} rows, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    for row in results:
        print(f"{row['what']:<28} {row['seconds']:.2f} s = {row['million_rows_per_second']:.2f} M rows/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
