"""Is a run made in a notebook visible to every other process on the same DAGSTER_HOME?"""

import json
import subprocess
import sys

import yaml

from course_lib.instance import ensure_dagster_home
from course_lib.runs import run_partition

READ_RUNS = """
import json, dagster as dg
instance = dg.DagsterInstance.get()
records = instance.get_run_records(dg.RunsFilter(tags={"dagster/partition": "2023-04-01"}))
status = instance.get_status_by_partition(dg.AssetKey("taxi_trips"), ["2023-04-01"],
    dg.MonthlyPartitionsDefinition(start_date="2023-01-01", end_date="2024-01-01"))
print(json.dumps({"runs": [[r.dagster_run.run_id, r.dagster_run.status.value, r.dagster_run.job_name] for r in records],
                  "status": {k: v.value for k, v in status.items()}}))
"""


def test_an_in_process_run_is_seen_by_a_fresh_process(course_env, instance):
    summary = run_partition("2023-04-01", instance=instance)
    assert summary.success
    # A separate interpreter, as `dagster dev` would be: it knows only DAGSTER_HOME.
    seen = json.loads(subprocess.run([sys.executable, "-c", READ_RUNS], check=True, capture_output=True,
                                     text=True).stdout)
    assert seen["runs"] == [[summary.run_id, "SUCCESS", "trip_update_job"]]
    assert seen["status"] == {"2023-04-01": "MATERIALIZED"}


def test_dagster_home_is_absolute_with_telemetry_off(course_env, instance):
    home = course_env / "dagster_home"
    assert instance.root_directory == str(home.resolve())
    config = yaml.safe_load((home / "dagster.yaml").read_text())
    assert config["telemetry"] == {"enabled": False}
    assert config["run_coordinator"]["config"]["max_concurrent_runs"] == 2


def test_a_dagster_yaml_the_learner_edited_is_kept(course_env):
    home = course_env / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: true\n")
    ensure_dagster_home()
    assert (home / "dagster.yaml").read_text() == "telemetry:\n  enabled: true\n"
