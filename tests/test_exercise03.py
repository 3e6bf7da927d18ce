"""Exercise 03 (taxi_trips): the right answer and the blog's solve it; each wrong one fails exactly its criteria."""

import os

import pytest
from conftest import giveaways_in
from submissions.lesson03.variants import BLOG_MISTAKES, MISTAKES, load

from course_lib.feedback import progress
from course_lib.feedback.exercises.lesson03 import EXERCISE, check_taxi_trips

GRADED = [
    "taxi_trips is partitioned by month",
    "Partition 2023-03-01 runs",
    "Table trips has the lesson's columns",
    "partition_date holds the month ('2023-03')",
    "Every row of the month's file is loaded",
    "Each partition loads its own month",
    "Running the same partition twice leaves its count unchanged",
    "Another month's rows survive a re-run",
]
ADVICE = ["A failed reload keeps the month whole", "Works with any file path (bound parameters)"]

# submission -> the criteria it must fail (all others must pass)
EXPECTED_FAILURES = {
    "appends_without_delete": {"Running the same partition twice leaves its count unchanged"},
    "deletes_every_month": {"Another month's rows survive a re-run"},
    "full_date_partition": {"partition_date holds the month ('2023-03')"},
    "hard_coded_month": {"Each partition loads its own month"},
    "no_transaction": {"A failed reload keeps the month whole"},
    "fstring_sql": {"Works with any file path (bound parameters)"},
    "swallows_errors": {"A failed reload keeps the month whole"},
}


def failing(result) -> set[str]:
    return {c.description for c in result.criteria if c.checked and not c.passed}


def test_the_right_answer_solves_it_with_no_advice_left(course_env):
    result = check_taxi_trips(load("correct").taxi_trips)
    assert result.passed and failing(result) == set(), repr(result)
    assert [c.description for c in result.graded] == GRADED and [c.description for c in result.advice] == ADVICE
    assert "Why it works" in repr(result) and "The course's own version" in repr(result)


def test_the_blogs_answer_solves_it_and_gets_the_two_hardening_points_as_advice(course_env):
    result = check_taxi_trips(load("blog").taxi_trips)
    assert result.passed, repr(result)
    assert failing(result) == set(ADVICE)
    text = repr(result)
    assert "Beyond the lesson (advice, not graded):" in text and "one transaction" in text
    assert "one statement per execute call" in text  # what the blog's one text would break on once bound


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_each_wrong_answer_fails_exactly_its_criteria(course_env, name):
    result = check_taxi_trips(load(name).taxi_trips)
    assert [c.description for c in result.criteria] == GRADED + ADVICE
    assert failing(result) == EXPECTED_FAILURES[name], repr(result)
    # Hardening beyond the lesson is advice: missing it never fails the exercise.
    assert result.passed == (EXPECTED_FAILURES[name] <= set(ADVICE))
    if not result.passed:  # a wrong attempt's message gives nothing away
        assert giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []


def test_no_partition_date_says_to_add_the_column(course_env):
    result = check_taxi_trips(load("no_partition_date").taxi_trips)
    assert failing(result) == {"Table trips has the lesson's columns", "partition_date holds the month ('2023-03')"}
    assert "add a partition_date column" in repr(result)


@pytest.mark.parametrize(
    "name, says",
    [
        ("select_star", "The file has 19 columns, in another order than the table's 11"),
        ("blog_bound_in_one_text", "call conn.execute once per statement"),
        ("executes_on_the_resource", "open one with `with database.get_connection() as conn:`"),
    ],
)
def test_the_errors_learners_sql_meets_most_get_advice(course_env, name, says):
    result = check_taxi_trips(load(name).taxi_trips)
    assert failing(result) == {"Partition 2023-03-01 runs"} and says in repr(result), repr(result)
    assert "1 of 8 criteria met (6 not checked yet: they wait for the ones above)" in repr(result)
    assert "  · Table trips has the lesson's columns\n" in repr(result)


def test_an_unsolved_placeholder_says_not_solved_yet_and_where_the_hints_are(course_env):
    result = check_taxi_trips(load("unsolved").taxi_trips)
    assert not result.passed and giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []
    assert repr(result) == (
        "Exercise 03: taxi_trips, a month into DuckDB: not solved yet: write the body of "
        f"taxi_trips.\nStuck? Run hint() for a nudge ({len(EXERCISE.hints)} hints, one at a time)."
    )


def test_every_mistake_is_tested():
    tested = set(EXPECTED_FAILURES) | {
        "no_partition_date",
        "unsolved",
        "select_star",
        "blog_bound_in_one_text",
        "executes_on_the_resource",
    }
    assert set(MISTAKES) | set(BLOG_MISTAKES) == tested


def test_each_check_and_hint_is_recorded_in_the_progress_file(course_env):
    check_taxi_trips(load("appends_without_delete").taxi_trips)
    assert "1 of 3" in repr(EXERCISE.hint()) and "2 of 3" in repr(EXERCISE.hint())
    check_taxi_trips(load("correct").taxi_trips)
    seen = [(e["event"], e.get("solved", e.get("number"))) for e in progress.events()]
    assert seen == [("check", False), ("hint", 1), ("hint", 2), ("check", True)]
    table = progress.progress_table()
    assert table.loc["03_exercise_taxi_trips", "solved"] == "solved"
    assert table.loc["03_exercise_taxi_trips", "hints used"] == 2


def test_checks_leave_the_learners_data_alone(course_env):
    before = {k: os.environ.get(k) for k in ("COURSE_DATA_DIR", "DUCKDB_DATABASE")}
    check_taxi_trips(load("correct").taxi_trips)
    assert [p.name for p in course_env.iterdir()] == ["progress.jsonl"]  # only the check's record
    assert {k: os.environ.get(k) for k in before} == before
