"""Every test runs on its own temporary data folder, DuckDB file and Dagster instance."""

import os
import tempfile
from pathlib import Path

import pytest

TEST_ROWS_PER_MONTH = "2000"


def pytest_configure(config):
    # Before course_lib is imported anywhere: its defaults must never point at the learner's data/.
    session_dir = Path(tempfile.mkdtemp(prefix="course-tests-"))
    os.environ["COURSE_DATA_DIR"] = str(session_dir)
    os.environ["DUCKDB_DATABASE"] = str(session_dir / "staging" / "data.duckdb")
    os.environ["DAGSTER_HOME"] = str(session_dir / "dagster_home")
    os.environ.pop("COURSE_ROWS_PER_MONTH", None)  # notebooks run at the learner's default size
    os.environ.pop("COURSE_DATA_SOURCE", None)
    os.environ["COURSE_FRESH_DATA_PER_KERNEL"] = "1"  # each notebook kernel gets its own empty data folder


@pytest.fixture
def course_env(tmp_path, monkeypatch):
    """A fresh data folder, DuckDB file and DAGSTER_HOME for one test; returns the data folder."""
    data = tmp_path / "data"
    monkeypatch.setenv("COURSE_DATA_DIR", str(data))
    monkeypatch.setenv("DUCKDB_DATABASE", str(data / "staging" / "data.duckdb"))
    monkeypatch.setenv("DAGSTER_HOME", str(data / "dagster_home"))
    monkeypatch.setenv("COURSE_ROWS_PER_MONTH", TEST_ROWS_PER_MONTH)
    monkeypatch.delenv("COURSE_DATA_SOURCE", raising=False)
    return data


@pytest.fixture
def instance(course_env):
    """The course instance in this test's DAGSTER_HOME."""
    from course_lib.instance import course_instance

    return course_instance()


def trips_by_month(db_path) -> dict[str, int]:
    """Row counts of table `trips` per partition_date, read with a read-only connection."""
    import duckdb

    with duckdb.connect(str(db_path), read_only=True) as conn:
        return dict(conn.execute("SELECT partition_date, count(*) FROM trips GROUP BY 1 ORDER BY 1").fetchall())
