"""The lesson's jobs: monthly trip loading and the weekly metric; and many months of trips in one run."""

import dagster as dg

trips_by_week = dg.AssetSelection.assets("trips_by_week")
taxi_trips_single_run = dg.AssetSelection.assets("taxi_trips_single_run")

# Everything but trips_by_week (and taxi_trips_single_run, which loads the same table a range at a time).
# The lesson also passes partitions_def=monthly_partition here;
# Dagster 1.13 deprecates that and infers the monthly partitions from the selected assets.
trip_update_job = dg.define_asset_job(
    name="trip_update_job", selection=dg.AssetSelection.all() - trips_by_week - taxi_trips_single_run
)

weekly_update_job = dg.define_asset_job(name="weekly_update_job", selection=trips_by_week)

# A range of months in one run, started with the range tags: see course_lib.in_process.runs.run_partition_range.
trips_single_run_job = dg.define_asset_job(name="trips_single_run_job", selection=taxi_trips_single_run)
