"""The fixed cost of one in-process run, and of importing the course's run helpers.

    python -m bench.run_overhead          # bench/results/run_overhead.csv and import_time.csv

A run here is runs.run_partition(month, assets=["taxi_trips"]) on a 100-row month: nearly all of
its time is Dagster's. It is timed on several instances, against the same SQL without Dagster.
"""

import argparse
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import dagster as dg
import duckdb

from bench import workspace
from bench.report import write_csv
from course_lib import settings, taxi_data
from course_lib.defs.assets.trips import CREATE_TRIPS, DELETE_MONTH, INSERT_MONTH
from course_lib.defs.partitions import monthly_partition
from course_lib.in_process.instance import course_instance
from course_lib.in_process.runs import run_partition

RESULTS = Path(__file__).resolve().parent / "results"
TINY = "100"
# What a DAGSTER_HOME holds when nobody configures it beyond telemetry: Dagster's own defaults.
DEFAULTS_YAML = "telemetry:\n  enabled: false\n"


def plain_month(key: str) -> None:
    """What a run does inside, without Dagster: open the file, the asset's statements, close."""
    month = key[:7]
    with duckdb.connect(str(settings.duckdb_path())) as conn:
        conn.execute("PRAGMA disable_checkpoint_on_shutdown")  # as the course's resource opens the file
        conn.execute(CREATE_TRIPS)
        conn.begin()
        conn.execute(DELETE_MONTH, [month])
        conn.execute(INSERT_MONTH, [month, str(taxi_data.trips_file_path(month))])
        conn.commit()


def dagster_defaults_instance(target: Path) -> dg.DagsterInstance:
    """An instance with Dagster's default storage and compute-log capture, beside the course's."""
    home = target / "defaults_home"
    home.mkdir(parents=True)
    (home / "dagster.yaml").write_text(DEFAULTS_YAML)
    return dg.DagsterInstance.from_config(str(home))


def instances(target: Path) -> dict:
    """The ways to run a month, each a function of the partition key."""
    defaults, course, ephemeral = dagster_defaults_instance(target), course_instance(), dg.DagsterInstance.ephemeral()

    def runner(instance):
        return lambda key: _check(run_partition(key, assets=["taxi_trips"], instance=instance))

    return {
        "plain_duckdb": plain_month,
        "ephemeral_instance": runner(ephemeral),
        "dagster_defaults_instance": runner(defaults),
        "course_instance": runner(course),
    }


def _check(summary) -> None:
    if not summary.success:
        raise RuntimeError(str(summary))


def time_runs(runs: int) -> list[dict]:
    """Median and best seconds per month of each way, `runs` months each after two untimed ones."""
    keys = monthly_partition.get_partition_keys()
    rows = []
    with workspace.course_data(TINY) as root:
        workspace.make_raw_files([key[:7] for key in keys], workers=1)
        target = workspace.fresh_target(root, "overhead")
        ways = instances(target)
        seconds = {name: [] for name in ways}
        for index in range(runs + 2):
            for name, run in ways.items():  # round-robin: the machine's ups and downs hit every way alike
                started = time.perf_counter()
                run(keys[index % len(keys)])
                if index >= 2:
                    seconds[name].append(time.perf_counter() - started)
    plain = statistics.median(seconds["plain_duckdb"])
    for name, times in seconds.items():
        rows.append(
            {
                "way": name,
                "runs": len(times),
                "median_seconds": round(statistics.median(times), 4),
                "best_seconds": round(min(times), 4),
                "overhead_over_plain_seconds": round(statistics.median(times) - plain, 4),
            }
        )
    return rows


def import_seconds(module: str, repeats: int) -> float:
    """Wall time to import `module` in a fresh interpreter, best of `repeats`."""
    command = [
        sys.executable,
        "-c",
        f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)",
    ]
    return min(
        float(subprocess.run(command, capture_output=True, text=True, check=True).stdout) for _ in range(repeats)
    )


def import_times(repeats: int = 5) -> list[dict]:
    """Import wall times of `course_lib` and of `course_lib.in_process.runs`, and the packages that take the latter."""
    rows = [
        {
            "what": f"import {module} (wall, best of {repeats})",
            "seconds": round(import_seconds(module, repeats), 3),
            "share": "",
        }
        for module in ("course_lib", "course_lib.in_process.runs")
    ]
    traced = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import course_lib.in_process.runs"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    # "import time: self [us] | cumulative | imported package": each module's own time, summed per top package.
    own = Counter()
    for self_us, name in re.findall(r"^import time:\s+(\d+) \|\s+\d+ \|\s+(\S+)$", traced, flags=re.M):
        own[name.split(".")[0].lstrip("_")] += int(self_us)
    total = sum(own.values())
    rows += [
        {"what": package, "seconds": round(us / 1e6, 3), "share": f"{us / total:.0%}"}
        for package, us in own.most_common(10)
    ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time the fixed cost of one in-process run, and the imports.")
    parser.add_argument("--runs", type=int, default=30, help="timed months per way")
    parser.add_argument("--import-repeats", type=int, default=5, help="fresh interpreters per import timing")
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the CSV files")
    args = parser.parse_args(argv)
    overhead = time_runs(args.runs)
    write_csv(overhead, args.out / "run_overhead.csv")
    imports = import_times(args.import_repeats)
    write_csv(imports, args.out / "import_time.csv")
    for row in overhead:
        print(
            f"{row['way']:<26} median {row['median_seconds']:.4f} s, best {row['best_seconds']:.4f} s, "
            f"over plain {row['overhead_over_plain_seconds']:+.4f} s"
        )
    for row in imports:
        print(f"{row['what']:<40} {row['seconds']:.3f} s {row['share']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
