"""Does Dagster load the course as a code location, both ways the README and `make dagster` use?"""

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from course_lib.definitions import defs
from course_lib.errors import MissingDataFile

ROOT = Path(__file__).resolve().parent.parent
DAGSTER = Path(sys.executable).with_name("dagster")


@pytest.mark.parametrize("args", [[], ["-m", "course_lib.definitions"]], ids=["pyproject", "module"])
def test_dagster_loads_the_code_location(course_env, args):
    env = dict(os.environ)
    (course_env / "dagster_home").mkdir(parents=True)
    done = subprocess.run(
        [str(DAGSTER), "definitions", "validate", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "All code locations passed validation" in done.stdout + done.stderr


def test_definitions_hold_the_lesson():
    assets = {key.to_user_string() for key in defs().resolve_asset_graph().get_all_asset_keys()}
    lesson = {"taxi_trips_file", "taxi_trips", "taxi_zones_file", "taxi_zones", "trips_by_week"}
    assert assets == lesson | {"taxi_trips_single_run"}
    trip_job = defs().resolve_job_def("trip_update_job")
    assert {node.name for node in trip_job.graph.node_defs} == lesson - {"trips_by_week"}
    assert trip_job.partitions_def.get_partition_keys()[0] == "2023-01-01"
    assert [n.name for n in defs().resolve_job_def("weekly_update_job").graph.node_defs] == ["trips_by_week"]
    range_job = defs().resolve_job_def("trips_single_run_job")
    assert [n.name for n in range_job.graph.node_defs] == ["taxi_trips_single_run"]
    assert range_job.partitions_def.get_partition_keys()[0] == "2023-01-01"


def test_loading_a_month_before_its_file_says_what_to_run(course_env):
    from course_lib.defs.assets.trips import taxi_trips
    from course_lib.defs.resources import CourseDuckDBResource

    database = CourseDuckDBResource(database=str(course_env / "staging" / "data.duckdb"))
    with pytest.raises(MissingDataFile, match="materialize taxi_trips_file for partition 2023-06-01 first"):
        taxi_trips(dg.build_asset_context(partition_key="2023-06-01"), database=database)
