"""The Dagster internals the course needs, in one place: Dagster has no public API for either (dagster 1.13.27).

- `InstanceRef`: the persistent instance opened with overrides for this process only (instance.py: no
  compute-log capture in a kernel). Public ways in (`DagsterInstance.get()`) read dagster.yaml as it is.
- `cron_string_iterator`: the times a cron schedule fires, as the daemon reads them (schedule_ticks.py).
"""

from dagster._core.instance.ref import InstanceRef
from dagster._utils.schedules import cron_string_iterator

__all__ = ["InstanceRef", "cron_string_iterator"]
