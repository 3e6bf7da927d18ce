"""Exercise 07 (launch a backfill yourself, let the daemon finish it): real backfills launched over GraphQL on a
`make dagster` of this module's own, then checked; the right one solves it, each wrong one fails exactly its
criteria. Three daemon backfills in all (four with a browser: one clicked in the Dagster UI), launched together
so that one pass of the daemon takes them."""

from pathlib import Path

import pytest
from conftest import giveaways_in, start_make_dagster, use_data_folder
from test_browser import ARTIFACTS

from course_lib.authoring.screenshots import CHROMIUM, CHROMIUM_ARGS
from course_lib.feedback.exercises.lesson07 import (
    ASKED,
    EXERCISE,
    EXISTS,
    FINISHED,
    ROWS,
    RUNS_OK,
    check_backfill,
    judge_backfill,
)
from course_lib.in_process.instance import course_instance
from course_lib.in_process.month_by_month import month_range, run_month_by_month
from course_lib.taxi_data import trips_file_path

GRADED = [EXISTS, FINISHED, RUNS_OK, ROWS]
FIRST_QUARTER = month_range("2023-01-01", "2023-03-01")
JANUARY_FEBRUARY = month_range("2023-01-01", "2023-02-01")
SECOND_QUARTER = month_range("2023-04-01", "2023-06-01")
FOURTH_QUARTER = month_range("2023-10-01", "2023-12-01")


def launch_in_the_ui(url: str, first: str, last: str) -> None:
    """What hint 2 tells a learner to do, in Debian's Chromium: tick both assets in the Assets catalog, Materialize
    selected, type the range, Launch backfill."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        # Dagster's newsletter dialog comes up on a first visit, whenever it likes: skip it whenever it shows.
        skip = page.get_by_role("button", name="Skip")
        page.add_locator_handler(skip, lambda button: button.click())
        try:
            page.goto(f"{url}/assets")
            for name in ("taxi_trips_file", "taxi_trips"):
                page.locator(f'label:has([data-testid="checkbox-{name}"])').click(timeout=60_000)
            page.get_by_role("button", name="Materialize selected").first.click()
            partitions = page.locator('input[placeholder^="ex: "]').first
            partitions.fill(f"[{first}...{last}]")
            partitions.press("Enter")
            page.get_by_role("button", name="Launch backfill").click()
            page.get_by_text("Created backfill").wait_for(timeout=30_000)
        except Exception:
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "exercise07_dagster_ui.png"))
            raise
        finally:
            browser.close()


def failing(result) -> set[str]:
    return {c.description for c in result.criteria if c.checked and not c.passed}


def gives_nothing_away(result) -> bool:
    return giveaways_in(repr(result) + result._repr_html_(), EXERCISE) == []


def test_with_no_backfill_it_is_not_solved_yet_and_says_where_to_launch_one(instance):
    result = check_backfill()
    assert repr(result).startswith(
        f"{EXERCISE.name}: not solved yet: there is no backfill of 2023-07-01 to 2023-09-01 in your instance yet. "
        "Launch one from the Dagster UI"
    ), repr(result)
    assert gives_nothing_away(result)


def test_hints_are_nudges_with_nothing_given_away():
    assert len(EXERCISE.hints) == 3
    assert all(giveaways_in(text, EXERCISE) == [] for text in EXERCISE.hints)


@pytest.fixture(scope="module")
def launched(tmp_path_factory):
    """`make dagster` on its own data folder; three backfills launched over GraphQL as learners would, with what
    the check said along the way, then followed until the daemon finished them."""
    with pytest.MonkeyPatch.context() as env:
        use_data_folder(env, tmp_path_factory.mktemp("exercise07") / "data")
        # January to March loaded; May's file cannot be written (a folder is in its place), so May fails.
        run_month_by_month(FIRST_QUARTER)
        blocked = trips_file_path("2023-05")
        blocked.mkdir(parents=True)
        (blocked / "in the way").touch()
        server = start_make_dagster()
        try:
            ui = server.webserver
            ui.wait_until_loaded()
            seen = {}
            ids = {
                "only the files": ui.launch_backfill(JANUARY_FEBRUARY, assets=("taxi_trips_file",)),
                "taxi_trips alone": ui.launch_backfill(["2023-03-01"], assets=("taxi_trips",)),
                "May cannot be written": ui.launch_backfill(SECOND_QUARTER),
            }
            seen["other months"] = check_backfill()
            ids["correct"] = ui.launch_backfill(ASKED)
            seen["still running"] = check_backfill()
            if Path(CHROMIUM).exists():
                launch_in_the_ui(server.url, FOURTH_QUARTER[0], FOURTH_QUARTER[-1])
            states = {name: ui.follow_backfill(backfill_id, timeout=300) for name, backfill_id in ids.items()}
            for backfill in course_instance().get_backfills():  # the one clicked in the browser, if any
                ui.follow_backfill(backfill.backfill_id, timeout=300)
            yield seen, states
        finally:
            server.stop()


@pytest.mark.slow
def test_a_backfill_of_other_months_is_not_solved_yet_and_named(launched):
    seen, _ = launched
    text = repr(seen["other months"])
    assert "not solved yet: there is no backfill of 2023-07-01 to 2023-09-01 in your instance yet" in text
    assert "(yours are of other months: 2023-01-01 to 2023-02-01; 2023-03-01; 2023-04-01 to 2023-06-01)" in text
    assert gives_nothing_away(seen["other months"])


@pytest.mark.slow
def test_a_backfill_still_running_is_not_solved_yet_with_its_progress(launched):
    seen, _ = launched
    result = seen["still running"]
    assert not result.passed and [c.description for c in result.criteria if c.passed] == [EXISTS]
    assert [c.description for c in result.criteria] == GRADED, "the criteria still to check are listed too"
    assert "is still running: 0 of 3 months done (the daemon has not picked it up yet" in repr(result)
    assert "Run this check again in a minute" in repr(result) and gives_nothing_away(result)


@pytest.mark.slow
def test_the_backfill_the_daemon_finished_solves_it(launched):
    _, states = launched
    assert states["correct"].status == "COMPLETED_SUCCESS", states
    result = check_backfill()
    assert result.passed and failing(result) == set(), repr(result)
    assert [c.description for c in result.criteria] == GRADED
    assert "Why it works" in repr(result) and "launch_backfill(month_range" in result.solved_code


@pytest.mark.slow
def test_a_backfill_with_a_failed_run_fails_its_status_runs_and_rows_and_says_why(launched):
    _, states = launched
    assert states["May cannot be written"].status == "COMPLETED_FAILED"
    result = judge_backfill(SECOND_QUARTER)
    assert failing(result) == {FINISHED, RUNS_OK, ROWS}, repr(result)
    assert "2023-05-01 failed: " in repr(result) and "2023-05 has 0 rows in table trips" in repr(result)
    assert gives_nothing_away(result)


def the_one_criterion_failed(result, asked) -> str:
    """The first criterion, for `asked`, is the only one, and failed: its advice."""
    exists = EXISTS.replace("2023-07-01 to 2023-09-01", f"{asked[0]} to {asked[-1]}" if len(asked) > 1 else asked[0])
    assert [(c.description, c.passed) for c in result.criteria] == [(exists, False)], repr(result)
    assert gives_nothing_away(result)
    return result.criteria[0].advice


@pytest.mark.slow
def test_a_backfill_of_the_files_alone_fails_the_first_criterion_and_says_to_select_taxi_trips(launched):
    _, states = launched
    assert states["only the files"].status == "COMPLETED_SUCCESS"
    advice = the_one_criterion_failed(judge_backfill(JANUARY_FEBRUARY), JANUARY_FEBRUARY)
    assert "selected only taxi_trips_file, so no month reaches table trips: select taxi_trips too" in advice


@pytest.mark.slow
def test_a_backfill_of_taxi_trips_alone_fails_the_first_criterion_and_says_to_select_the_file_too(launched):
    _, states = launched
    assert states["taxi_trips alone"].status == "COMPLETED_SUCCESS"  # March's file was there already
    advice = the_one_criterion_failed(judge_backfill(["2023-03-01"]), ["2023-03-01"])
    assert "selected only taxi_trips, which loads files made earlier: select taxi_trips_file too" in advice


@pytest.mark.slow
def test_a_backfill_of_more_months_than_asked_fails_the_first_criterion(launched):
    # July to September was launched and finished; asked for July and August only, it is one month too many.
    asked = month_range("2023-07-01", "2023-08-01")
    advice = the_one_criterion_failed(judge_backfill(asked), asked)
    assert "asked for 2023-09-01 too, which the exercise does not" in advice


@pytest.mark.slow
def test_a_backfill_leaving_out_a_month_fails_the_first_criterion(launched):
    # June and July are each in a backfill, but none has both: the latest touching them, July to September.
    asked = month_range("2023-06-01", "2023-07-01")
    advice = the_one_criterion_failed(judge_backfill(asked), asked)
    assert "asked for 2023-07-01 to 2023-09-01, leaving out 2023-06-01" in advice
    assert "asked for 2023-08-01, 2023-09-01 too" in advice


@pytest.mark.slow
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is missing: `make test` installs it")
def test_a_backfill_launched_by_clicking_in_the_dagster_ui_solves_it(launched):
    result = judge_backfill(FOURTH_QUARTER)
    assert result.passed and failing(result) == set(), repr(result)
