"""A pytest plugin (registered in pyproject.toml) that keeps every test run off the learner's data.

It loads for any pytest run in the course's environment, `pytest notebooks` included, before
course_lib is imported: the session gets its own data folder, and each notebook kernel a fresh one.
"""

import os
import tempfile
from pathlib import Path


def pytest_configure(config):
    session_dir = Path(tempfile.mkdtemp(prefix="course-tests-"))
    os.environ["COURSE_DATA_DIR"] = str(session_dir)
    os.environ["DUCKDB_DATABASE"] = str(session_dir / "staging" / "data.duckdb")
    os.environ["DAGSTER_HOME"] = str(session_dir / "dagster_home")
    os.environ.pop("COURSE_ROWS_PER_MONTH", None)  # notebooks run at the learner's default size
    os.environ.pop("COURSE_DATA_SOURCE", None)
    os.environ["COURSE_FRESH_DATA_PER_KERNEL"] = "1"  # each notebook kernel gets its own empty data folder


def _code(notebook: Path) -> list[str]:
    import nbformat

    return [cell.source for cell in nbformat.read(notebook, as_version=4).cells if cell.cell_type == "code"]


def pytest_ignore_collect(collection_path: Path, config):
    """nbval runs a learner copy only when its code differs from its solution's (i.e. it has exercises):
    otherwise it would run the same code against the same stored outputs twice."""
    if collection_path.suffix != ".ipynb" or collection_path.parent.name != "notebooks":
        return None
    solution = collection_path.parent / "solutions" / collection_path.name
    if solution.exists() and _code(collection_path) == _code(solution):
        return True
    return None
