"""Exercise 06 (weeks, trips_by_week and its job; a static partition of the boroughs): the right answer and Dagster
University's own solve it, and each wrong one fails exactly its criteria."""

import os

import pytest
from conftest import giveaways_in
from submissions.lesson06.variants import MISTAKES, load

from course_lib.defs import jobs as course_jobs
from course_lib.defs.assets import metrics
from course_lib.defs.partitions import weekly_partition
from course_lib.feedback import progress
from course_lib.feedback.exercises import lesson06
from course_lib.feedback.exercises.lesson06 import EXERCISE, check_trips_by_week, check_weeks_and_boroughs

WEEKLY = [
    PARTITION_WEEKS := "my_weekly_partition holds the 52 weeks of 2023, Sunday to Sunday (2023-01-01 to 2023-12-24)",
    ASSET_WEEKLY := "my_trips_by_week is partitioned by my_weekly_partition",
    WEEK_RUNS := "Its week of 2023-01-29 runs",
    WEEK_SUMS := "Its row in trips_by_week holds the week's trips, passengers, fares and miles (2023-01-29 up to "
    "2023-02-05, across both months)",
    WEEK_RERUN := "Running the week again replaces only its own row",
    JOB := "my_weekly_update_job selects my_trips_by_week and runs one week at a time",
]
BOROUGHS = [
    PARTITION_BOROUGHS := "my_borough_partition is a static partition of New York City's five boroughs",
    ASSET_BOROUGHS := "my_trips_by_borough is partitioned by my_borough_partition",
    QUEENS := "Its Queens partition writes Queens's row: the number of trips picked up there",
    BOROUGH_RERUN := "Running a borough, once or again, replaces only its own row",
]
ADVICE = [
    PARTIAL := "A week whose second month is not loaded fails instead of summing part of it (2023-02-26)",
    INFERRED := "The job takes its weeks from its asset (no partitions_def=)",
]
NOT_RUN = {WEEK_RUNS, WEEK_SUMS, WEEK_RERUN, JOB}

# submission -> the criteria it must fail (all others must pass)
EXPECTED_FAILURES = {
    "ends_on_the_last_saturday": {PARTITION_WEEKS},
    "monday_weeks": {PARTITION_WEEKS} | NOT_RUN,  # no week starts on 2023-01-29, a Sunday
    "unpartitioned_asset": {ASSET_WEEKLY} | NOT_RUN,
    "sums_the_whole_month": {WEEK_SUMS},
    "only_the_first_month": {WEEK_SUMS},
    "six_day_week": {WEEK_SUMS},
    "counts_passengers_as_trips": {WEEK_SUMS},
    "appends_without_delete": {WEEK_RERUN},
    "deletes_every_week": {WEEK_RERUN},
    "job_selects_the_courses_asset": {JOB},
    "sums_part_of_a_week": {PARTIAL},
    "newark_is_a_borough": {PARTITION_BOROUGHS},
    "asset_by_month": {ASSET_BOROUGHS, QUEENS, BOROUGH_RERUN},
    "counts_dropoffs": {QUEENS},
    "no_join": {QUEENS, BOROUGH_RERUN},
    "appends_boroughs": {BOROUGH_RERUN},
    "deletes_every_borough": {BOROUGH_RERUN},
}
PLACEHOLDERS = {"unsolved", "only_the_partition", "part_2_unsolved"}


def failing(result) -> set[str]:
    return {c.description for c in result.criteria if c.checked and not c.passed}


def check(name: str):
    s = load(name)
    return check_weeks_and_boroughs(
        s.my_weekly_partition, s.my_trips_by_week, s.my_weekly_update_job, s.my_borough_partition, s.my_trips_by_borough
    )


def test_the_right_answer_solves_it_with_no_advice_left(course_env):
    result = check("correct")
    assert result.passed and failing(result) == set(), repr(result)
    assert [c.description for c in result.graded] == WEEKLY + BOROUGHS
    assert [c.description for c in result.advice] == ADVICE
    assert "Why it works" in repr(result) and "The course's own version" in repr(result)
    assert "INSERT INTO trips_by_week" in result.solved_code  # the course's answer, once earned


def test_part_1_judges_the_weeks_alone(course_env):
    s = load("correct")
    result = check_trips_by_week(s.my_weekly_partition, s.my_trips_by_week, s.my_weekly_update_job)
    assert result.passed and [c.description for c in result.graded] == WEEKLY, repr(result)
    assert "part 1 done: on to part 2" in repr(result)


def test_dagster_universitys_answers_solve_it_with_advice(course_env):
    result = check("du")
    assert result.passed, repr(result)
    assert failing(result) == {PARTIAL, INFERRED}
    assert "Dagster 1.13 deprecates it" in repr(result) and "those of February only" in repr(result)


@pytest.mark.parametrize("name", sorted(EXPECTED_FAILURES))
def test_each_wrong_answer_fails_exactly_its_criteria(course_env, name):
    result = check(name)
    assert [c.description for c in result.criteria] == WEEKLY + BOROUGHS + ADVICE
    assert failing(result) == EXPECTED_FAILURES[name], repr(result)
    assert result.passed == (EXPECTED_FAILURES[name] <= set(ADVICE))
    if not result.passed:  # a wrong attempt's message gives nothing away
        assert giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []


@pytest.mark.parametrize(
    "name, says",
    [
        ("ends_on_the_last_saturday", "its last week starts 2023-12-17, so the week of 2023-12-24 is missing"),
        ("monday_weeks", "not weeks from Sunday"),
        ("unpartitioned_asset", "it has no partitions: pass partitions_def=my_weekly_partition"),
        ("only_the_first_month", "it holds only the week's trips in 2023-01, but the week runs into February"),
        ("counts_passengers_as_trips", "num_trips is 229, the week has 234"),
        ("appends_without_delete", "after a second run there are 2 rows for 2023-01-29"),
        ("deletes_every_week", "2023-01-22 had 1 row after its run, 0 once 2023-01-29 had run again"),
        ("job_selects_the_courses_asset", "it selects trips_by_week: select your asset, my_trips_by_week, alone"),
        ("newark_is_a_borough", "EWR is Newark airport, in New Jersey"),
        ("counts_dropoffs", "join each trip's pickup zone (pickup_zone_id) to zones.zone_id"),
        ("no_join", 'Referenced column "borough" not found'),
        ("appends_boroughs", "after a second run there are 2 rows for Queens"),
        ("deletes_every_borough", "Manhattan had 1 row after its run, 0 once Queens had run"),
    ],
)
def test_each_failure_says_what_to_do(course_env, name, says):
    assert says in repr(check(name))


def test_an_unsolved_placeholder_says_not_solved_yet_and_where_the_hints_are(course_env):
    result = check("unsolved")
    assert repr(result) == (
        "Exercise 06: trips by week, and trips by borough: not solved yet: part 1 first: my_weekly_partition is "
        "still None: make it with dg.WeeklyPartitionsDefinition(...).\n"
        f"Stuck? Run hint() for a nudge ({len(EXERCISE.hints)} hints, one at a time)."
    )
    assert check("part_2_unsolved").not_solved.startswith("my_borough_partition is still None")
    for name in PLACEHOLDERS:
        result = check(name)
        assert result.headline().startswith("not solved yet")
        assert giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []


def test_part_1_judges_what_is_written_so_far(course_env):
    s = load("only_the_partition")
    result = check_trips_by_week(s.my_weekly_partition, s.my_trips_by_week, s.my_weekly_update_job)
    assert result.not_solved.startswith("my_trips_by_week is still None")
    assert [(c.description, c.passed) for c in result.criteria] == [(PARTITION_WEEKS, True)]


def test_the_courses_own_objects_are_not_an_answer(course_env):
    s = load("correct")
    assert "course's own weekly_partition" in check_trips_by_week(weekly_partition, None, None).not_solved
    own_asset = check_trips_by_week(s.my_weekly_partition, metrics.trips_by_week, None)
    assert "course's own trips_by_week" in own_asset.not_solved
    own_job = check_trips_by_week(s.my_weekly_partition, s.my_trips_by_week, course_jobs.weekly_update_job)
    assert "course's own weekly_update_job" in own_job.not_solved


def test_every_mistake_is_tested():
    assert set(MISTAKES) == set(EXPECTED_FAILURES) | PLACEHOLDERS


def test_hints_go_from_a_nudge_to_close_and_give_nothing_away():
    assert len(EXERCISE.hints) == 3
    assert giveaways_in("\n".join(EXERCISE.hints), EXERCISE) == []


def test_the_courses_own_version_solves_part_2(course_env):
    """The borough asset shown once solved is checked like a learner's."""
    import dagster as dg
    from dagster_duckdb import DuckDBResource

    namespace = {"dg": dg, "DuckDBResource": DuckDBResource}
    exec(lesson06.TRIPS_BY_BOROUGH_SOURCE, namespace)
    s = load("correct")
    result = check_weeks_and_boroughs(
        s.my_weekly_partition,
        s.my_trips_by_week,
        s.my_weekly_update_job,
        namespace["borough_partition"],
        namespace["trips_by_borough"],
    )
    assert result.passed, repr(result)


def test_only_the_whole_exercise_solves_it_in_the_progress_file(course_env):
    s = load("correct")
    assert check_trips_by_week(s.my_weekly_partition, s.my_trips_by_week, s.my_weekly_update_job).passed
    check("correct")
    seen = [(e["event"], e.get("part"), e["solved"]) for e in progress.events()]
    assert seen == [("check", "1", False), ("check", None, True)]
    assert progress.progress_table().loc["06_beyond_time", "solved"] == "solved"


def test_checks_leave_the_learners_data_alone(course_env):
    before = {k: os.environ.get(k) for k in ("COURSE_DATA_DIR", "DUCKDB_DATABASE", "DAGSTER_HOME")}
    check("correct")
    assert [p.name for p in course_env.iterdir()] == ["progress.jsonl"]  # only the check's record
    assert {k: os.environ.get(k) for k in before} == before
