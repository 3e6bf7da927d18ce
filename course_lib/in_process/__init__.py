"""The course running Dagster in the notebook's own process: runs recorded in the persistent instance, partition
status, the DuckDB file read from a notebook, and schedule ticks evaluated without a daemon."""
