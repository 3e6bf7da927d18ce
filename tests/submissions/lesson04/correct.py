import dagster as dg

my_trip_update_job = dg.define_asset_job(
    name="my_trip_update_job",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets("trips_by_week", "taxi_trips_single_run"),
)

my_schedule = dg.build_schedule_from_partitioned_job(
    my_trip_update_job, name="my_schedule", day_of_month=5, hour_of_day=0
)
