"""Exercise 05's submissions: what a learner does in their own instance, the right way and each wrong way, done for
real with the course's tools (run_month_by_month, corrupt_month_file, the MonthsPanel)."""

from course_lib.display.widgets import MonthsPanel
from course_lib.fault_lab.faults import corrupt_month_file
from course_lib.in_process import database
from course_lib.in_process.month_by_month import month_range, run_month_by_month

OCTOBER_TO_DECEMBER = month_range("2023-10-01", "2023-12-01")
NOVEMBER = "2023-11-01"


def fill_the_range():
    """The notebook's cell before the exercise: the three months loaded with the full job."""
    run_month_by_month(OCTOBER_TO_DECEMBER, only_missing=True)


def break_and_reload(*months):
    """Steps 1 and 2: break the months' files, then load the range from the files on disk."""
    for month in months or (NOVEMBER,):
        corrupt_month_file(month)
    return run_month_by_month(OCTOBER_TO_DECEMBER, assets=["taxi_trips"])


def retry_with_the_panel(months, only_failed):
    """Step 3 by clicking: pick months in the panel, tick (or not) 'retry failed only', click Backfill."""
    panel = MonthsPanel()
    panel.picker.choose(months)
    panel.only_failed.value = only_failed
    panel.start_button.click()
    return panel.wait(120)


def correct():
    fill_the_range()
    break_and_reload()
    run_month_by_month(OCTOBER_TO_DECEMBER, only_failed=True)


def correct_naming_the_month():
    fill_the_range()
    break_and_reload()
    run_month_by_month([NOVEMBER])


def correct_with_the_panel():
    fill_the_range()
    break_and_reload()
    retry_with_the_panel(OCTOBER_TO_DECEMBER, only_failed=True)


def untouched():
    """The placeholder: only the notebook's own cells ran."""
    fill_the_range()


def broke_then_ran_the_full_job():
    """The full job fetches a good file first: nothing fails, so there is no failure to retry."""
    fill_the_range()
    corrupt_month_file(NOVEMBER)
    run_month_by_month(OCTOBER_TO_DECEMBER)


def broke_two_months():
    fill_the_range()
    break_and_reload("2023-10-01", NOVEMBER)
    run_month_by_month(OCTOBER_TO_DECEMBER, only_failed=True)


def no_retry():
    fill_the_range()
    break_and_reload()


def retried_from_the_broken_file():
    """The retry loads taxi_trips alone again, from the same broken file: it fails again."""
    fill_the_range()
    break_and_reload()
    run_month_by_month(OCTOBER_TO_DECEMBER, only_failed=True, assets=["taxi_trips"])


def reran_the_whole_range():
    fill_the_range()
    break_and_reload()
    run_month_by_month(OCTOBER_TO_DECEMBER)


def reran_the_whole_range_with_the_panel():
    fill_the_range()
    break_and_reload()
    retry_with_the_panel(OCTOBER_TO_DECEMBER, only_failed=False)


def deleted_a_month_by_hand():
    """Solved, then December's rows removed by hand (say, while tidying up): the range is no longer whole."""
    correct()
    with database.connect() as conn:
        conn.execute("DELETE FROM trips WHERE partition_date = ?", ["2023-12"])


SUBMISSIONS = {
    name: function
    for name, function in dict(globals()).items()
    if callable(function)
    and getattr(function, "__module__", "") == __name__
    and name not in {"fill_the_range", "break_and_reload", "retry_with_the_panel"}
}
