"""A pytest plugin (registered in pyproject.toml) that keeps every test run off the learner's data.

It loads for any pytest run in the course's environment, `pytest notebooks` included, before the
tests import anything: the session gets its own data folder, each notebook kernel a fresh one inside
it, and the whole folder is deleted when the session ends.
"""

import os
import shutil
import tempfile
from pathlib import Path

from course_lib import settings

_SESSION_DIR: Path | None = None


def pytest_configure(config):
    global _SESSION_DIR
    _SESSION_DIR = Path(tempfile.mkdtemp(prefix="course-tests-"))
    os.environ["COURSE_DATA_DIR"] = str(_SESSION_DIR)
    os.environ["DUCKDB_DATABASE"] = str(_SESSION_DIR / "staging" / "data.duckdb")
    os.environ["DAGSTER_HOME"] = str(_SESSION_DIR / "dagster_home")
    os.environ.pop("COURSE_ROWS_PER_MONTH", None)  # notebooks run at the learner's default size
    os.environ.pop("COURSE_DATA_SOURCE", None)
    os.environ[settings.FRESH_DATA_PER_KERNEL] = str(_SESSION_DIR)  # each kernel makes its own folder in it


def pytest_unconfigure(config):
    if _SESSION_DIR is not None:
        shutil.rmtree(_SESSION_DIR, ignore_errors=True)


def pytest_ignore_collect(collection_path: Path, config):
    """nbval runs the solution notebooks, whose stored outputs are the reference. A learner copy has no outputs
    to compare: tests/test_learner_notebooks.py runs each one with an exercise, checking that it runs unsolved
    and gives nothing away; one without an exercise has the same code as its solution."""
    if collection_path.suffix == ".ipynb" and collection_path.parent.name == "notebooks":
        return True
    return None
