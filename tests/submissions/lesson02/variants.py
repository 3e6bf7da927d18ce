"""Exercise 02's submissions: correct.py, the placeholder the learner starts from ("unsolved"), and each named
mistake made to correct.py, so a test can say which criteria it must fail."""

import types
from pathlib import Path

from submissions.variant import as_module, with_changes

SOURCE = (Path(__file__).parent / "correct.py").read_text()
DECORATOR = "@dg.asset(partitions_def=monthly_partition)"
SIGNATURE = "def my_taxi_trips_file(context: dg.AssetExecutionContext)"
MONTH = "month_to_fetch = context.partition_key[:-3]"
RETURN = '    return dg.MaterializeResult(metadata={"row_count": row_count(path)})\n'
HARD_CODED = 'month_to_fetch = "2023-03"  # fixed by hand: change it every month'

# name -> the (old, new) replacements that make the mistake
MISTAKES = {
    # the notebook's placeholder: the lesson's asset before partitions
    "unsolved": [(DECORATOR, "@dg.asset"), (SIGNATURE, "def my_taxi_trips_file()"), (MONTH, HARD_CODED)],
    # step 1 left out
    "not_partitioned": [(DECORATOR, "@dg.asset")],
    "weekly_partitions": [
        (DECORATOR, "@dg.asset(partitions_def=weekly_partition)"),
        ("import monthly_partition", "import weekly_partition"),
    ],
    # step 2 left out or done so that Dagster does not see it
    "no_context": [(SIGNATURE, "def my_taxi_trips_file()"), (MONTH, HARD_CODED)],
    "uses_context_without_the_parameter": [(SIGNATURE, "def my_taxi_trips_file()")],
    "context_named_ctx": [
        (SIGNATURE, "def my_taxi_trips_file(ctx: dg.AssetExecutionContext)"),
        (MONTH, "month_to_fetch = ctx.partition_key[:-3]"),
    ],
    # step 3 left out or wrong
    "hard_coded_month": [(MONTH, HARD_CODED)],
    "whole_key_as_month": [(MONTH, "month_to_fetch = context.partition_key")],
    "parses_the_key_as_a_month": [
        (MONTH, 'month_to_fetch = datetime.strptime(context.partition_key, "%Y-%m").strftime("%Y-%m")'),
        ("import dagster as dg", "from datetime import datetime\n\nimport dagster as dg"),
    ],
}

# Other right answers: the month from the partition's time window, and the blog's own code (its requests.get and
# file writing replaced by the course's fetch_trips_file, which writes the same file).
RIGHT = {
    "time_window": [(MONTH, 'month_to_fetch = context.partition_time_window.start.strftime("%Y-%m")')],
    "blog": [
        ("import dagster as dg", "import dagster as dg\nfrom dagster import AssetExecutionContext, asset"),
        (DECORATOR, "@asset(partitions_def=monthly_partition)"),
        (SIGNATURE + " -> dg.MaterializeResult", "def my_taxi_trips_file(context: AssetExecutionContext) -> None"),
        (RETURN, ""),
        ("path = fetch_trips_file(month_to_fetch)", "fetch_trips_file(month_to_fetch)"),
    ],
}


def source(name: str) -> str:
    """The source of submission `name`: correct.py with that mistake (or other right answer) made."""
    return with_changes(SOURCE, {**MISTAKES, **RIGHT}.get(name, []), name)


def load(name: str) -> types.ModuleType:
    """The submission `name` as a module."""
    return as_module(source(name), name)
