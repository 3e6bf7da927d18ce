"""Start the course over: delete what it generated (month files, DuckDB file, Dagster instance), nothing else.

`make reset` asks on the terminal; in a notebook, `ResetPanel` (course_lib.display.widgets) asks with a button.
The learner's progress record (progress.jsonl) goes only when they say so, separately.
"""

import argparse
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from course_lib import settings
from course_lib.errors import CourseError

# What the course writes into its data folder; anything else there (a learner's own notes) stays.
GENERATED = ("raw", "staging", "dagster_home", "dagster_dev.log")


class ResetRefused(CourseError):
    """A reset that would delete something outside the course's data folder, or under a running webserver."""


@dataclass(frozen=True)
class ResetPlan:
    """The paths a reset deletes, and how much they hold."""

    data_dir: Path
    paths: list[Path]
    progress: Path | None = None  # the progress record, if there is one: deleted only when asked for

    @property
    def progress_lines(self) -> int:
        return len(self.progress.read_text().splitlines()) if self.progress else 0

    @property
    def size_bytes(self) -> int:
        files = [p for path in self.paths for p in ([path] if path.is_file() else path.rglob("*")) if p.is_file()]
        return sum(f.stat().st_size for f in files)

    def __str__(self) -> str:
        if not self.paths:
            return f"Nothing to delete: {self.data_dir} holds no generated data."
        listed = ", ".join(p.name for p in self.paths)
        return f"Delete {listed} in {self.data_dir} ({self.size_bytes / 1e6:,.1f} MB)."

    def progress_question(self) -> str:
        """What deleting the progress record means, for the separate question about it."""
        return (
            f"Your progress record {self.progress} holds {self.progress_lines} entries (checks, hints, quiz "
            "answers: the progress table in 00 and `make progress` read it). It is kept unless you delete it too."
        )


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder)


def plan_reset() -> ResetPlan:
    """What a reset would delete; refuses (ResetRefused) when the settings point outside the data folder."""
    data = settings.data_dir()
    if data in (Path(data.anchor), Path.home().resolve(), settings.CHECKOUT) or len(data.parts) < 3:
        raise ResetRefused(
            f"COURSE_DATA_DIR is {data}, which is not a folder the course made: point it at the "
            "course's data folder (the default is data/ in the course folder) before resetting."
        )
    for name, path in (("DUCKDB_DATABASE", settings.duckdb_path()), ("DAGSTER_HOME", settings.dagster_home())):
        if not _inside(path, data):
            raise ResetRefused(
                f"{name} points to {path}, outside the data folder {data}: the reset only deletes "
                f"inside it. Delete that yourself if you mean to, or unset {name}."
            )
    paths = [data / name for name in GENERATED if (data / name).exists() or (data / name).is_symlink()]
    for path in paths:
        if path.is_symlink() or not _inside(path, data):
            raise ResetRefused(
                f"{path} is a link to {path.resolve()}, outside the data folder: the reset does not "
                "follow links. Remove the link yourself, then reset again."
            )
    progress = settings.progress_path()
    return ResetPlan(data, paths, progress if progress.is_file() and _inside(progress, data) else None)


def _refuse_if_served() -> None:
    from course_lib.deployment.webserver import DEFAULT_URL, WebserverNotRunning, connect

    try:
        connect(DEFAULT_URL)  # answers, and serves this course's instance
    except WebserverNotRunning:
        return
    raise ResetRefused(
        f"`dagster dev` is serving this instance at {DEFAULT_URL}: stop it (Ctrl-C in its "
        "terminal) first, or its runs would write into a half-deleted instance."
    )


def reset_course(plan: ResetPlan | None = None, with_progress: bool = False) -> str:
    """Delete what `plan` (by default `plan_reset()`) lists, and the progress record if `with_progress`; a
    sentence saying what went."""
    plan = plan or plan_reset()
    _refuse_if_served()
    kept = ""
    if plan.progress:
        if with_progress:
            plan.progress.unlink(missing_ok=True)
            plan = ResetPlan(plan.data_dir, [*plan.paths, plan.progress])
        else:
            kept = f" Your progress record ({plan.progress.name}) is kept."
    from course_lib.in_process.instance import forget_instances

    forget_instances()  # this process's open instance points into the folder about to go
    for path in plan.paths:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    if not plan.paths:
        return str(plan) + kept
    return f"Deleted {', '.join(p.name for p in plan.paths)} from {plan.data_dir}: the course starts over.{kept}"


def main(argv: list[str] | None = None) -> int:
    """`make reset`: show what would go, ask, then delete."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--yes", action="store_true", help="do not ask")
    args = parser.parse_args(argv)
    try:
        plan = plan_reset()
        print(plan)
        if not plan.paths and not plan.progress:
            return 0
        if plan.paths and not args.yes and input("Type 'yes' to delete: ").strip().lower() != "yes":
            print("Nothing deleted.")
            return 1
        with_progress = False
        if plan.progress and not args.yes:
            print(plan.progress_question())
            with_progress = input("Type 'yes' to delete it too: ").strip().lower() == "yes"
        print(reset_course(plan, with_progress=with_progress))
    except CourseError as error:
        print(error, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
