"""The taxi data the assets load: NYC TLC yellow-taxi months and the zone lookup, as files in the data folder,
generated offline in the real TLC schema (the default) or downloaded (COURSE_DATA_SOURCE=download)."""

from course_lib.taxi_data.files import (
    existing_trips_file,
    fetch_trips_file,
    fetch_zones_file,
    row_count,
    trips_file_path,
    zones_file_path,
)
from course_lib.taxi_data.generator import expected_row_count, write_month

__all__ = [
    "existing_trips_file",
    "expected_row_count",
    "fetch_trips_file",
    "fetch_zones_file",
    "row_count",
    "trips_file_path",
    "write_month",
    "zones_file_path",
]
