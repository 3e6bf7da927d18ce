"""Exercise 05 (break a month, load a range, retry only the failed month): each submission is done for real in the
test's own instance and DuckDB file, then checked; the right ways solve it, each wrong one fails exactly its
criteria."""

import pytest
from conftest import giveaways_in
from submissions.lesson05 import variants

from course_lib.feedback import progress
from course_lib.feedback.exercises.lesson05 import EXERCISE, ONE_FAILED, ONLY_FAILED, RETRIED, ROWS, check_retry

GRADED = [ONE_FAILED, RETRIED, ONLY_FAILED, ROWS]

# submission -> the criteria it must fail (all others must pass)
EXPECTED_FAILURES = {
    "broke_two_months": {ONE_FAILED},
    "no_retry": {RETRIED},
    "retried_from_the_broken_file": {RETRIED},
    "reran_the_whole_range": {ONLY_FAILED},
    "reran_the_whole_range_with_the_panel": {ONLY_FAILED},
    "deleted_a_month_by_hand": {ROWS},
}
SOLVED = ["correct", "correct_naming_the_month", "correct_with_the_panel"]
NOT_SOLVED = ["untouched", "broke_then_ran_the_full_job"]


def failing(result) -> set[str]:
    return {c.description for c in result.criteria if c.checked and not c.passed}


@pytest.mark.parametrize("name", SOLVED)
def test_retrying_only_the_failed_month_solves_it(course_env, name):
    variants.SUBMISSIONS[name]()
    result = check_retry()
    assert result.passed and failing(result) == set(), repr(result)
    assert [c.description for c in result.criteria] == GRADED
    assert "Why it works" in repr(result) and "only_failed=True" in result.solved_code


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_each_wrong_way_fails_exactly_its_criteria_and_gives_nothing_away(course_env, name):
    variants.SUBMISSIONS[name]()
    result = check_retry()
    assert [c.description for c in result.criteria] == GRADED
    assert failing(result) == EXPECTED_FAILURES[name], repr(result)
    assert not result.passed and giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []


@pytest.mark.parametrize("name", NOT_SOLVED)
def test_without_a_failed_load_it_is_not_solved_yet_and_says_how_to_make_one(course_env, name):
    variants.SUBMISSIONS[name]()
    result = check_retry()
    assert repr(result).startswith(f"{EXERCISE.name}: not solved yet: no load of three or more months"), repr(result)
    assert 'assets=["taxi_trips"]' in repr(result)  # why loading with the full job fails nothing
    assert giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []


def test_the_messages_say_what_to_do(course_env):
    variants.reran_the_whole_range()
    text = repr(check_retry())
    assert "2023-10 and 2023-12 ran again too, though they had loaded fine" in text
    assert "the point of partitions is that a retry is exactly the month that failed" in text


def test_a_retry_from_the_broken_file_is_told_to_run_the_full_job(course_env):
    variants.retried_from_the_broken_file()
    text = repr(check_retry())
    assert "2023-11-01 ran again but failed again" in text and "is damaged" in text
    assert "retry with the full job" in text


def test_the_latest_attempt_is_judged(course_env):
    variants.reran_the_whole_range()
    assert not check_retry().passed
    variants.break_and_reload()  # a second try: break November again, reload, then retry only it
    variants.run_month_by_month([variants.NOVEMBER])
    assert check_retry().passed


def test_every_submission_is_tested():
    assert set(variants.SUBMISSIONS) == set(EXPECTED_FAILURES) | set(SOLVED) | set(NOT_SOLVED)


def test_hints_are_nudges_with_nothing_given_away():
    assert len(EXERCISE.hints) == 3
    assert all(giveaways_in(text, EXERCISE) == [] for text in EXERCISE.hints)


def test_each_check_is_recorded_in_the_progress_file(course_env):
    variants.no_retry()
    check_retry()
    variants.run_month_by_month([variants.NOVEMBER])
    check_retry()
    assert [(e["event"], e["solved"]) for e in progress.events()] == [("check", False), ("check", True)]
