"""The `database` resource: the course's DuckDB file (env DUCKDB_DATABASE), one writer at a time.

DuckDB lets one process write a file at a time. The course's design for sharing it between the
notebook kernel, in-process runs and the runs `dagster dev` launches:
- every connection is short: opened for one load or one query, always closed, also on error;
- a run that finds the file locked waits, trying again every second at most, and says in its log
  which process holds the file; runs queue behind each other instead of failing;
- after `COURSE_DUCKDB_LOCK_WAIT` seconds (default 60) it gives up with a sentence naming the holder,
  before writing anything: the month is as it was, and the run can be retried.
"""

import re
from contextlib import contextmanager
from pathlib import Path

import dagster as dg
import duckdb
import tenacity
from dagster_duckdb import DuckDBResource

from course_lib import settings
from course_lib.errors import DatabaseLocked

settings.export_defaults()  # so EnvVar("DUCKDB_DATABASE") resolves even when nobody set it


def is_lock_error(error: BaseException) -> bool:
    """True for DuckDB's "Could not set lock on file" error: another process has the file open."""
    return isinstance(error, duckdb.IOException) and "lock" in str(error).lower()


def lock_holder(error: BaseException) -> str:
    """The process DuckDB names in a lock error, e.g. 'process 1234 (python3)', or 'another process'."""
    found = re.search(r"held in (\S+) \(PID (\d+)\)", str(error))
    return f"process {found[2]} ({Path(found[1]).name})" if found else "another process"


def _say_waiting(state: tenacity.RetryCallState, wait: float) -> None:
    if state.attempt_number == 1:  # once per connection: the log should not fill with retries
        dg.get_dagster_logger().warning(
            f"The DuckDB file is in use by {lock_holder(state.outcome.exception())}; waiting up to "
            f"{wait:.0f} s for it (DuckDB allows one writer at a time)."
        )


class CourseDuckDBResource(DuckDBResource):
    """DuckDBResource that waits for a locked file (with a log line), then explains in a sentence, and always
    closes its connection (dagster-duckdb's own leaves it open when the asset raises, keeping the lock)."""

    @contextmanager
    def get_connection(self):
        Path(self.database).parent.mkdir(parents=True, exist_ok=True)
        conn = self._connect()
        try:
            yield conn
        finally:
            conn.close()

    def _connect(self) -> duckdb.DuckDBPyConnection:
        # Same config as dagster-duckdb's: connections to one file in one process must agree on it.
        config = {"custom_user_agent": "dagster", **self.connection_config}
        wait = settings.duckdb_lock_wait()
        try:
            for attempt in tenacity.Retrying(
                retry=tenacity.retry_if_exception(is_lock_error),
                reraise=True,
                # Short, capped pauses: a waiting run starts within a second of the holder letting go.
                wait=tenacity.wait_exponential(multiplier=0.05, max=1.0),
                stop=tenacity.stop_after_delay(wait),
                before_sleep=lambda state: _say_waiting(state, wait),
            ):
                with attempt:
                    conn = duckdb.connect(self.database, read_only=False, config=config)
                    # Committed months are safe in the write-ahead log (synced at commit); checkpointing it into
                    # the file at every short connection's close cost ~40 ms a run. DuckDB still checkpoints
                    # once the log passes 16 MB, and any connection (read-only too) replays it on open.
                    conn.execute("PRAGMA disable_checkpoint_on_shutdown")
                    return conn
        except duckdb.IOException as error:
            if not is_lock_error(error):
                raise
            raise DatabaseLocked(
                f"The DuckDB file {self.database} stayed locked by {lock_holder(error)} for {wait:.0f} s (DuckDB "
                "allows one writer): close the connection that holds it (e.g. conn.close() in the notebook that "
                "opened it, or wait for the `dagster dev` run to finish), then run this again. Nothing was written."
            ) from error
        raise AssertionError("unreachable: tenacity either returns or raises")


database_resource = CourseDuckDBResource(database=dg.EnvVar("DUCKDB_DATABASE"))


@dg.definitions
def resources() -> dg.Definitions:
    """The resources the assets ask for by key: `database`."""
    return dg.Definitions(resources={"database": database_resource})
