"""Where the raw taxi files live, and how they are made: generated offline, or downloaded."""

import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from course_lib import settings
from course_lib.atomic_write import atomic_write
from course_lib.errors import DamagedDataFile, InvalidMonth, MissingDataFile
from course_lib.taxi_data import download, generator


def trips_file_path(month: str) -> Path:
    """Path of a month's trips file ('YYYY-MM'), named as the TLC names it."""
    return settings.raw_dir() / f"yellow_tripdata_{month}.parquet"


def zones_file_path() -> Path:
    """Path of the taxi zone lookup table."""
    return settings.raw_dir() / "taxi_zone_lookup.csv"


def fetch_trips_file(month: str) -> Path:
    """Make the month's trips file from the configured source (COURSE_DATA_SOURCE) and return its path."""
    if not (isinstance(month, str) and re.fullmatch(r"\d{4}-\d{2}", month)):
        raise InvalidMonth(
            f"fetch_trips_file wants a month written YYYY-MM, like '2023-03', not {month!r}: the TLC names its "
            "files by month (a monthly partition key, '2023-03-01', is a full date)."
        )
    path = trips_file_path(month)
    if settings.data_source() == "download":
        download.download(download.trips_url(month), path)
    else:
        generator.write_month(month, path)
    return path


def fetch_zones_file() -> Path:
    """Make the zone lookup file from the configured source and return its path."""
    path = zones_file_path()
    if settings.data_source() == "download":
        download.download(download.zones_url(), path)
    else:
        with atomic_write(path) as part:
            shutil.copyfile(generator.ZONE_LOOKUP_CSV, part)
    return path


def existing_trips_file(month: str) -> Path:
    """The month's trips file if it is there and readable; otherwise an error that says what to run."""
    path = trips_file_path(month)
    if not path.exists():
        raise MissingDataFile(
            f"There is no trips file for {month} yet ({path}): materialize taxi_trips_file for "
            f"partition {month}-01 first (or run trip_update_job, which makes both)."
        )
    try:
        pq.read_metadata(path)
    except (pa.ArrowException, OSError) as error:
        raise DamagedDataFile(
            f"{path.name} is damaged ({str(error).splitlines()[0].split('. ')[0]}): materialize taxi_trips_file for "
            f"partition {month}-01 again to fetch a good copy."
        ) from error
    return path


def row_count(path: Path) -> int:
    """Rows in a parquet file, read from its footer."""
    return pq.read_metadata(path).num_rows
