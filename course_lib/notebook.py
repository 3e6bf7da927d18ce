"""What every notebook runs first: quiet Dagster, course errors shown as sentences, fresh test data."""

import os
import tempfile
import warnings

import dagster as dg

from course_lib import settings
from course_lib.errors import CourseError


def setup() -> None:
    """Prepare a notebook kernel for the course; safe to run more than once."""
    for category in (dg.BetaWarning, dg.PreviewWarning, dg.SupersessionWarning, DeprecationWarning):
        warnings.filterwarnings("ignore", category=category)
    # Dagster closes its event loop without awaiting it; inside ipykernel that prints a RuntimeWarning per run.
    warnings.filterwarnings("ignore", message="coroutine 'BaseEventLoop.shutdown_asyncgens' was never awaited")
    # Under the notebook tests and `make notebooks`, every kernel starts on its own empty data folder and
    # instance, inside a folder the test session or the authoring run deletes when it ends.
    parent = os.environ.get(settings.FRESH_DATA_PER_KERNEL)
    if parent and not os.environ.get("_COURSE_KERNEL_DATA"):
        fresh = tempfile.mkdtemp(prefix="kernel-", dir=parent)
        os.environ["_COURSE_KERNEL_DATA"] = os.environ["COURSE_DATA_DIR"] = fresh
        for name in ("DUCKDB_DATABASE", "DAGSTER_HOME"):
            os.environ.pop(name, None)
    settings.export_defaults()
    _show_course_errors_as_sentences()
    from course_lib.in_process.runs import fail_runs_of_dead_processes

    for run_id in fail_runs_of_dead_processes():  # e.g. the kernel was restarted while a backfill ran
        print(f"Run {run_id[:8]} had stopped mid-way with its process; it is now marked failed (retry it).")


def _show_course_errors_as_sentences() -> None:
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is None:
        return

    def handler(shell, etype, value, tb, tb_offset=None):
        # The sentence is the whole message: a traceback into course_lib would only hide it.
        lines = [f"\x1b[31m{etype.__name__}\x1b[0m: {value}"]
        shell._showtraceback(etype, value, lines)
        return lines

    shell.set_custom_exc((CourseError,), handler)
