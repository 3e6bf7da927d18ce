"""Many months, one in-process run per month, in this notebook's process, each recorded in the instance.

This is not a Dagster backfill: those are launched from the UI or over GraphQL and carried out by the
daemon (deployment/, notebook 07), and they are listed on the UI's Backfills page. This loop runs the same
job partition by partition, so a learner can watch each month, skip done ones, retry failed ones and stop
between months. In plain Dagster it is `job.execute_in_process(partition_key=key)` in a for loop.
"""

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import dagster as dg
import pandas as pd

from course_lib.defs.partitions import check_partition_key, monthly_partition
from course_lib.in_process.instance import course_instance
from course_lib.in_process.runs import RunSummary, fail_runs_of_dead_processes, run_partition
from course_lib.in_process.status import partition_status

MONTHS_TAG = "course/month_by_month"  # the runs of one run_month_by_month call share its batch id
DAGSTER_BACKFILL_TAG = "dagster/backfill"  # what Dagster tags the runs of its own (daemon) backfills with


def month_range(first: str, last: str) -> list[str]:
    """The monthly keys from `first` to `last`, both included."""
    check_partition_key(first)
    check_partition_key(last)
    if first > last:
        first, last = last, first
    return monthly_partition.get_partition_keys_in_range(dg.PartitionKeyRange(first, last))


def new_batch_id() -> str:
    """When the batch started, and four random hex digits: unlike a Dagster backfill's id (eight letters)."""
    return f"{datetime.now(UTC):%Y%m%dT%H%M%S}-{random.getrandbits(16):04x}"


@dataclass
class MonthByMonthReport:
    """What one batch of runs, one per month, did to each month it was asked for."""

    batch: str
    requested: list[str]
    runs: list[RunSummary] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # month -> its status, the reason it was skipped
    not_run: list[str] = field(default_factory=list)  # left when it was cancelled or stopped

    @property
    def failed(self) -> list[str]:
        return [run.partition_key for run in self.runs if not run.success]

    @property
    def succeeded(self) -> list[str]:
        return [run.partition_key for run in self.runs if run.success]

    def __str__(self) -> str:
        parts = [
            f"one run per month (batch {self.batch}): {len(self.requested)} months asked, {len(self.succeeded)} done"
        ]
        if self.failed:
            parts.append(f"{len(self.failed)} failed ({', '.join(self.failed)})")
        if self.skipped:
            parts.append(f"{len(self.skipped)} skipped")
        if self.not_run:
            parts.append(f"{len(self.not_run)} not run")
        lines = [", ".join(parts)] + [f"  {run}" for run in self.runs]
        lines += [f"  skipped, {status}: {_spans(keys)}" for status, keys in _by_status(self.skipped).items()]
        return "\n".join(lines)


def _by_status(statuses: dict[str, str]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for key in sorted(statuses):
        grouped.setdefault(statuses[key], []).append(key)
    return grouped


def _spans(keys: list[str]) -> str:
    """'2023-01-01 to 2023-03-01, 2023-05-01': months in a row written as one span."""
    all_keys = monthly_partition.get_partition_keys()
    spans: list[list[str]] = []
    for key in keys:
        if spans and all_keys.index(key) == all_keys.index(spans[-1][-1]) + 1:
            spans[-1].append(key)
        else:
            spans.append([key])
    return ", ".join(span[0] if len(span) == 1 else f"{span[0]} to {span[-1]}" for span in spans)


def plan_months(
    keys: list[str],
    *,
    only_missing: bool = False,
    only_failed: bool = False,
    instance: dg.DagsterInstance | None = None,
) -> tuple[list[str], dict[str, str]]:
    """Split `keys` into the months to run and the months to skip, each skipped one with its status (the reason)."""
    for key in keys:
        check_partition_key(key)
    if not (only_missing or only_failed):
        return list(keys), {}
    fail_runs_of_dead_processes(instance)  # a month whose run died with its kernel counts as failed, not running
    status = partition_status(instance=instance)
    wanted = ({"missing"} if only_missing else set()) | ({"failed"} if only_failed else set())
    return [k for k in keys if status[k] in wanted], {k: status[k] for k in keys if status[k] not in wanted}


def run_month_by_month(
    keys: list[str],
    *,
    assets: list[str] | None = None,
    only_missing: bool = False,
    only_failed: bool = False,
    stop_on_failure: bool = False,
    instance: dg.DagsterInstance | None = None,
    cancel: threading.Event | None = None,
    batch: str | None = None,
    on_start: Callable[[str], None] | None = None,
    on_done: Callable[[RunSummary], None] | None = None,
) -> MonthByMonthReport:
    """Run trip_update_job (or only its `assets`) once per month in `keys`, in order, here; report each month.

    only_missing / only_failed: run only the months whose status is missing / failed (skip the others);
    stop_on_failure: stop at the first failed month. The rest is for the panels (instance, cancel, batch, callbacks).
    """
    instance = instance or course_instance()
    to_run, skipped = plan_months(keys, only_missing=only_missing, only_failed=only_failed, instance=instance)
    report = MonthByMonthReport(batch or new_batch_id(), list(keys), skipped=skipped)
    for index, key in enumerate(to_run):
        if cancel is not None and cancel.is_set():
            report.not_run = to_run[index:]
            break
        if on_start:
            on_start(key)
        summary = run_partition(key, assets=assets, instance=instance, tags={MONTHS_TAG: report.batch})
        report.runs.append(summary)
        if on_done:
            on_done(summary)
        if stop_on_failure and not summary.success:
            report.not_run = to_run[index + 1 :]
            break
    return report


def runs_of(batch_or_backfill: str, instance: dg.DagsterInstance | None = None) -> list[dg.RunRecord]:
    """The run records of a month-by-month batch or of a Dagster backfill, oldest first, found by their tag."""
    instance = instance or course_instance()
    records = []
    for tag in (MONTHS_TAG, DAGSTER_BACKFILL_TAG):
        records += instance.get_run_records(dg.RunsFilter(tags={tag: batch_or_backfill}))
    return sorted(records, key=lambda record: record.create_timestamp)


def compare_with_backfill(batch: str, backfill_id: str, instance: dg.DagsterInstance | None = None) -> pd.DataFrame:
    """One row for a month-by-month batch run in this kernel, one for a Dagster backfill: their runs, seconds per
    run, and the time from asking to done (for the backfill, from its launch until the daemon marked it done)."""
    instance = instance or course_instance()
    rows = {}
    backfill = instance.get_backfill(backfill_id)
    for how, group in (("one run per month, in this kernel", batch), ("Dagster backfill, by the daemon", backfill_id)):
        records = runs_of(group, instance)
        done = [r for r in records if r.start_time and r.end_time]
        months = sorted(r.dagster_run.tags.get("dagster/partition", "")[:7] for r in records)
        asked = backfill.backfill_timestamp if group == backfill_id else min((r.start_time for r in done), default=0)
        finished = max((r.end_time for r in done), default=0)
        if group == backfill_id and backfill.backfill_end_timestamp:
            finished = backfill.backfill_end_timestamp  # the daemon's pass that saw the last run done
        rows[how] = {
            "months": f"{months[0]} to {months[-1]}" if months else "",
            "runs": len(records),
            "succeeded": sum(r.dagster_run.status == dg.DagsterRunStatus.SUCCESS for r in records),
            "seconds per run": f"{sum(r.end_time - r.start_time for r in done) / max(len(done), 1):.1f} s",
            "first run start to last run end": (
                f"{max(r.end_time for r in done) - min(r.start_time for r in done):.1f} s" if done else ""
            ),
            "asked to done": f"{finished - asked:.1f} s" if done else "",
        }
    return pd.DataFrame.from_dict(rows, orient="index")
