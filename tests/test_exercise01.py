"""Exercise 01 (a daily partition for March 2023): the right answer solves it; each wrong one fails exactly its
criteria, judged on the definition's real keys and time windows; nothing said gives the answer away."""

import nbformat
import pytest
from conftest import giveaways_in
from submissions.lesson01.variants import MISTAKES, load, source

from course_lib.authoring import learner_copies
from course_lib.feedback.exercises.lesson01 import EXERCISE, check_daily_partition

DAILY = "One partition per day (each key's time window is one day)"
FIRST = "The first key is 2023-03-01"
LAST_DAY = "March 31 is in a partition (end_date is exclusive)"
AFTER = "No partition after March"
GRADED = [DAILY, FIRST, LAST_DAY, AFTER]

# submission -> the criteria it must fail (all others listed must pass)
EXPECTED_FAILURES = {
    "monthly": {DAILY},
    "hourly": {DAILY, FIRST},
    "static_list_of_days": {DAILY},
    "starts_on_the_second": {FIRST},
    "end_date_on_the_last_day": {LAST_DAY},
    "no_end_date": {AFTER},
    "end_date_a_day_late": {AFTER},
}


def failing(result) -> set[str]:
    return {c.description for c in result.criteria if c.checked and not c.passed}


def test_the_right_answer_solves_it(course_env):
    result = check_daily_partition(load("correct").my_daily_partition)
    assert result.passed and failing(result) == set(), repr(result)
    assert [c.description for c in result.graded] == GRADED and result.advice == ()
    assert "Why it works" in repr(result) and "The course's own version" in repr(result)


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_each_wrong_answer_fails_exactly_its_criteria(course_env, name):
    result = check_daily_partition(load(name).my_daily_partition)
    assert not result.passed and failing(result) == EXPECTED_FAILURES[name], repr(result)
    assert [c.description for c in result.criteria] == GRADED  # those not checked yet are listed too
    assert giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []
    assert "Why it works" not in repr(result) and "own version" not in repr(result)


def test_end_date_on_the_last_day_is_told_that_end_date_is_not_included(course_env):
    text = repr(check_daily_partition(load("end_date_on_the_last_day").my_daily_partition))
    assert "the last key is 2023-03-30: end_date is the first day NOT included" in text


def test_no_end_date_is_told_the_days_keep_coming(course_env):
    text = repr(check_daily_partition(load("no_end_date").my_daily_partition))
    assert "there is no end_date, so a key is added every day" in text


def test_an_unsolved_placeholder_says_not_solved_yet(course_env):
    result = check_daily_partition(load("unsolved").my_daily_partition)
    assert not result.passed and giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []
    assert repr(result) == (
        "Exercise 01: a partition per day of March 2023: not solved yet: my_daily_partition is still None: replace "
        f"None with a dg.DailyPartitionsDefinition(...).\nStuck? Run hint() for a nudge ({len(EXERCISE.hints)} "
        "hints, one at a time)."
    )


@pytest.mark.parametrize("value", [__import__("dagster").DailyPartitionsDefinition, "2023-03-01", 31])
def test_something_else_than_a_definition_is_not_solved_yet_with_a_sentence(course_env, value):
    result = check_daily_partition(value)
    assert result.not_solved and not result.passed, repr(result)


def test_the_notebooks_placeholder_is_the_unsolved_submission():
    notebook = nbformat.read(learner_copies.NOTEBOOKS / "01_define_partitions.ipynb", as_version=4)
    (cell,) = [cell for cell in notebook.cells if cell.id == "01-11"]
    assert cell.source.strip() in source("unsolved")


def test_hints_are_two_or_three_nudges_that_give_nothing_away():
    assert 2 <= len(EXERCISE.hints) <= 3
    assert giveaways_in("\n".join(EXERCISE.hints), EXERCISE) == []


def test_every_mistake_is_tested():
    assert set(MISTAKES) == set(EXPECTED_FAILURES) | {"unsolved"}
