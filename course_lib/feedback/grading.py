"""`make grade SUBMISSIONS=<folder>`: run each learner's notebooks and collect what their exercise checks said.

The folder holds one folder per learner, with their notebooks (`ada/03_exercise_taxi_trips.ipynb`, ...). Each
notebook runs top to bottom in its own kernel, on its own temporary data folder, under a time limit: a notebook
that crashes or never ends costs only its own grade. Its checks append to that folder's progress record, which
is where the grades come from: the last check of each exercise, criterion by criterion. Writes `grades.csv`
(learner, notebook, exercise, criterion, graded, passed) and prints a summary table.
"""

import argparse
import csv
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from course_lib import settings
from course_lib.feedback import progress
from course_lib.feedback.exercises import all_exercises

DEFAULT_TIME_LIMIT_S = 600
# The settings a graded notebook must not inherit from the grader's shell: its data folder is its own.
CLEARED = ("DUCKDB_DATABASE", "DAGSTER_HOME", settings.FRESH_DATA_PER_KERNEL, "COURSE_ROWS_PER_MONTH")


@dataclass(frozen=True)
class NotebookGrade:
    """How one learner's notebook went: 'ran', 'timed out' or 'crashed', and its exercise's last check."""

    learner: str
    notebook: str
    exercise: str
    status: str
    checked: bool  # whether the exercise's check ran at all
    criteria: list[tuple[str, bool, bool]]  # (criterion, graded, passed) of the last check

    @property
    def summary(self) -> str:
        if not self.checked:
            return "timed out" if self.status == "timed out" else "no check ran"
        if not self.criteria:
            return "not solved yet"
        graded = [passed for _, is_graded, passed in self.criteria if is_graded]
        return "solved" if graded and all(graded) else f"{sum(graded)} of {len(graded)}"


def run_notebook(path: Path, data: Path, time_limit: float) -> str:
    """Execute a notebook in a fresh kernel on data folder `data`; 'ran', 'timed out' or 'crashed'."""
    env = {k: v for k, v in os.environ.items() if k not in CLEARED} | {"COURSE_DATA_DIR": str(data)}
    command = [sys.executable, "-m", "course_lib.feedback.grading", "--run-one", str(path)]
    # Its own session: on timeout the whole group goes, kernel and any `dagster dev` it started included.
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        process.wait(timeout=time_limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return "timed out"
    return "ran" if process.returncode == 0 else "crashed"


def _execute(path: Path) -> None:
    """Run one notebook top to bottom, errors and all (a failing cell must not stop the cells after it)."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, kernel_name="python3", allow_errors=True, resources={"metadata": {"path": str(path.parent)}}
    ).execute()


def grade_notebook(learner: str, path: Path, work: Path, time_limit: float) -> NotebookGrade:
    """Run one notebook in its own data folder and read its exercise's last check from that folder's record."""
    key = path.stem[:2]
    data = work / learner / path.stem
    data.mkdir(parents=True)
    status = run_notebook(path, data, time_limit)
    checks = [e for e in progress.events(data / settings.PROGRESS_FILE) if e["event"] == "check"]
    last = [e for e in checks if e["exercise"] == key][-1:]
    criteria = [(name, graded, passed) for name, passed, graded in last[0]["criteria"]] if last else []
    shutil.rmtree(data, ignore_errors=True)
    return NotebookGrade(learner, path.name, key, status, bool(last), criteria)


def grade(submissions: Path, time_limit: float = DEFAULT_TIME_LIMIT_S, jobs: int = 2) -> list[NotebookGrade]:
    """Grade every learner's exercise notebooks in `submissions`, `jobs` notebooks at a time."""
    keys = {exercise.key for exercise in all_exercises()}
    work = Path(tempfile.mkdtemp(prefix="course-grading-"))
    todo = [
        (learner.name, path)
        for learner in sorted(p for p in submissions.iterdir() if p.is_dir())
        for path in sorted(learner.glob("[0-9][0-9]_*.ipynb"))
        if path.stem[:2] in keys
    ]
    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            return list(pool.map(lambda item: grade_notebook(*item, work, time_limit), todo))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_csv(grades: list[NotebookGrade], path: Path) -> None:
    """grades.csv: one row per learner, notebook, exercise and criterion (one row saying why, if no check ran)."""
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["learner", "notebook", "exercise", "criterion", "graded", "passed"])
        for g in grades:
            rows = g.criteria or [(f"({g.summary})", True, False)]
            for criterion, graded, passed in rows:
                writer.writerow([g.learner, g.notebook, g.exercise, criterion, graded, passed])


def summary_table(grades: list[NotebookGrade]) -> pd.DataFrame:
    """One row per learner, one column per exercise: 'solved', 'N of M' criteria, 'timed out' or 'no check ran'."""
    table = pd.DataFrame([{"learner": g.learner, "exercise": g.exercise, "result": g.summary} for g in grades])
    if table.empty:
        return table
    return table.pivot(index="learner", columns="exercise", values="result").fillna("not handed in")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("submissions", type=Path, nargs="?", help="a folder with one folder of notebooks per learner")
    parser.add_argument("--out", type=Path, default=Path("grades.csv"))
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S, help="seconds per notebook")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks graded at once")
    parser.add_argument("--run-one", type=Path, help=argparse.SUPPRESS)  # the grader's own child process
    args = parser.parse_args(argv)
    if args.run_one:
        _execute(args.run_one)
        return 0
    if args.submissions is None or not args.submissions.is_dir():
        parser.error("name the folder of submissions: make grade SUBMISSIONS=path/to/folder")
    grades = grade(args.submissions, args.time_limit, args.jobs)
    write_csv(grades, args.out)
    print(summary_table(grades).to_string())
    print(f"\n{len(grades)} notebooks graded; criteria in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
