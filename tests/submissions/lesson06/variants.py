"""Exercise 06's submissions: correct.py, Dagster University's own answers ported (du.py), and each named mistake
made to correct.py, so a test can say which criteria it must fail."""

import types
from pathlib import Path

from submissions.variant import as_module, with_changes

SOURCE = (Path(__file__).parent / "correct.py").read_text()
DU = (Path(__file__).parent / "du.py").read_text()
WEEKS = 'my_weekly_partition = dg.WeeklyPartitionsDefinition(start_date="2023-01-01", end_date="2024-01-01")'
WINDOW = "FROM trips WHERE pickup_datetime >= ? AND pickup_datetime < ?"
DELETE_WEEK = 'conn.execute("DELETE FROM trips_by_week WHERE period = ?", [start.date()])'
GUARD = """        if missing:
            raise ValueError(f"The week of {start:%Y-%m-%d} needs {', '.join(missing)} in table trips: load it first.")
"""
JOB_SELECTION = 'selection=dg.AssetSelection.assets("my_trips_by_week")'
BOROUGHS = '["Bronx", "Brooklyn", "Manhattan", "Queens", "Staten Island"]'
DELETE_BOROUGH = 'conn.execute("DELETE FROM trips_by_borough WHERE borough = ?", [borough])'
BOROUGH_JOIN = "JOIN zones ON trips.pickup_zone_id = zones.zone_id"
NONE_1 = "my_weekly_partition = my_trips_by_week = my_weekly_update_job = None"
NONE_2 = "my_borough_partition = my_trips_by_borough = None"

# name -> the (old, new) replacements that make the mistake
MISTAKES = {
    # part 1: weeks
    "ends_on_the_last_saturday": [(WEEKS, WEEKS.replace("2024-01-01", "2023-12-30"))],
    "monday_weeks": [(WEEKS, WEEKS.replace('end_date="2024-01-01"', 'end_date="2024-01-01", day_offset=1'))],
    "unpartitioned_asset": [('@dg.asset(partitions_def=my_weekly_partition, deps=["taxi_trips"])', "@dg.asset")],
    "sums_the_whole_month": [(WINDOW, "FROM trips WHERE partition_date = strftime(?, '%Y-%m') AND ? IS NOT NULL")],
    "only_the_first_month": [
        (WINDOW, WINDOW + " AND partition_date = strftime(?, '%Y-%m')"),
        ("[start.date(), start, end]", "[start.date(), start, end, start]"),
    ],
    "six_day_week": [(WINDOW, "FROM trips WHERE pickup_datetime >= ? AND pickup_datetime < ? - INTERVAL 1 DAY")],
    "counts_passengers_as_trips": [("SELECT ?, count(*),", "SELECT ?, count(passenger_count),")],
    "appends_without_delete": [(DELETE_WEEK, "pass")],
    "deletes_every_week": [(DELETE_WEEK, 'conn.execute("DELETE FROM trips_by_week")')],
    "job_selects_the_courses_asset": [(JOB_SELECTION, 'selection=dg.AssetSelection.assets("trips_by_week")')],
    "sums_part_of_a_week": [(GUARD, "")],
    # part 2: boroughs
    "newark_is_a_borough": [(BOROUGHS, BOROUGHS.replace('"Bronx", ', '"Bronx", "EWR", '))],
    "asset_by_month": [
        ("@dg.asset(partitions_def=my_borough_partition", "@dg.asset(partitions_def=my_weekly_partition"),
    ],
    "counts_dropoffs": [(BOROUGH_JOIN, "JOIN zones ON trips.dropoff_zone_id = zones.zone_id")],
    "no_join": [(BOROUGH_JOIN + " WHERE zones.borough", "WHERE borough")],
    "appends_boroughs": [(DELETE_BOROUGH, "pass")],
    "deletes_every_borough": [(DELETE_BOROUGH, 'conn.execute("DELETE FROM trips_by_borough")')],
    # placeholders
    "unsolved": [(SOURCE, f"{NONE_1}\n{NONE_2}\n")],
    "only_the_partition": [
        (SOURCE, f"import dagster as dg\n\n{WEEKS}\nmy_trips_by_week = my_weekly_update_job = None\n{NONE_2}\n")
    ],
    "part_2_unsolved": [(SOURCE[SOURCE.index("my_borough_partition =") :], f"{NONE_2}\n")],
}


def load(name: str) -> types.ModuleType:
    """The submission `name` as a module: correct.py or du.py ("du"), with that mistake made."""
    source = DU if name == "du" else SOURCE
    return as_module(with_changes(source, MISTAKES.get(name, []), name), name)
