"""Many months, one in-process run per month, in this notebook's process, each recorded in the instance.

This is not a Dagster backfill: those are launched from the UI or over GraphQL and carried out by the
daemon (deployment/, notebook 07), and they are listed on the UI's Backfills page. This loop runs the same
job partition by partition, so a learner can watch each month, skip done ones, retry failed ones and stop
between months. In plain Dagster it is `job.execute_in_process(partition_key=key)` in a for loop.
"""

import random
import string
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import dagster as dg
import pandas as pd

from course_lib.defs.partitions import check_partition_key, monthly_partition
from course_lib.in_process.instance import course_instance
from course_lib.in_process.runs import RunSummary, fail_runs_of_dead_processes, run_partition
from course_lib.in_process.status import partition_status

BACKFILL_TAG = "course/backfill"
DAGSTER_BACKFILL_TAG = "dagster/backfill"  # what Dagster tags the runs of its own (daemon) backfills with


def month_range(first: str, last: str) -> list[str]:
    """The monthly keys from `first` to `last`, both included."""
    check_partition_key(first)
    check_partition_key(last)
    if first > last:
        first, last = last, first
    return monthly_partition.get_partition_keys_in_range(dg.PartitionKeyRange(first, last))


def new_backfill_id() -> str:
    """Eight lowercase letters, like the ids Dagster gives its own backfills."""
    return "".join(random.choices(string.ascii_lowercase, k=8))


@dataclass
class MonthByMonthReport:
    """What a backfill did to each month it was asked for."""

    backfill_id: str
    requested: list[str]
    runs: list[RunSummary] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    not_run: list[str] = field(default_factory=list)  # left when it was cancelled or stopped

    @property
    def failed(self) -> list[str]:
        return [run.partition_key for run in self.runs if not run.success]

    @property
    def succeeded(self) -> list[str]:
        return [run.partition_key for run in self.runs if run.success]

    def __str__(self) -> str:
        parts = [f"backfill {self.backfill_id}: {len(self.requested)} months asked, {len(self.succeeded)} done"]
        if self.failed:
            parts.append(f"{len(self.failed)} failed ({', '.join(self.failed)})")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.not_run:
            parts.append(f"{len(self.not_run)} not run")
        lines = [", ".join(parts)] + [f"  {run}" for run in self.runs]
        lines += [f"  {key}: skipped (already materialized)" for key in self.skipped]
        return "\n".join(lines)


def plan_months(
    keys: list[str],
    *,
    only_missing: bool = False,
    only_failed: bool = False,
    instance: dg.DagsterInstance | None = None,
) -> tuple[list[str], list[str]]:
    """Split `keys` into (to run, to skip) by their status in the instance."""
    for key in keys:
        check_partition_key(key)
    if not (only_missing or only_failed):
        return list(keys), []
    fail_runs_of_dead_processes(instance)  # a month whose run died with its kernel counts as failed, not running
    status = partition_status(instance=instance)
    wanted = ({"missing"} if only_missing else set()) | ({"failed"} if only_failed else set())
    return [k for k in keys if status[k] in wanted], [k for k in keys if status[k] not in wanted]


def run_month_by_month(
    keys: list[str],
    *,
    assets: list[str] | None = None,
    only_missing: bool = False,
    only_failed: bool = False,
    stop_on_failure: bool = False,
    instance: dg.DagsterInstance | None = None,
    cancel: threading.Event | None = None,
    backfill_id: str | None = None,
    on_start: Callable[[str], None] | None = None,
    on_done: Callable[[RunSummary], None] | None = None,
) -> MonthByMonthReport:
    """Run trip_update_job (or only its `assets`) once per month in `keys`, in order, here; report each month."""
    instance = instance or course_instance()
    to_run, skipped = plan_months(keys, only_missing=only_missing, only_failed=only_failed, instance=instance)
    report = MonthByMonthReport(backfill_id or new_backfill_id(), list(keys), skipped=skipped)
    for index, key in enumerate(to_run):
        if cancel is not None and cancel.is_set():
            report.not_run = to_run[index:]
            break
        if on_start:
            on_start(key)
        summary = run_partition(key, assets=assets, instance=instance, tags={BACKFILL_TAG: report.backfill_id})
        report.runs.append(summary)
        if on_done:
            on_done(summary)
        if stop_on_failure and not summary.success:
            report.not_run = to_run[index + 1 :]
            break
    return report


def backfill_runs(backfill_id: str, instance: dg.DagsterInstance | None = None) -> list[dg.RunRecord]:
    """The run records a backfill made, oldest first, found by its tag (the course's or Dagster's)."""
    instance = instance or course_instance()
    records = []
    for tag in (BACKFILL_TAG, DAGSTER_BACKFILL_TAG):
        records += instance.get_run_records(dg.RunsFilter(tags={tag: backfill_id}))
    return sorted(records, key=lambda record: record.create_timestamp)


def compare_backfills(in_process_id: str, daemon_id: str, instance: dg.DagsterInstance | None = None) -> pd.DataFrame:
    """One row per backfill: where its runs ran, how many succeeded, seconds per run and from first start to last
    end."""
    rows = {}
    for how, backfill_id in (("in-process (this kernel)", in_process_id), ("webserver + daemon", daemon_id)):
        records = backfill_runs(backfill_id, instance)
        done = [r for r in records if r.start_time and r.end_time]
        months = sorted(r.dagster_run.tags.get("dagster/partition", "")[:7] for r in records)
        rows[how] = {
            "months": f"{months[0]} to {months[-1]}" if months else "",
            "runs": len(records),
            "succeeded": sum(r.dagster_run.status == dg.DagsterRunStatus.SUCCESS for r in records),
            "seconds per run": f"{sum(r.end_time - r.start_time for r in done) / max(len(done), 1):.1f} s",
            "first start to last end": (
                f"{max(r.end_time for r in done) - min(r.start_time for r in done):.1f} s" if done else ""
            ),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
