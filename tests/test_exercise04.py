"""Exercise 04 (the partitioned job and its schedule): the right answer solves it, the lesson's job passes with
advice while its plain schedule fails, and each wrong one fails exactly its criteria."""

import os

import pytest
from conftest import giveaways_in
from submissions.lesson04.variants import MISTAKES, load

from course_lib.defs import jobs as course_jobs
from course_lib.defs import schedules as course_schedules
from course_lib.feedback import progress
from course_lib.feedback.exercises.lesson04 import EXERCISE, check_trip_update_job, check_trip_update_schedule

JOB = [
    "my_trip_update_job selects every asset but trips_by_week",
    "It is partitioned by month (the 12 months of 2023)",
    "Its run of 2023-03-01 loads March's trips into DuckDB",
]
SELECTS, MONTHLY, RUNS = JOB
FIRES = "my_schedule fires at midnight on the 5th of each month"
TICKS = "Each tick runs the month that just ended (2023-03-05 runs 2023-02-01, 2023-12-05 runs 2023-11-01)"
GRADED = [*JOB, FIRES, TICKS]
NO_EXTRA, INFERRED = "It leaves out taxi_trips_single_run", "It takes its months from its assets (no partitions_def=)"
ADVICE = [NO_EXTRA, INFERRED]

# submission -> the criteria it must fail (all others must pass)
EXPECTED_FAILURES = {
    "selects_everything": {SELECTS, MONTHLY, RUNS, FIRES, TICKS, NO_EXTRA},  # no job, so no schedule either
    "misses_the_zones": {SELECTS},
    "raw_files_only": {SELECTS, RUNS},
    "weekly_partitions_def": {MONTHLY, RUNS, FIRES, TICKS, INFERRED},
    "plain_schedule": {TICKS},
    "fires_on_the_first": {FIRES},
    "runs_the_month_just_begun": {TICKS},
}


def failing(result) -> set[str]:
    return {c.description for c in result.criteria if c.checked and not c.passed}


def check(name: str):
    submission = load(name)
    return check_trip_update_schedule(submission.my_schedule, submission.my_trip_update_job)


def test_the_right_answer_solves_it_with_no_advice_left(course_env):
    result = check("correct")
    assert result.passed and failing(result) == set(), repr(result)
    assert [c.description for c in result.graded] == GRADED and [c.description for c in result.advice] == ADVICE
    assert "Why it works" in repr(result) and "The course's own version" in repr(result)
    assert "build_schedule_from_partitioned_job(" in result.solved_code  # the answer, once earned


def test_part_a_judges_the_job_alone(course_env):
    result = check_trip_update_job(load("correct").my_trip_update_job)
    assert result.passed and [c.description for c in result.graded] == JOB, repr(result)
    assert "part (a) done: on to part (b)" in repr(result)


def test_the_lessons_job_passes_with_advice_and_its_plain_schedule_fails_saying_why(course_env):
    result = check("blog")
    assert failing(result) == {TICKS, NO_EXTRA, INFERRED}, repr(result)
    text = repr(result)
    assert "its ticks send no partition key" in text and "build a schedule from a partitioned job" in text
    assert "Dagster 1.13 deprecates it" in text and "taxi_trips_single_run" in text
    assert giveaways_in(text + result._repr_html_(), EXERCISE) == []
    part_a = check_trip_update_job(load("blog").my_trip_update_job)
    assert part_a.passed and failing(part_a) == {NO_EXTRA, INFERRED}, repr(part_a)


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_each_wrong_answer_fails_exactly_its_criteria(course_env, name):
    result = check(name)
    assert [c.description for c in result.criteria] == GRADED + ADVICE
    assert failing(result) == EXPECTED_FAILURES[name], repr(result)
    assert not result.passed
    assert giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []


@pytest.mark.parametrize(
    "name, says",
    [
        ("selects_everything", "its assets have different partitions (monthly and weekly)"),
        ("misses_the_zones", "it leaves out taxi_zones, taxi_zones_file"),
        ("raw_files_only", "its run left no table trips"),
        ("weekly_partitions_def", "its partitions_def is not the assets' monthly_partition"),
        ("selects_everything", "not checked: Dagster cannot make the schedule's job yet, see part (a) above"),
        ("fires_on_the_first", "it fires on '0 0 1 * *'"),
        (
            "runs_the_month_just_begun",
            "failed with DagsterUnknownPartitionError: Could not find a partition with key `2023-03-01`.",
        ),
    ],
)
def test_each_failure_says_what_to_do(course_env, name, says):
    assert says in repr(check(name))


def test_an_unsolved_placeholder_says_not_solved_yet_and_where_the_hints_are(course_env):
    unsolved = load("unsolved")
    result = check_trip_update_schedule(unsolved.my_schedule, unsolved.my_trip_update_job)
    assert repr(result) == (
        "Exercise 04: a partitioned job and its schedule: not solved yet: part (a) first: my_trip_update_job is "
        "still None: make it with dg.define_asset_job(name=..., selection=...).\n"
        f"Stuck? Run hint() for a nudge ({len(EXERCISE.hints)} hints, one at a time)."
    )
    part_a = check_trip_update_job(unsolved.my_trip_update_job)
    assert part_a.headline().startswith("not solved yet")
    for each in (result, part_a):
        assert giveaways_in(repr(each) + each._repr_html_(), EXERCISE) == []
    only_job = load("unsolved_schedule")
    result = check_trip_update_schedule(only_job.my_schedule, only_job.my_trip_update_job)
    assert result.not_solved == "my_schedule is still None: build it (part b), then run this check again."


def test_the_courses_own_job_and_schedule_are_not_an_answer(course_env):
    from course_lib.definitions import defs

    for job in (course_jobs.trip_update_job, defs().resolve_job_def("trip_update_job")):
        assert "the course's own trip_update_job" in check_trip_update_job(job).not_solved
    result = check_trip_update_schedule(course_schedules.trip_update_schedule, load("correct").my_trip_update_job)
    assert "the course's own trip_update_schedule" in result.not_solved


def test_every_mistake_is_tested():
    assert set(MISTAKES) == set(EXPECTED_FAILURES) | {"unsolved", "unsolved_schedule"}


def test_hints_go_from_a_nudge_to_close_and_give_nothing_away():
    assert len(EXERCISE.hints) == 3
    assert giveaways_in("\n".join(EXERCISE.hints), EXERCISE) == []
    assert "build_schedule_from_partitioned_job" in EXERCISE.hints[-1]  # the last names the function, not the call
    assert "build_schedule_from_partitioned_job" not in " ".join(EXERCISE.hints[:-1])


def test_only_the_whole_exercise_solves_it_in_the_progress_file(course_env):
    correct = load("correct")
    assert check_trip_update_job(correct.my_trip_update_job).passed
    assert "1 of 3" in repr(EXERCISE.hint())
    check_trip_update_schedule(correct.my_schedule, correct.my_trip_update_job)
    seen = [(e["event"], e.get("part"), e.get("solved", e.get("number"))) for e in progress.events()]
    assert seen == [("check", "a", False), ("hint", None, 1), ("check", None, True)]
    table = progress.progress_table()
    assert table.loc["04_jobs_and_schedules", "solved"] == "solved"
    assert table.loc["04_jobs_and_schedules", "hints used"] == 1


def test_checks_leave_the_learners_data_alone(course_env):
    before = {k: os.environ.get(k) for k in ("COURSE_DATA_DIR", "DUCKDB_DATABASE")}
    correct = load("correct")
    check_trip_update_schedule(correct.my_schedule, correct.my_trip_update_job)
    assert [p.name for p in course_env.iterdir()] == ["progress.jsonl"]  # only the check's record
    assert {k: os.environ.get(k) for k in before} == before
