"""Does Dagster load the course as a code location: `dagster`, `dg` and `make dagster`, as the README says?"""

import json
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest
from conftest import trips_by_month

from course_lib.definitions import defs
from course_lib.errors import MissingDataFile
from course_lib.taxi_data import expected_row_count

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


DG = Path(sys.executable).with_name("dg")


def dg_command(*args: str, env: dict, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([str(DG), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def test_dg_checks_and_lists_the_project(course_env):
    env = dict(os.environ)
    checked = dg_command("check", "defs", env=env)
    assert checked.returncode == 0 and "All definitions loaded successfully" in checked.stdout, checked.stderr[-2000:]
    listed = dg_command("list", "defs", "--json", env=env)
    found = json.loads(listed.stdout)
    assert sorted(job["name"] for job in found["jobs"]) == [
        "trip_update_job",
        "trips_single_run_job",
        "weekly_update_job",
    ]
    assert sorted(s["name"] for s in found["schedules"]) == ["trip_update_schedule", "weekly_update_schedule"]
    assert [r["name"] for r in found["resources"]] == ["database"] and len(found["assets"]) == 6


@pytest.mark.slow
def test_dg_launch_loads_a_partition_into_the_course_instance(course_env, instance):
    env = dict(os.environ)  # course_env's DAGSTER_HOME, DuckDB file and data folder
    launched = dg_command("launch", "--assets", "taxi_trips_file,taxi_trips", "--partition", "2023-03-01", env=env)
    assert launched.returncode == 0, launched.stderr[-2000:]
    assert trips_by_month(course_env / "staging" / "data.duckdb") == {"2023-03": expected_row_count("2023-03")}
    (run,) = instance.get_runs()
    assert run.status == dg.DagsterRunStatus.SUCCESS and run.tags["dagster/partition"] == "2023-03-01"


@pytest.mark.slow
def test_dg_dev_serves_the_code_location(course_env):
    from course_lib.deployment import dagster_dev

    port = dagster_dev.free_port()
    running = dagster_dev.start(port, argv=[str(DG), "dev", "-p", str(port), "-h", "127.0.0.1"])
    try:
        running.webserver.wait_until_loaded()
        assert running.webserver.instance_home() == course_env / "dagster_home"
    finally:
        running.stop()
    assert not running.running()
