"""Do the benchmarks run end to end and write their results? (A tiny smoke run: no timing is judged.)"""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # left out by `make test-quick`

ROOT = Path(__file__).resolve().parent.parent


def bench(module: str, *args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{module}", *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_the_benchmarks_write_their_results(tmp_path):
    # The daemon strategy is left out here: test_dagster_dev.py runs that path for real.
    bench(
        "backfill",
        "--sizes",
        "300",
        "--months",
        "2",
        "--repeats",
        "1",
        "--out",
        str(tmp_path),
        "--strategies",
        "per_partition",
        "single_run",
    )
    bench("generator", "--repeats", "1", "--out", str(tmp_path))
    bench("run_overhead", "--runs", "1", "--import-repeats", "1", "--out", str(tmp_path))
    bench(
        "report",
        "--results",
        str(tmp_path),
        "--readme",
        str(tmp_path / "README.md"),
        "--course-results",
        str(tmp_path / "course.csv"),
    )

    with (tmp_path / "backfill.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert [row["strategy"] for row in rows] == ["plain_duckdb", "per_partition", "single_run"]
    assert {"strategy", "rows_per_month", "months", "seconds_per_month", "ratio_to_plain_duckdb"} <= set(rows[0])
    assert rows[0]["ratio_to_plain_duckdb"] == "1.0" and {row["months"] for row in rows} == {"2"}
    assert (tmp_path / "backfill.png").read_bytes()[:4] == b"\x89PNG"
    with (tmp_path / "course.csv").open() as f:
        shipped = list(csv.DictReader(f))
    assert [row["strategy"] for row in shipped] == ["plain_duckdb", "per_partition", "single_run"]
    assert shipped[0]["measured_on"] and "cores" in shipped[0]["machine"]
    readme = (tmp_path / "README.md").read_text()
    assert "| per_partition | 300 |" in readme and "course_instance" in readme
    assert "| generate_month | 3403766 |" in readme and "Goal (issue): generator at least 5 M rows/s" in readme
