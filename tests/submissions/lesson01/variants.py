"""Exercise 01's submissions: correct.py, the notebook's placeholder ("unsolved"), and each named mistake made to
correct.py, so a test can say which criteria it must fail."""

import types
from pathlib import Path

from submissions.variant import as_module, with_changes

SOURCE = (Path(__file__).parent / "correct.py").read_text()
CALL = 'dg.DailyPartitionsDefinition(start_date="2023-03-01", end_date="2023-04-01")'
MARCH_DAYS = [f"2023-03-{day:02d}" for day in range(1, 32)]

# name -> the (old, new) replacements that make the mistake
MISTAKES = {
    "unsolved": [(CALL, "None  # YOUR CODE HERE: dg.DailyPartitionsDefinition(...)")],
    # the grain
    "monthly": [("DailyPartitionsDefinition", "MonthlyPartitionsDefinition")],
    "hourly": [
        (CALL, 'dg.HourlyPartitionsDefinition(start_date="2023-03-01-00:00", end_date="2023-04-01-00:00")')
    ],
    "static_list_of_days": [(CALL, f"dg.StaticPartitionsDefinition({MARCH_DAYS!r})")],
    # the start
    "starts_on_the_second": [('start_date="2023-03-01"', 'start_date="2023-03-02"')],
    # the end: end_date read as included, left out, or a day late
    "end_date_on_the_last_day": [('end_date="2023-04-01"', 'end_date="2023-03-31"')],
    "no_end_date": [(', end_date="2023-04-01"', "")],
    "end_date_a_day_late": [('end_date="2023-04-01"', 'end_date="2023-04-02"')],
}


def source(name: str) -> str:
    """The source of submission `name`: correct.py with that mistake made."""
    return with_changes(SOURCE, MISTAKES.get(name, []), name)


def load(name: str) -> types.ModuleType:
    """The submission `name` as a module."""
    return as_module(source(name), name)
