"""The lesson's jobs: monthly trip loading, and the weekly metric."""

import dagster as dg

trips_by_week = dg.AssetSelection.assets("trips_by_week")

# Everything but trips_by_week. The lesson also passes partitions_def=monthly_partition here;
# Dagster 1.13 deprecates that and infers the monthly partitions from the selected assets.
trip_update_job = dg.define_asset_job(name="trip_update_job", selection=dg.AssetSelection.all() - trips_by_week)

weekly_update_job = dg.define_asset_job(name="weekly_update_job", selection=trips_by_week)
