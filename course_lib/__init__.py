"""The Dagster partitions and backfills course: its pipeline, taxi data, checks and widgets."""
