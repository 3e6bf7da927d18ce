"""Partition status as the Dagster instance records it: materialized, failed, missing, in progress."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

import dagster as dg

from course_lib.defs.partitions import check_partition_key, monthly_partition
from course_lib.in_process import database
from course_lib.in_process.instance import course_instance

STATUS_WORDS = {
    dg.AssetPartitionStatus.MATERIALIZED: "materialized",
    dg.AssetPartitionStatus.FAILED: "failed",
    dg.AssetPartitionStatus.IN_PROGRESS: "in progress",
    None: "missing",
}


def partition_status(
    asset: str = "taxi_trips", partitions_def=monthly_partition, instance: dg.DagsterInstance | None = None
) -> dict[str, str]:
    """Each partition key of `asset` with its latest outcome in the instance, as a word."""
    instance = instance or course_instance()
    keys = partitions_def.get_partition_keys()
    statuses = instance.get_status_by_partition(dg.AssetKey(asset), keys, partitions_def) or {}  # None before any run
    return {key: STATUS_WORDS[statuses.get(key)] for key in keys}


@dataclass(frozen=True)
class PartitionDetails:
    """One month seen from both sides: rows in DuckDB, and the latest run and materialization."""

    partition_key: str
    status: str
    rows_in_duckdb: int
    run_id: str | None = None
    run_status: str | None = None
    started: datetime | None = None
    seconds: float | None = None
    metadata: dict = field(default_factory=dict)

    def __str__(self) -> str:
        lines = [f"{self.partition_key}: {self.status}, {self.rows_in_duckdb:,} rows in trips"]
        if self.run_id:
            lines.append(
                f"  last run {self.run_id[:8]}: {self.run_status}, started {self.started:%Y-%m-%d %H:%M:%S} UTC, "
                f"took {self.seconds:.2f} s"
            )
        if self.metadata:
            lines.append("  metadata: " + ", ".join(f"{k}={v}" for k, v in self.metadata.items()))
        return "\n".join(lines)


def partition_details(
    partition_key: str, asset: str = "taxi_trips", instance: dg.DagsterInstance | None = None
) -> PartitionDetails:
    """Drill into one month: rows in DuckDB, its latest run and its latest materialization's metadata."""
    check_partition_key(partition_key)
    instance = instance or course_instance()
    status = partition_status(asset, instance=instance)[partition_key]
    rows = database.rows_per_month().get(partition_key[:-3], 0)
    runs = instance.get_run_records(dg.RunsFilter(tags={"dagster/partition": partition_key}), limit=1)
    materializations = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=dg.AssetKey(asset), asset_partitions=[partition_key]), limit=1
    ).records
    metadata = {}
    if materializations:
        metadata = {k: v.value for k, v in materializations[0].asset_materialization.metadata.items()}
    if not runs:
        return PartitionDetails(partition_key, status, rows, metadata=metadata)
    run = runs[0]
    started = datetime.fromtimestamp(run.start_time, tz=UTC) if run.start_time else None
    seconds = (run.end_time - run.start_time) if run.start_time and run.end_time else None
    return PartitionDetails(
        partition_key, status, rows, run.dagster_run.run_id, run.dagster_run.status.value, started, seconds, metadata
    )


def status_table(
    assets: tuple[str, ...] = ("taxi_trips_file", "taxi_trips"), instance: dg.DagsterInstance | None = None
):
    """A DataFrame: one row per month, one column per asset, the status word in each cell."""
    import pandas as pd

    columns = {asset: partition_status(asset, instance=instance) for asset in assets}
    return pd.DataFrame(columns).rename_axis("partition")
