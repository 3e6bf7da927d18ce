"""The `database` resource: the course's DuckDB file (env DUCKDB_DATABASE)."""

from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
from dagster_duckdb import DuckDBResource

from course_lib import settings
from course_lib.errors import DatabaseLocked

settings.export_defaults()  # so EnvVar("DUCKDB_DATABASE") resolves even when nobody set it


class CourseDuckDBResource(DuckDBResource):
    """DuckDBResource that makes the file's folder, names a lock holder in a sentence, and always
    closes its connection (dagster-duckdb's own leaves it open when the asset raises, keeping the lock)."""

    @contextmanager
    def get_connection(self):
        Path(self.database).parent.mkdir(parents=True, exist_ok=True)
        try:
            opened = super().get_connection()
            conn = opened.__enter__()
        except duckdb.IOException as error:
            if "lock" not in str(error).lower():
                raise
            raise DatabaseLocked(
                f"Another process holds the DuckDB file {self.database} (DuckDB allows one writer): "
                "close the other connection (e.g. run conn.close() in the notebook that opened it, or stop "
                f"`dagster dev`), then run this again. DuckDB said: {error}"
            ) from error
        try:
            yield conn
        finally:
            conn.close()
            opened.__exit__(None, None, None)


database_resource = CourseDuckDBResource(database=dg.EnvVar("DUCKDB_DATABASE"))
