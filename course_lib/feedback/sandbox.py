"""Where checks run the learner's code for real: a temporary data folder with its own month files and DuckDB
file, and an ephemeral Dagster instance; never the learner's own data."""

import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dagster as dg

from course_lib import settings, taxi_data
from course_lib.defs.resources import CourseDuckDBResource
from course_lib.in_process import database
from course_lib.in_process.runs import QUIET_RUN_CONFIG, root_error

CHECK_ROWS_PER_MONTH = 1000


@contextmanager
def sandbox(months: Sequence[str] = ("2023-02", "2023-03"), folder_name: str = "data") -> Iterator[Path]:
    """A temporary course data folder holding generated files for `months` ('YYYY-MM'); the course's settings
    point at it inside the block. Yields the folder."""
    root = Path(tempfile.mkdtemp(prefix="course-check-"))
    data = root / folder_name
    try:
        with settings.environment(
            COURSE_DATA_DIR=str(data),
            DUCKDB_DATABASE=str(data / "staging" / "data.duckdb"),
            COURSE_ROWS_PER_MONTH=str(CHECK_ROWS_PER_MONTH),
            COURSE_DATA_SOURCE="generate",
        ):
            for month in months:
                taxi_data.write_month(month, taxi_data.trips_file_path(month), CHECK_ROWS_PER_MONTH)
            yield data
    finally:
        shutil.rmtree(root, ignore_errors=True)


def duckdb_file(data: Path) -> Path:
    """The DuckDB file of a sandbox."""
    return data / "staging" / "data.duckdb"


@dataclass(frozen=True)
class Outcome:
    """How one run of the learner's code went: success, or the error's class and sentence."""

    success: bool
    error_class: str = ""
    error: str = ""

    @property
    def first_line(self) -> str:
        return self.error.splitlines()[0][:160] if self.error else ""


def materialize(assets: list, partition_key: str | None, data: Path, **kwargs) -> Outcome:
    """Run the learner's assets for one partition in the sandbox `data`, with the course's `database` resource."""
    result = dg.materialize(
        assets,
        partition_key=partition_key,
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
        resources={"database": CourseDuckDBResource(database=str(duckdb_file(data)))},
        run_config=QUIET_RUN_CONFIG,
        **kwargs,
    )
    if result.success:
        return Outcome(True)
    error = root_error(result)
    return Outcome(False, error[1] if error else "", error[2] if error else "the run failed")


def trips_table(data: Path) -> tuple[list[str], dict[str, int] | None]:
    """The columns of table `trips` in the sandbox, and its rows per partition_date (None without that column)."""
    db = duckdb_file(data)
    if not db.exists():
        return [], None
    with database.connect(db) as conn:
        columns = [
            row[0]
            for row in conn.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'trips'").fetchall()
        ]
        if "partition_date" not in columns:
            return columns, None
        return columns, dict(conn.execute("SELECT partition_date::VARCHAR, count(*) FROM trips GROUP BY 1").fetchall())
