"""Where the course keeps its data and which taxi source it uses, read from the environment.

Every value is read when it is needed, so a test (or a learner) can point the course at another
folder by setting an environment variable; nothing is cached at import.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

_PACKAGE_PARENT = Path(__file__).resolve().parent.parent
# In a clone of the course, course_lib sits beside pyproject.toml and notebooks/; installed from a wheel, it
# sits in site-packages, where nothing of the checkout is.
CHECKOUT = _PACKAGE_PARENT if (_PACKAGE_PARENT / "pyproject.toml").is_file() else None

DEFAULT_ROWS_PER_MONTH = 10_000
DEFAULT_DUCKDB_LOCK_WAIT = 60.0
DATA_SOURCES = ("generate", "download")
TLC_BASE_URL = "https://d37ci6vzurychx.cloudfront.net"
PROGRESS_FILE = "progress.jsonl"
# Set by the notebook tests and `make notebooks`: a folder in which every notebook kernel makes its own data folder.
FRESH_DATA_PER_KERNEL = "COURSE_FRESH_DATA_PER_KERNEL"
# Every variable the course reads (see README, "Settings").
VARIABLES = (
    "COURSE_DATA_DIR",
    "DUCKDB_DATABASE",
    "DAGSTER_HOME",
    "COURSE_ROWS_PER_MONTH",
    "COURSE_DATA_SOURCE",
    "COURSE_DOWNLOAD_BASE_URL",
    "COURSE_DUCKDB_LOCK_WAIT",
)


def default_data_dir() -> Path:
    """`data/` in the course's checkout; for an installed course_lib, the user's data folder for the course."""
    if CHECKOUT is not None:
        return CHECKOUT / "data"
    return Path(platformdirs.user_data_dir("dagster-partitions-course", appauthor=False))


def data_dir() -> Path:
    """The folder for raw files, the DuckDB file and the Dagster instance (env COURSE_DATA_DIR)."""
    return Path(os.environ.get("COURSE_DATA_DIR") or default_data_dir()).resolve()


def progress_path() -> Path:
    """The learner's progress record: every check, hint and quiz answer (course_lib.feedback.progress)."""
    return data_dir() / PROGRESS_FILE


def raw_dir() -> Path:
    """Where the month files and the zone lookup land."""
    return data_dir() / "raw"


def duckdb_path() -> Path:
    """The DuckDB file the assets write (env DUCKDB_DATABASE)."""
    return Path(os.environ.get("DUCKDB_DATABASE") or data_dir() / "staging" / "data.duckdb").resolve()


def dagster_home() -> Path:
    """The persistent Dagster instance shared by the notebooks and `dagster dev` (env DAGSTER_HOME)."""
    return Path(os.environ.get("DAGSTER_HOME") or data_dir() / "dagster_home").resolve()


def rows_per_month() -> int | None:
    """Rows in an average month (env COURSE_ROWS_PER_MONTH); None means full scale, the real 2023 counts."""
    raw = os.environ.get("COURSE_ROWS_PER_MONTH", "").strip().lower()
    if not raw:
        return DEFAULT_ROWS_PER_MONTH
    if raw == "full":
        return None
    try:
        rows = int(raw.replace("_", ""))
    except ValueError:
        rows = 0
    if rows <= 0:
        raise ValueError(
            f"COURSE_ROWS_PER_MONTH={raw!r} is not a positive whole number: set it to e.g. 10000, "
            "or to 'full' for the real sizes (about 3 million rows a month)."
        )
    return rows


def data_source() -> str:
    """'generate' (offline, the default) or 'download' (the real TLC files), from env COURSE_DATA_SOURCE."""
    source = os.environ.get("COURSE_DATA_SOURCE", "generate").strip().lower() or "generate"
    if source not in DATA_SOURCES:
        raise ValueError(f"COURSE_DATA_SOURCE={source!r} is not known: use 'generate' or 'download'.")
    return source


def download_base_url() -> str:
    """Base of the TLC download URLs (env COURSE_DOWNLOAD_BASE_URL), so tests can use a local server."""
    return os.environ.get("COURSE_DOWNLOAD_BASE_URL", TLC_BASE_URL).rstrip("/")


def duckdb_lock_wait() -> float:
    """Seconds a connection waits for a DuckDB file another process holds (env COURSE_DUCKDB_LOCK_WAIT, default 60)."""
    raw = os.environ.get("COURSE_DUCKDB_LOCK_WAIT", "").strip()
    try:
        return float(raw) if raw else DEFAULT_DUCKDB_LOCK_WAIT
    except ValueError:
        raise ValueError(f"COURSE_DUCKDB_LOCK_WAIT={raw!r} is not a number of seconds: set it to e.g. 60.") from None


def export_defaults() -> None:
    """Put the absolute default paths into the environment, where Dagster and `dg.EnvVar` read them."""
    os.environ.setdefault("DUCKDB_DATABASE", str(duckdb_path()))
    os.environ.setdefault("DAGSTER_HOME", str(dagster_home()))


@contextmanager
def environment(**values: str | None) -> Iterator[None]:
    """Set course variables for a block (None unsets one); every course variable is as before afterwards."""
    saved = {name: os.environ.get(name) for name in VARIABLES}
    try:
        for name, value in values.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
