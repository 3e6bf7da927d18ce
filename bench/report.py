"""Write bench/README.md from the result files: what was timed, the tables, the machine and the date.

python -m bench.report
"""

import argparse
import csv
import os
import platform
from datetime import date
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
# What 05_backfills shows: written beside course_lib.display.backfill_strategies, which ships it.
COURSE_RESULTS = HERE.parent / "course_lib" / "backfill_benchmark.csv"

INTRO = """\
# Benchmarks

`make bench` ({wall} here) times how the course loads the 12 months of 2023 into
a fresh DuckDB file, and what one in-process Dagster run costs. It never touches `data/`: each
benchmark works in its own temporary folder, DuckDB file and DAGSTER_HOME. Tests run none of the
timings (only a tiny smoke run), so no test depends on this machine's speed.

## Backfill strategies (`bench/backfill.py`)

The month files are generated once, before any timing; every timing then loads all months into a
new DuckDB file with a new instance, and is checked for the exact row count of every month.

- `plain_duckdb`: the asset's own statements (`course_lib/defs/assets/trips.py`), no Dagster: one
  connection, one transaction per month. The limit.
- `per_partition`: one in-process run of `taxi_trips` per month, as the notebooks' month-by-month loop runs
  (`course_lib.in_process.month_by_month.run_month_by_month`).
- `single_run`: one in-process run for the whole range: `taxi_trips_single_run`
  (`BackfillPolicy.single_run()`, `course_lib/defs/assets/trips_single_run.py`) through
  `trips_single_run_job`, with `runs.run_partition_range`: all months in one transaction.
- `daemon`: an asset backfill of `taxi_trips` launched over GraphQL on a `dagster dev` started
  beforehand (`course_lib/deployment/webserver.py`), timed from the launch until the backfill is
  `COMPLETED_SUCCESS`. The daemon looks for backfills every 30 s (Dagster's fixed loop): one pass to
  make the runs, one to mark the backfill done, so it takes about a minute whatever the size. Its
  runs are processes of their own (two at a time), so this process's CPU time says nothing of it.

Best of {repeats} runs per in-process strategy (median beside it), round-robin, after an untimed
warm-up; the daemon is timed once per size.
`cpu_seconds_per_month` is this process's CPU time (all threads), which other work on a shared
machine moves less than wall time; it does not see waits on disk (sqlite's commits, DuckDB's writes).

{backfill_table}

![seconds per month by strategy](results/backfill.png)

Goals (issue): per-partition within 1.15x of plain DuckDB at full scale, single-run within 1.05x.
{goals}

On a shared 2-core machine the wall ratios move by up to ±0.1 from one `make bench` to the next;
the CPU ratios move by about ±0.02.

To add a strategy, write a function of the month keys in `bench/backfill.py` and add it to
`STRATEGIES` (set-up it needs outside the timing goes in `PREPARE`); `python -m bench.backfill
--strategies NAME` times it beside the reference.

## The generator (`bench/generator.py`)

The offline taxi generator on a real-size month (2023-03), best of 3: the table in memory
(`generate_month`), and the parquet file written (`write_month`, what a run's `taxi_trips_file` does).

{generator_table}

{generator_goal}

## The notebook suite (`bench/notebooks.py`)

`pytest notebooks` as `make test` runs it: nbval over every solution notebook and the learner
copies with exercises, 2 workers, each kernel on fresh data at the default size. It includes
`07_backfills_in_production`, which starts `dagster dev` and waits for its daemon (about 80 s).

{notebooks_table}

{notebooks_goal}

## One run's fixed cost (`bench/run_overhead.py`)

`runs.run_partition(month, assets=["taxi_trips"])` on a 100-row month, so nearly all of the time
is Dagster's, median of {runs} runs per way after two untimed ones:

{overhead_table}

- `plain_duckdb`: what the run does inside, without Dagster (open the file, the statements, close).
- `ephemeral_instance`: Dagster in memory, nothing stored: the floor for a run.
- `dagster_defaults_instance`: a DAGSTER_HOME with Dagster's defaults (telemetry off only).
- `course_instance`: the course's instance (`course_lib/in_process/instance.py`), as notebooks and `make dagster`
  use it.

### Where a run's fixed cost went

Profiled with cProfile on tiny months (Dagster 1.13.27, November 2026). With Dagster's defaults a
run cost about 0.19 s more than its SQL; what was cut, in `course_lib/in_process/instance.py`:

- Compute-log capture, ~50 ms: two `tail` processes per run mirror stdout and stderr to files. In
  a Jupyter kernel those files stay empty (prints go to the cell), so in-process runs skip it
  (`IN_PROCESS_OVERRIDES`); runs that `dagster dev` launches read `dagster.yaml` and still capture.
- A new sqlite database per run for its events, ~55 ms: the file, ten tables with their indexes,
  and an alembic stamp that parses some ninety migration scripts, twice. New instances keep all
  events in one `event_log.db` (`ConsolidatedSqliteEventLogStorage` in `dagster.yaml`).
- WAL checkpoints, ~20 ms: Dagster opens and closes a sqlite connection for each write (about 40 a
  run), and the last one to close a WAL database checkpoints it. The notebook process keeps one
  idle connection per file open.

What is left (about 0.06-0.08 s a run over plain DuckDB on a quiet machine) is Dagster's own: per
`execute_in_process` it builds an ephemeral job, its snapshot and execution plan, and serializes
a dozen events (the in-memory instance pays this too), and it commits each event to sqlite
through a new SQLAlchemy engine. Resolving the job (`defs.resolve_job_def`: cached), the run
config (~1 ms) and the partition key check (~0.2 ms) cost next to nothing. Runs, their events,
materializations and partition status stay in the instance: `dagster dev` on the same DAGSTER_HOME
shows in-process runs, and its own daemon-launched runs work as before. A further ~0.013 s a run
is Dagster's sqlite storages making a new SQLAlchemy engine for every write (so every statement is
compiled again): measured by patching both to keep one engine, but cutting it for real means
subclassing Dagster's internal storage classes, which the course leaves alone.

A run also opens and closes the DuckDB file (the resource keeps connections short, so `dagster dev`
and the notebook can take the lock), where `plain_duckdb` keeps one connection for all months. By
default DuckDB checkpoints its write-ahead log into the file when the last connection closes: about
0.057 s a month at full scale, measured with DuckDB alone. The course's connections run `PRAGMA
disable_checkpoint_on_shutdown` (`course_lib/defs/resources.py`): a committed month is already durable in
the log (synced at commit), DuckDB still checkpoints once the log passes 16 MB, and every open
replays it; closing now costs about 0.018 s and opening about 0.011 s. `plain_duckdb` and the
run-overhead reference open the file the same way, so the comparison stays like for like.

So at full scale one run per month stays about 0.1 s a month above plain DuckDB: Dagster's fixed
cost (~0.065 s: a dozen events and the run record written to sqlite) and the short DuckDB
connection (~0.03 s), which is the price of sharing the file with `dagster dev` and the notebook.

## Import time

`import course_lib.in_process.runs` in a fresh interpreter (what a notebook's first cell pays), and the
packages that take it (their modules' own import time, from `python -X importtime`):

{import_table}

`import course_lib` alone imports nothing (its `__init__` is a docstring). `course_lib.in_process.runs` loads
the code location: Dagster itself is about a third of the time; DuckDB comes with dagster-duckdb
and the assets, numpy and pyarrow with the taxi files; urllib3 and charset_normalizer are
`requests`, which `course_lib.taxi_data.download` imports even when nothing is downloaded.

## Machine

{machine}
"""


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def write_csv(rows: list[dict], path: Path) -> None:
    """Write `rows` (dicts with the same keys) as a CSV file, making its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write_course_results(backfill: list[dict], path: Path) -> None:
    """The backfill results the course shows (05_backfills), labelled with the machine and day they come from."""
    columns = ["strategy", "size", "rows_per_month", "months", "seconds_per_month", "ratio_to_plain_duckdb"]
    machine_line = (
        f"{os.cpu_count()} cores ({cpu_name()}), {memory_gib():.0f} GiB memory, {platform.system()}; "
        f"Python {platform.python_version()}, dagster {version('dagster')}, duckdb {version('duckdb')}"
    )
    write_csv(
        [
            {**{c: row[c] for c in columns}, "measured_on": date.today().isoformat(), "machine": machine_line}
            for row in backfill
        ],
        path,
    )


def table(rows: list[dict], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row[c]) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def goal_lines(backfill: list[dict]) -> str:
    full = {row["strategy"]: row for row in backfill if row["size"] == "full"}
    lines = []
    for strategy, goal in (("per_partition", 1.15), ("single_run", 1.05)):
        if strategy in full and full[strategy]["cpu_ratio_to_plain_duckdb"]:
            wall, cpu = (
                float(full[strategy]["ratio_to_plain_duckdb"]),
                float(full[strategy]["cpu_ratio_to_plain_duckdb"]),
            )
            verdict = {(True, True): "met", (False, False): "not met"}.get(
                (wall <= goal, cpu <= goal), "met on one of the two"
            )
            lines.append(f"- `{strategy}` at full scale: {wall:.3f}x wall, {cpu:.3f}x CPU (goal {goal}x): {verdict}.")
    return "\n".join(lines) or "(no full-scale results in this run)"


def goal_line(what: str, value: float, goal: float, unit: str, more: bool = False) -> str:
    """'Goal: ... : met' for a single number, where the goal is a ceiling (or a floor, with more=True)."""
    met = value >= goal if more else value <= goal
    bound = "at least" if more else "under"
    return f"Goal (issue): {what} {bound} {goal} {unit}: {value} {unit}, {'met' if met else 'not met'}."


def memory_gib() -> float:
    memory_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    return memory_kb / 1024**2


def cpu_name() -> str:
    return next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )


def machine() -> str:
    load = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    return "\n".join(
        [
            f"- {os.cpu_count()} cores ({cpu_name()}), {memory_gib():.0f} GiB memory, "
            f"{platform.system()} {platform.release()}",
            f"- Python {platform.python_version()}, dagster {version('dagster')}, duckdb {version('duckdb')}, "
            f"pyarrow {version('pyarrow')}",
            f"- load average when the report was written (1/5/15 min): {load}; other work on a shared machine "
            "shows up as spread",
            f"- {date.today().isoformat()}",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write bench/README.md from bench/results.")
    parser.add_argument("--results", type=Path, default=HERE / "results")
    parser.add_argument("--readme", type=Path, default=HERE / "README.md")
    parser.add_argument(
        "--course-results",
        type=Path,
        default=COURSE_RESULTS,
        help="the backfill results the course ships (shown in 05_backfills)",
    )
    parser.add_argument("--wall-seconds", type=int, help="wall time of `make bench`, for the text")
    args = parser.parse_args(argv)
    backfill = read_csv(args.results / "backfill.csv")
    overhead = read_csv(args.results / "run_overhead.csv")
    imports = read_csv(args.results / "import_time.csv")
    generator = read_csv(args.results / "generator.csv") if (args.results / "generator.csv").exists() else []
    notebooks = read_csv(args.results / "notebooks.csv") if (args.results / "notebooks.csv").exists() else []
    repeats = " / ".join(f"{row['repeats']} ({row['size']})" for row in backfill if row["strategy"] == "plain_duckdb")
    args.readme.write_text(
        INTRO.format(
            wall=f"{args.wall_seconds / 60:.1f} minutes" if args.wall_seconds else "its wall time not measured",
            repeats=repeats,
            backfill_table=table(
                backfill,
                [
                    "strategy",
                    "size",
                    "rows_per_month",
                    "months",
                    "seconds_per_month",
                    "median_seconds_per_month",
                    "ratio_to_plain_duckdb",
                    "cpu_seconds_per_month",
                    "cpu_ratio_to_plain_duckdb",
                ],
            ),
            goals=goal_lines(backfill),
            runs=overhead[0]["runs"],
            overhead_table=table(overhead, ["way", "median_seconds", "best_seconds", "overhead_over_plain_seconds"]),
            import_table=table(imports, ["what", "seconds", "share"]),
            generator_table=table(generator, ["what", "rows", "seconds", "million_rows_per_second", "file_mb"])
            if generator
            else "(not measured in this run)",
            generator_goal=goal_line(
                "generator", float(generator[0]["million_rows_per_second"]), 5, "M rows/s", more=True
            )
            if generator
            else "",
            notebooks_table=table(notebooks, ["notebooks", "cells_passed", "seconds"])
            if notebooks
            else "(not measured)",
            notebooks_goal=goal_line("whole notebook suite", float(notebooks[0]["seconds"]), 180, "s")
            if notebooks
            else "",
            machine=machine(),
        )
    )
    write_course_results(backfill, args.course_results)
    print(f"wrote {args.readme} and {args.course_results}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
