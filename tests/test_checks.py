"""Do the exercise checks pass a right answer and fail each wrong one on exactly the right criteria?"""

import pytest
from submissions.variants import MISTAKES, load

from course_lib.feedback import checks

ALL = [
    "taxi_trips is partitioned by month",
    "Partition 2023-03-01 runs",
    "Table trips has the lesson's columns",
    "partition_date holds the month ('2023-03')",
    "Row count equals the source file's",
    "Each partition loads its own month",
    "Running the same partition twice leaves its count unchanged",
    "Another month's rows survive a re-run",
    "A failed reload keeps the month whole",
    "Works with any file path (bound parameters)",
]

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
    return {c.description for c in result.criteria if not c.passed}


def test_the_right_answer_passes_every_criterion(course_env):
    result = checks.check_taxi_trips(load("correct").taxi_trips)
    assert result.passed, repr(result)
    assert [c.description for c in result.criteria] == ALL


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_each_wrong_answer_fails_exactly_its_criteria(course_env, name):
    result = checks.check_taxi_trips(load(name).taxi_trips)
    assert not result.passed
    assert [c.description for c in result.criteria] == ALL
    assert failing(result) == EXPECTED_FAILURES[name], repr(result)


def test_no_partition_date_says_to_add_the_column(course_env):
    result = checks.check_taxi_trips(load("no_partition_date").taxi_trips)
    assert failing(result) == {"Table trips has the lesson's columns", "partition_date holds the month ('2023-03')"}
    assert "add a partition_date column" in repr(result)


def test_advice_is_a_sentence_that_says_what_to_fix(course_env):
    text = repr(checks.check_taxi_trips(load("appends_without_delete").taxi_trips))
    assert "DELETE FROM trips WHERE partition_date = ?" in text
    text = repr(checks.check_taxi_trips(load("no_transaction").taxi_trips))
    assert "one transaction" in text


def test_an_unsolved_placeholder_says_not_solved_yet(course_env):
    result = checks.check_taxi_trips(load("unsolved").taxi_trips)
    assert not result.passed
    assert (
        repr(result)
        == "check_taxi_trips: 0 of 1 passed\n  ✗ The exercise is solved: Not solved yet: write the body of taxi_trips."
    )


def test_every_mistake_is_tested():
    assert set(MISTAKES) == set(EXPECTED_FAILURES) | {"no_partition_date", "unsolved"}


def test_checks_leave_the_learners_data_alone(course_env):
    import os

    before = dict(os.environ)
    checks.check_taxi_trips(load("correct").taxi_trips)
    assert not course_env.exists()
    assert {k: os.environ.get(k) for k in ("COURSE_DATA_DIR", "DUCKDB_DATABASE")} == {
        k: before.get(k) for k in ("COURSE_DATA_DIR", "DUCKDB_DATABASE")
    }
