import dagster as dg

my_daily_partition = dg.DailyPartitionsDefinition(start_date="2023-03-01", end_date="2023-04-01")
