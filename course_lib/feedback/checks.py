"""The checks of exercises 01, 02 and 04, still in one module (the others are in feedback/exercises/)."""

import dagster as dg

from course_lib.defs.partitions import monthly_partition
from course_lib.feedback.result import CheckResult, Criterion


def _result(exercise: str, *criteria: Criterion) -> CheckResult:
    return CheckResult(exercise, tuple(criteria))


def _not_solved(exercise: str, message: str) -> CheckResult:
    return CheckResult(exercise, not_solved=message)


# ---------------------------------------------------------------- 01: define the partitions


def check_monthly_partition(partitions_def) -> CheckResult:
    """Is `partitions_def` a monthly partition covering exactly the twelve months of 2023?"""
    name = "check_monthly_partition"
    if partitions_def is None:
        return _not_solved(name, "Not solved yet: replace None with a dg.MonthlyPartitionsDefinition(...).")
    if not isinstance(partitions_def, dg.TimeWindowPartitionsDefinition):
        return _result(
            name,
            Criterion(
                "It is a time-window partitions definition",
                False,
                f"got {type(partitions_def).__name__}: use dg.MonthlyPartitionsDefinition.",
            ),
        )
    keys = partitions_def.get_partition_keys()
    wanted = monthly_partition.get_partition_keys()
    monthly = partitions_def.cron_schedule == monthly_partition.cron_schedule
    first_ok = bool(keys) and keys[0] == wanted[0]
    last_ok = bool(keys) and keys[-1] == wanted[-1]
    last_advice = "there are no partitions at all: check start_date and end_date"
    if keys and keys[-1] < wanted[-1]:
        last_advice = (
            f"the last key is {keys[-1]}: end_date is exclusive, so end_date='2024-01-01' "
            "is what includes December 2023"
        )
    elif keys:
        last_advice = f"the last key is {keys[-1]}: set end_date='2024-01-01' so the partitions stop after 2023"
    return _result(
        name,
        Criterion(
            "Partitions are monthly",
            monthly,
            f"its schedule is '{partitions_def.cron_schedule}': use dg.MonthlyPartitionsDefinition",
        ),
        Criterion(
            "The first key is 2023-01-01",
            first_ok,
            f"the first key is {keys[0] if keys else 'missing'}: set start_date='2023-01-01'",
        ),
        Criterion("The last key is 2023-12-01", last_ok, last_advice),
        Criterion("There are exactly 12 keys", keys == wanted, f"there are {len(keys)}"),
    )


# ---------------------------------------------------------------- 02: the partition key


def check_month_to_fetch(function) -> CheckResult:
    """Does `function(partition_key)` turn '2023-03-01' into '2023-03', for every month?"""
    name = "check_month_to_fetch"
    from course_lib.errors import NotSolvedYet

    criteria = []
    for key in ["2023-03-01", "2023-01-01", "2023-12-01"]:
        try:
            got = function(key)
        except NotSolvedYet as error:
            return _not_solved(name, str(error))
        except Exception as error:  # a learner's bug, reported as a sentence
            got = f"an error: {type(error).__name__}: {error}"
        advice = f"got {got!r}; slice off the day: partition_key[:-3]"
        criteria.append(Criterion(f"{key!r} gives {key[:-3]!r}", got == key[:-3], advice))
    return _result(name, *criteria)
