"""A throwaway course folder for a benchmark: raw files made once, a fresh DuckDB file and instance per timing."""

import os
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import duckdb

from course_lib import settings, taxi_data
from course_lib.in_process.instance import course_instance


@contextmanager
def course_data(size: str) -> Iterator[Path]:
    """Point the course at a new temporary data folder, `size` rows a month ('10000' or 'full'); remove it after."""
    root = Path(tempfile.mkdtemp(prefix="course-bench-"))
    try:
        # Always the offline generator; fresh_target's DUCKDB_DATABASE and DAGSTER_HOME are undone too.
        with settings.environment(COURSE_DATA_DIR=str(root), COURSE_ROWS_PER_MONTH=size, COURSE_DATA_SOURCE=None):
            yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def make_raw_files(months: list[str], workers: int = 2) -> None:
    """Generate the months' raw files, in parallel: they are the shared input, made before any timing."""
    with ProcessPoolExecutor(max_workers=min(workers, os.cpu_count() or 1)) as pool:
        list(pool.map(taxi_data.fetch_trips_file, months))


def fresh_target(root: Path, name: str) -> Path:
    """Point DUCKDB_DATABASE and DAGSTER_HOME at new, empty places under `root`; open the instance there.

    Opening the instance (it creates its sqlite files) happens here, outside any timing: a learner's
    backfill finds its instance already made.
    """
    target = root / "targets" / name
    os.environ["DUCKDB_DATABASE"] = str(target / "data.duckdb")
    os.environ["DAGSTER_HOME"] = str(target / "dagster_home")
    course_instance()
    return target


def rows_per_month(db_path: Path) -> dict[str, int]:
    """Rows of table `trips` per month in a DuckDB file, read-only."""
    with duckdb.connect(str(db_path), read_only=True) as conn:
        return dict(conn.execute("SELECT partition_date, count(*) FROM trips GROUP BY 1 ORDER BY 1").fetchall())
