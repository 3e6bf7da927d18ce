"""08_recap: its API table names every Dagster API the course uses, and its picture is the code location's."""

import re
from pathlib import Path

import nbformat

from course_lib.definitions import defs
from course_lib.display.recap import definitions_summary

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "notebooks" / "solutions"


def dagster_apis_used() -> set[str]:
    """Every `dg.X` in the lessons' code cells and in the course's Dagster project."""
    code = [
        cell.source
        for path in sorted(SOLUTIONS.glob("0[1-7]_*.ipynb"))
        for cell in nbformat.read(path, as_version=4).cells
        if cell.cell_type == "code"
    ]
    code += [path.read_text() for path in (ROOT / "course_lib" / "defs").rglob("*.py")]
    return {name for source in code for name in re.findall(r"\bdg\.(\w+)", source)}


def test_the_recap_table_names_every_dagster_api_the_course_uses():
    recap = nbformat.read(SOLUTIONS / "08_recap.ipynb", as_version=4)
    (table,) = [cell.source for cell in recap.cells if cell.source.startswith("## Every API the course used")]
    missing = sorted(name for name in dagster_apis_used() if f"`dg.{name}`" not in table)
    assert missing == [], f"add to 08_recap's table: {missing}"


def test_the_picture_is_drawn_from_the_code_location():
    summary = definitions_summary(defs())
    assert summary["assets"]["taxi_trips"] == {
        "group": "ingested",
        "partitions": "monthly, 12 partitions",
        "upstream": ["taxi_trips_file"],
    }
    assert summary["assets"]["trips_by_week"]["partitions"] == "weekly, 52 partitions"
    assert summary["assets"]["taxi_zones"]["partitions"] == "not partitioned"
    assert summary["jobs"]["weekly_update_job"] == ["trips_by_week"]
    assert summary["schedules"]["trip_update_schedule"] == ("0 0 5 * *", "trip_update_job")
