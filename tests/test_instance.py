"""Is a run made in a notebook visible, with its events, to every other process on the same DAGSTER_HOME?"""

import json
import subprocess
import sys

import yaml

from course_lib.in_process.instance import DAGSTER_YAML, ensure_dagster_home
from course_lib.in_process.runs import run_partition

READ_RUNS = """
import json, dagster as dg
instance = dg.DagsterInstance.get()
records = instance.get_run_records(dg.RunsFilter(tags={"dagster/partition": "2023-04-01"}))
status = instance.get_status_by_partition(dg.AssetKey("taxi_trips"), ["2023-04-01"],
    dg.MonthlyPartitionsDefinition(start_date="2023-01-01", end_date="2024-01-01"))
materialized = instance.fetch_materializations(dg.AssetKey("taxi_trips"), limit=5).records
print(json.dumps({"runs": [[r.dagster_run.run_id, r.dagster_run.status.value, r.dagster_run.job_name] for r in records],
                  "status": {k: v.value for k, v in status.items()},
                  "materialized_by": [m.run_id for m in materialized],
                  "step_successes": sum(e.dagster_event_type == dg.DagsterEventType.STEP_SUCCESS
                                        for r in records for e in instance.all_logs(r.dagster_run.run_id)),
                  "compute_logs": type(instance.compute_log_manager).__name__}))
"""


def test_an_in_process_run_is_seen_by_a_fresh_process(course_env, instance):
    summary = run_partition("2023-04-01", instance=instance)
    assert summary.success
    # A separate interpreter, as `dagster dev` would be: it knows only DAGSTER_HOME.
    seen = json.loads(
        subprocess.run([sys.executable, "-c", READ_RUNS], check=True, capture_output=True, text=True).stdout
    )
    assert seen["runs"] == [[summary.run_id, "SUCCESS", "trip_update_job"]]
    assert seen["status"] == {"2023-04-01": "MATERIALIZED"}
    assert seen["materialized_by"] == [summary.run_id]
    assert seen["step_successes"] == 4  # taxi_trips_file, taxi_zones_file, taxi_zones, taxi_trips
    # Only this process skips capturing compute logs; `dagster dev`, reading dagster.yaml, captures its runs'.
    assert type(instance.compute_log_manager).__name__ == "NoOpComputeLogManager"
    assert seen["compute_logs"] == "LocalComputeLogManager"


def test_dagster_home_is_absolute_with_telemetry_off_and_one_event_log(course_env, instance):
    home = course_env / "dagster_home"
    assert instance.root_directory == str(home.resolve())
    config = yaml.safe_load((home / "dagster.yaml").read_text())
    assert config["telemetry"] == {"enabled": False}
    assert config["run_coordinator"]["config"]["max_concurrent_runs"] == 2
    assert type(instance.event_log_storage).__name__ == "ConsolidatedSqliteEventLogStorage"
    assert (home / "event_log.db").exists()


def test_a_dagster_yaml_the_learner_edited_is_kept(course_env):
    home = course_env / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: true\n")
    ensure_dagster_home()
    assert (home / "dagster.yaml").read_text() == "telemetry:\n  enabled: true\n"


def test_a_home_with_per_run_event_files_keeps_them_visible(course_env):
    # An instance made before the course switched to one event-log file: its runs' events stay where they are.
    home = course_env / "dagster_home"
    (home / "history" / "runs").mkdir(parents=True)
    (home / "dagster.yaml").write_text(DAGSTER_YAML)
    ensure_dagster_home()
    assert "event_log_storage" not in yaml.safe_load((home / "dagster.yaml").read_text())
