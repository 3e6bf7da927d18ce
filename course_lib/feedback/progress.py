"""The learner's progress: every check result, hint opened and quiz answer, one JSON line each, appended to
`progress.jsonl` in the data folder. `make progress` (python -m course_lib.feedback.progress) prints the table.

A line is written with one `write` to a file opened for appending, then flushed to disk: a crash or a kernel
restart loses nothing written before it, and at worst leaves its own last line cut short, which is skipped.
"""

import json
import os
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from course_lib import settings

# The lessons with an exercise, and the quizzes (one per lesson, 00 included).
LESSONS = {
    "00": "00_start_here",
    "01": "01_define_partitions",
    "02": "02_partition_an_asset",
    "03": "03_exercise_taxi_trips",
    "04": "04_jobs_and_schedules",
    "05": "05_backfills",
    "06": "06_beyond_time",
    "07": "07_backfills_in_production",
}


def progress_path() -> Path:
    """The learner's progress file, in the data folder."""
    return settings.progress_path()


def record(event: str, **fields) -> None:
    """Append one event (a check, a hint, a quiz answer) to the progress file, durably."""
    line = json.dumps({"at": datetime.now(UTC).isoformat(timespec="seconds"), "event": event, **fields}) + "\n"
    path = progress_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def events(path: Path | None = None) -> list[dict]:
    """Every event in the progress file, oldest first (a line cut short by a crash is skipped)."""
    path = path or progress_path()
    if not path.exists():
        return []
    found = []
    for line in path.read_text().splitlines():
        try:
            found.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return found


def hints_opened(exercise: str, path: Path | None = None) -> int:
    """How many of an exercise's hints the learner has opened."""
    return max((e["number"] for e in events(path) if e["event"] == "hint" and e["exercise"] == exercise), default=0)


def progress_table(path: Path | None = None) -> pd.DataFrame:
    """One row per lesson: its exercise solved or not yet, hints used, and the quiz's first-try score."""
    from course_lib.feedback.exercises import all_exercises
    from course_lib.feedback.knowledge_checks import LESSONS as QUIZZES

    seen = events(path)
    exercises = {exercise.key: exercise for exercise in all_exercises()}
    rows = []
    for key, lesson in LESSONS.items():
        checks = [e for e in seen if e["event"] == "check" and e["exercise"] == key]
        first_answers: dict[int, bool] = {}
        for e in seen:
            if e["event"] == "quiz" and e["lesson"] == lesson:
                first_answers.setdefault(e["statement"], e["right"])
        rows.append(
            {
                "lesson": lesson,
                "exercise": exercises[key].title if key in exercises else "",
                "solved": ("solved" if any(e["solved"] for e in checks) else "not yet") if key in exercises else "",
                "hints used": hints_opened(key, path) if key in exercises else "",
                "quiz, right at first try": f"{sum(first_answers.values())} of {len(QUIZZES.get(lesson, []))}"
                if first_answers
                else "not taken",
            }
        )
    return pd.DataFrame(rows).set_index("lesson")


def main() -> int:
    """`make progress`: print the progress table."""
    path = progress_path()
    print(f"Progress in {path}:" if path.exists() else f"No progress recorded yet ({path} does not exist).")
    with pd.option_context("display.width", 160, "display.max_columns", 10):
        print(progress_table(path).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
