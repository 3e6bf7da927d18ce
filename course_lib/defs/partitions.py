"""The lesson's partitions: the months (and weeks) of 2023, and a key checker with helpful errors."""

import re
from datetime import date, datetime, timedelta

import dagster as dg

from course_lib.errors import InvalidPartitionKey

START_DATE = "2023-01-01"
END_DATE = "2024-01-01"  # exclusive: the last month is 2023-12

monthly_partition = dg.MonthlyPartitionsDefinition(start_date=START_DATE, end_date=END_DATE)

# Dagster's weeks start on Sunday: 2023-01-01 was a Sunday, so the first week starts that day.
weekly_partition = dg.WeeklyPartitionsDefinition(start_date=START_DATE, end_date=END_DATE)


def check_partition_key(key: object, partitions_def: dg.TimeWindowPartitionsDefinition = monthly_partition) -> str:
    """Return `key` if `partitions_def` has it; otherwise raise InvalidPartitionKey saying what to use."""
    keys = partitions_def.get_partition_keys()
    if isinstance(key, str) and key in keys:
        return key
    grain = "week" if partitions_def is weekly_partition else "month"
    valid = f"use a key from '{keys[0]}' to '{keys[-1]}'"
    if not isinstance(key, str):
        raise InvalidPartitionKey(
            f"A partition key is a string like '{keys[2]}', not {type(key).__name__} {key!r}: {valid}."
        )
    if re.fullmatch(r"\d{4}-\d{2}", key):
        raise InvalidPartitionKey(
            f"'{key}' has no day: partition keys are full dates (YYYY-MM-DD), so write '{key}-01'; {valid}."
        )
    try:
        day = date.fromisoformat(key) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", key) else None
    except ValueError:
        day = None
    if day is None:
        raise InvalidPartitionKey(f"'{key}' is not a date in the form YYYY-MM-DD, like '{keys[2]}': {valid}.")
    if keys[0] <= key <= keys[-1]:
        first_day = "the first day of a month" if grain == "month" else "a Sunday (Dagster's weeks start on Sunday)"
        raise InvalidPartitionKey(f"'{key}' does not start a {grain}: each key is {first_day}; {valid}.")
    raise InvalidPartitionKey(f"'{key}' is outside the course's {len(keys)} {grain}s: {valid}.")


def month_of(partition_key: str) -> str:
    """The month a monthly partition key stands for: '2023-03-01' -> '2023-03'."""
    return check_partition_key(partition_key)[:-3]


def months_of_week(week_start: datetime, week_end: datetime) -> list[str]:
    """The months ('YYYY-MM') a week [start, end) touches: one, or two when it spans a month's end."""
    return sorted({week_start.strftime("%Y-%m"), (week_end - timedelta(days=1)).strftime("%Y-%m")})
