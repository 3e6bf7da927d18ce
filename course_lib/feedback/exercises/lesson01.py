"""Exercise 01: a daily partitions definition for March 2023, the lesson's end-exclusive dates applied to
another grain and range than the monthly one the lesson shows.

Graded (each named in the notebook's task): one partition per day, the first key is 2023-03-01, March 31 is
in a partition (end_date is exclusive), no partition after March. Together: the 31 days of March.
"""

from datetime import date

import dagster as dg

from course_lib.feedback.exercise import Exercise
from course_lib.feedback.result import CheckResult, Criterion

DAILY = "One partition per day (each key's time window is one day)"
FIRST_KEY = "The first key is 2023-03-01"
LAST_DAY_IN = "March 31 is in a partition (end_date is exclusive)"
NONE_AFTER = "No partition after March"

EXERCISE = Exercise(
    key="01",
    title="a partition per day of March 2023",
    hints=(
        "dg.DailyPartitionsDefinition takes start_date and end_date, like the monthly definition above. Print "
        "my_daily_partition.get_partition_keys() to see the keys you made: the first and the last are what count.",
        "Look at the monthly definition again: its last key is 2023-12-01, yet its end_date is in 2024. end_date "
        "is where the last time window ends, never a key itself.",
        "end_date is the first day NOT included. Name the day right after the last day you want.",
    ),
    criteria=(DAILY, FIRST_KEY, LAST_DAY_IN, NONE_AFTER),
    giveaways=(
        'DailyPartitionsDefinition(start_date="2023-03-01", end_date="2023-04-01")',
        "DailyPartitionsDefinition(start_date='2023-03-01', end_date='2023-04-01')",
        'end_date="2023-04-01"',
        "end_date='2023-04-01'",
    ),
)
hint = EXERCISE.hint

FIRST_DAY, LAST_DAY, FIRST_AFTER = date(2023, 3, 1), date(2023, 3, 31), date(2023, 4, 1)

WHY = (
    "Why it works: a time partition's window runs from its start up to, not including, the next one, and "
    "end_date is where the last window ends. So end_date is the first day NOT included: to keep March 31, the "
    "partitions end where April begins. The most common wrong answer, end_date on March 31, stops at March 30."
)

COURSE_VERSION = (
    "# The same pattern as the course's monthly_partition (course_lib/defs/partitions.py), one day per key:\n"
    'my_daily_partition = dg.DailyPartitionsDefinition(start_date="2023-03-01", end_date="2023-04-01")\n'
    "len(my_daily_partition.get_partition_keys())  # 31"
)


def _grain(window: dg.TimeWindow) -> str:
    """How long a time window is, in words: '1 day', '7 days', '1 hour'."""
    days = (window.end.date() - window.start.date()).days
    if days:
        return f"{days} day{'s' if days > 1 else ''}"
    hours = round((window.end - window.start).total_seconds() / 3600)
    return f"{hours} hour{'s' if hours != 1 else ''}"


@EXERCISE.check
def check_daily_partition(partitions_def) -> CheckResult:
    """Judge `partitions_def` by its real keys and time windows: one partition per day of March 2023?"""
    if partitions_def is None:
        return EXERCISE.result(
            not_solved="my_daily_partition is still None: replace None with a dg.DailyPartitionsDefinition(...)."
        )
    if isinstance(partitions_def, type):
        return EXERCISE.result(
            not_solved=f"got the class {partitions_def.__name__} itself: call it with its start_date and end_date."
        )
    if not isinstance(partitions_def, dg.PartitionsDefinition):
        return EXERCISE.result(
            not_solved=f"got {type(partitions_def).__name__}: my_daily_partition must be a partitions definition, "
            "a dg.DailyPartitionsDefinition(...)."
        )
    if not isinstance(partitions_def, dg.TimeWindowPartitionsDefinition):
        return EXERCISE.result(
            Criterion(
                DAILY,
                False,
                f"a {type(partitions_def).__name__} is a list of names with no time windows: use "
                "dg.DailyPartitionsDefinition, whose keys are days",
            )
        )
    keys = partitions_def.get_partition_keys()
    if not keys:
        none = "no key to look at"
        return EXERCISE.result(
            Criterion(DAILY, False, "there are no partitions at all: start_date must come before end_date"),
            Criterion(FIRST_KEY, False, none),
            Criterion(LAST_DAY_IN, False, none),
            Criterion(NONE_AFTER, False, none),
        )
    windows = [partitions_def.time_window_for_partition_key(key) for key in keys[:62]]
    first, last = windows[0], partitions_def.time_window_for_partition_key(keys[-1])
    one_day = all(_grain(window) == "1 day" for window in [*windows, last])
    odd = next((window for window in [*windows, last] if _grain(window) != "1 day"), first)
    covers_last_day = first.start.date() <= LAST_DAY < last.end.date()
    if last.end.date() <= LAST_DAY and not one_day:
        last_day_advice = f"the last partition, {keys[-1]}, ends on {last.end:%Y-%m-%d}, before March 31"
    elif last.end.date() <= LAST_DAY:
        last_day_advice = (
            f"the last key is {keys[-1]}: end_date is the first day NOT included, so the partitions stop the day "
            "before it. Which end_date makes March 31 the last key?"
        )
    else:
        last_day_advice = f"the first key, {keys[0]}, starts after March 31: start the partitions on March 1"
    if partitions_def.end is None:
        after_advice = (
            f"there is no end_date, so a key is added every day: today there are {len(keys):,}, up to {keys[-1]}. "
            "Give end_date so that the partitions stop after March 31."
        )
    else:
        after_advice = (
            f"the last key is {keys[-1]}: end_date is the first day NOT included, so it must be the day right "
            "after the last one you want"
        )
    return EXERCISE.result(
        Criterion(
            DAILY,
            one_day,
            f"the key {odd.start:%Y-%m-%d} has a window of {_grain(odd)}: use dg.DailyPartitionsDefinition, "
            "whose windows are one day each",
        ),
        Criterion(
            FIRST_KEY,
            keys[0] == "2023-03-01",
            f"the first key is {keys[0]}: start_date is the first day included, so start on March 1 (keys are "
            "dates written YYYY-MM-DD)",
        ),
        Criterion(LAST_DAY_IN, covers_last_day, last_day_advice),
        Criterion(NONE_AFTER, last.end.date() <= FIRST_AFTER, after_advice),
        solved_note=WHY,
        solved_code=COURSE_VERSION,
    )
