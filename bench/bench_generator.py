"""Rows per second of the offline taxi generator at full scale (a real-size month), best of 3.

Run: .venv/bin/python bench/bench_generator.py [YYYY-MM]
"""

import os
import sys
import tempfile
import time
from pathlib import Path

from course_lib.taxi_generator import expected_row_count, generate_month, write_month

REPEATS = 3


def best_seconds(action) -> float:
    """The fastest of REPEATS runs of `action()`, in seconds."""
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times)


def main(month: str = "2023-03") -> None:
    rows = expected_row_count(month, None)
    # The load average says whether other work shared the cores (wall times are only fair on an idle machine).
    print(f"month {month}, {rows:,} rows (full scale), {os.cpu_count()} cores, best of {REPEATS}, "
          f"load average {os.getloadavg()[0]:.1f}")
    seconds = best_seconds(lambda: generate_month(month, None))
    print(f"generate_month: {seconds:.2f} s = {rows / seconds / 1e6:.2f} M rows/s")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"yellow_tripdata_{month}.parquet"
        seconds = best_seconds(lambda: write_month(month, path, None))
        size_mb = path.stat().st_size / 1e6
    print(f"write_month:    {seconds:.2f} s = {rows / seconds / 1e6:.2f} M rows/s ({size_mb:.1f} MB, {size_mb * 1e6 / rows:.1f} bytes a row)")


if __name__ == "__main__":
    main(*sys.argv[1:])
