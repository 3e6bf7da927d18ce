"""Short-lived connections to the course's DuckDB file, for reading results in a notebook."""

from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from course_lib import settings
from course_lib.defs.resources import CourseDuckDBResource


@contextmanager
def connect(path: Path | None = None):
    """Open the course's DuckDB file (or `path`) and close it when the block ends, even on error.

    It opens through the `database` resource: connections to one file inside one process must share
    a configuration, and a lock held by another process becomes the same sentence.
    """
    with CourseDuckDBResource(database=str(path or settings.duckdb_path())).get_connection() as conn:
        yield conn


def query(sql: str, params: list | tuple = (), path: Path | None = None) -> pd.DataFrame:
    """Run one SQL statement with bound parameters and return the result as a DataFrame."""
    with connect(path) as conn:
        return conn.execute(sql, list(params)).df()


def table_exists(name: str, path: Path | None = None) -> bool:
    """Whether the DuckDB file has a table called `name`."""
    with connect(path) as conn:
        return conn.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()[0] > 0


def rows_per_month(path: Path | None = None) -> dict[str, int]:
    """Rows in table `trips` for each partition_date loaded so far."""
    if not table_exists("trips", path):
        return {}
    with connect(path) as conn:
        return dict(conn.execute("SELECT partition_date, count(*) FROM trips GROUP BY 1 ORDER BY 1").fetchall())


OPEN_FROM_ELSEWHERE = """
import duckdb, sys
try:
    duckdb.connect(sys.argv[1]).close()
    print("another process opened the file")
except duckdb.IOException as error:
    print("another process could not open the file:", str(error).split(chr(10))[0])
"""


def try_open_from_another_process(path: Path | None = None) -> str:
    """Try to open the DuckDB file from a separate Python process, as `dagster dev`'s runs would; say what happened."""
    import subprocess
    import sys

    path = Path(path or settings.duckdb_path())
    if not path.exists():
        return "the file does not exist yet: the first run creates it"
    done = subprocess.run(
        [sys.executable, "-c", OPEN_FROM_ELSEWHERE, str(path)], capture_output=True, text=True, timeout=120
    )
    return (done.stdout or done.stderr).strip()
