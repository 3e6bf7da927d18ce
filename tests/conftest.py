"""Fixtures: each test on its own data folder, DuckDB file and Dagster instance (the session-wide
defaults are set by course_lib.pytest_plugin, which pytest loads before anything else)."""

from pathlib import Path

import pytest

TEST_ROWS_PER_MONTH = "2000"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def use_data_folder(env: pytest.MonkeyPatch, data: Path) -> Path:
    """Point the course at `data` (its DuckDB file and DAGSTER_HOME inside), with test-sized generated months."""
    env.setenv("COURSE_DATA_DIR", str(data))
    env.setenv("DUCKDB_DATABASE", str(data / "staging" / "data.duckdb"))
    env.setenv("DAGSTER_HOME", str(data / "dagster_home"))
    env.setenv("COURSE_ROWS_PER_MONTH", TEST_ROWS_PER_MONTH)
    env.delenv("COURSE_DATA_SOURCE", raising=False)
    return data


def start_make_dagster():
    """`make dagster` on a free port with this process's environment, once its webserver answers."""
    from course_lib.deployment import dagster_dev

    port = dagster_dev.free_port()
    return dagster_dev.start(port, argv=["make", "-s", "-C", str(PROJECT_ROOT), "dagster", f"DAGSTER_PORT={port}"])


@pytest.fixture
def course_env(tmp_path, monkeypatch):
    """A fresh data folder, DuckDB file and DAGSTER_HOME for one test; returns the data folder."""
    return use_data_folder(monkeypatch, tmp_path / "data")


@pytest.fixture
def instance(course_env):
    """The course instance in this test's DAGSTER_HOME."""
    from course_lib.in_process.instance import course_instance

    return course_instance()


def trips_by_month(db_path) -> dict[str, int]:
    """Row counts of table `trips` per partition_date, read with a read-only connection."""
    import duckdb

    with duckdb.connect(str(db_path), read_only=True) as conn:
        return dict(conn.execute("SELECT partition_date, count(*) FROM trips GROUP BY 1 ORDER BY 1").fetchall())


def partition_statuses(instance, asset: str = "taxi_trips") -> dict[str, str]:
    """Each monthly partition of `asset` with a status in the instance: 'MATERIALIZED', 'FAILED', ..."""
    import dagster as dg

    from course_lib.defs.partitions import monthly_partition

    found = (
        instance.get_status_by_partition(dg.AssetKey(asset), monthly_partition.get_partition_keys(), monthly_partition)
        or {}
    )
    return {key: status.value for key, status in found.items() if status is not None}


def giveaways_in(text: str, exercise) -> list[str]:
    """The exercise's give-away fragments found in `text` (HTML unescaped; case and spacing ignored)."""
    import html
    import re

    def squeeze(value: str) -> str:
        return re.sub(r"\s+", " ", html.unescape(value)).lower()

    return [fragment for fragment in exercise.giveaways if squeeze(fragment) in squeeze(text)]
