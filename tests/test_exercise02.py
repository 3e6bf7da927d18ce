"""Exercise 02 (partition my_taxi_trips_file): the right answers solve it; each wrong one fails exactly its
criteria, judged on the files two real runs wrote in a sandbox; nothing said gives the answer away."""

import os

import nbformat
import pytest
from conftest import giveaways_in
from submissions.lesson02.variants import MISTAKES, RIGHT, load, source

from course_lib import taxi_data
from course_lib.authoring import learner_copies
from course_lib.errors import InvalidMonth
from course_lib.feedback.exercises.lesson02 import EXERCISE, check_taxi_trips_file

PARTITIONED = "my_taxi_trips_file is partitioned by the course's months"
CONTEXT = "It takes the run's context, and its runs succeed"
OWN_MONTH = "Partitions 2023-01-01 and 2023-05-01 each write their own month's file"
GRADED = [PARTITIONED, CONTEXT, OWN_MONTH]

# submission -> the criteria it must fail, and the criteria it is judged on (a failed step ends the check)
EXPECTED_FAILURES = {
    "not_partitioned": ({PARTITIONED}, [PARTITIONED]),
    "weekly_partitions": ({PARTITIONED}, [PARTITIONED]),
    "no_context": ({CONTEXT, OWN_MONTH}, GRADED),
    "uses_context_without_the_parameter": ({CONTEXT}, [PARTITIONED, CONTEXT]),
    "context_named_ctx": ({CONTEXT}, [PARTITIONED, CONTEXT]),
    "parses_the_key_as_a_month": ({CONTEXT}, [PARTITIONED, CONTEXT]),
    "whole_key_as_month": ({CONTEXT}, [PARTITIONED, CONTEXT]),
    "hard_coded_month": ({OWN_MONTH}, GRADED),
}


def failing(result) -> set[str]:
    return {c.description for c in result.criteria if c.checked and not c.passed}


@pytest.mark.parametrize("name", ["correct", *sorted(RIGHT)])
def test_the_right_answers_solve_it(course_env, name):
    result = check_taxi_trips_file(load(name).my_taxi_trips_file)
    assert result.passed and failing(result) == set(), repr(result)
    assert [c.description for c in result.graded] == GRADED and result.advice == ()
    assert "Why it works" in repr(result) and "def taxi_trips_file(context" in repr(result)


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_each_wrong_answer_fails_exactly_its_criteria(course_env, name):
    fails, judged = EXPECTED_FAILURES[name]
    result = check_taxi_trips_file(load(name).my_taxi_trips_file)
    assert not result.passed and failing(result) == fails, repr(result)
    assert [c.description for c in result.criteria if c.checked] == judged
    assert [c.description for c in result.criteria] == GRADED, "the criteria not checked yet are listed too"
    assert giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []
    assert "Why it works" not in repr(result) and "def taxi_trips_file" not in repr(result)


@pytest.mark.parametrize(
    "name, says",
    [
        ("hard_coded_month", "wrote yellow_tripdata_2023-03.parquet: take the month from the run's partition key"),
        ("no_context", "has no context parameter, so nothing tells it which partition it runs"),
        ("context_named_ctx", "Dagster took the parameter 'ctx' for an upstream asset"),
        ("uses_context_without_the_parameter", "uses context without receiving it"),
        ("whole_key_as_month", "fetch_trips_file wants a month written YYYY-MM, like '2023-03', not '2023-01-01'"),
        ("parses_the_key_as_a_month", "(in that run, context.partition_key was '2023-01-01')"),
    ],
)
def test_each_mistake_is_told_what_to_do(course_env, name, says):
    assert says in repr(check_taxi_trips_file(load(name).my_taxi_trips_file))


def test_the_untouched_placeholder_says_not_solved_yet(course_env):
    result = check_taxi_trips_file(load("unsolved").my_taxi_trips_file)
    assert not result.passed and giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []
    assert repr(result) == (
        "Exercise 02: partition my_taxi_trips_file: not solved yet: my_taxi_trips_file is still the hard-coded "
        "asset: make the lesson's three changes, then run this check again.\nStuck? Run hint() for a nudge "
        f"({len(EXERCISE.hints)} hints, one at a time)."
    )


def test_a_plain_function_is_not_solved_yet(course_env):
    result = check_taxi_trips_file(load("correct").my_taxi_trips_file.op.compute_fn.decorated_fn)
    assert result.not_solved == "got function: keep the @dg.asset decorator on my_taxi_trips_file."


def test_the_notebooks_placeholder_is_the_unsolved_submission():
    notebook = nbformat.read(learner_copies.NOTEBOOKS / "02_partition_an_asset.ipynb", as_version=4)
    (cell,) = [cell for cell in notebook.cells if cell.id == "02-03"]
    assert cell.source.strip() in source("unsolved")


def test_the_check_leaves_the_learners_data_alone(course_env):
    before = {k: os.environ.get(k) for k in ("COURSE_DATA_DIR", "DUCKDB_DATABASE")}
    taxi_data.fetch_trips_file("2023-03")  # a learner's own March file does not count as the runs' output
    assert not check_taxi_trips_file(load("hard_coded_month").my_taxi_trips_file).passed
    assert check_taxi_trips_file(load("correct").my_taxi_trips_file).passed
    assert sorted(p.name for p in course_env.iterdir()) == ["progress.jsonl", "raw"]
    assert [p.name for p in (course_env / "raw").iterdir()] == ["yellow_tripdata_2023-03.parquet"]
    assert {k: os.environ.get(k) for k in before} == before


def test_fetch_trips_file_says_a_partition_key_is_not_a_month(course_env):
    with pytest.raises(InvalidMonth, match="wants a month written YYYY-MM"):
        taxi_data.fetch_trips_file("2023-03-01")
    assert not (course_env / "raw").exists()


def test_hints_are_two_or_three_nudges_that_give_nothing_away():
    assert 2 <= len(EXERCISE.hints) <= 3
    assert giveaways_in("\n".join(EXERCISE.hints), EXERCISE) == []


def test_every_mistake_is_tested():
    assert set(MISTAKES) == set(EXPECTED_FAILURES) | {"unsolved"}
