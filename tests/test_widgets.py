"""The panels driven in the kernel, as clicks would: outcomes checked in DuckDB and in the instance."""

import re
import shutil

import dagster as dg
import pytest
from conftest import partition_statuses, trips_by_month

from course_lib.display.widgets import MonthPicker, MonthsPanel, StatusGrid
from course_lib.in_process.month_by_month import MONTHS_TAG
from course_lib.taxi_data import expected_row_count

Q1 = ["2023-01-01", "2023-02-01", "2023-03-01"]


@pytest.fixture
def panel(course_env, instance):
    return MonthsPanel(instance=instance)


def test_pick_three_months_and_run_them(panel, course_env, instance):
    panel.picker.choose(Q1)
    panel.start_button.click()
    report = panel.wait(120)
    assert report.succeeded == Q1 and not report.failed
    assert trips_by_month(course_env / "staging" / "data.duckdb") == {k[:7]: expected_row_count(k[:7]) for k in Q1}
    assert partition_statuses(instance) == {k: "MATERIALIZED" for k in Q1}
    runs = instance.get_run_records(dg.RunsFilter(tags={MONTHS_TAG: report.batch}))
    assert sorted(r.dagster_run.tags["dagster/partition"] for r in runs) == Q1
    assert all(r.dagster_run.status == dg.DagsterRunStatus.SUCCESS for r in runs)
    assert panel.progress.value == 3 and panel.progress.description == "3 / 3"
    assert "3 done" in panel.summary.value
    assert not panel.start_button.disabled and panel.cancel_button.disabled


def test_a_second_click_does_not_start_overlapping_runs(panel, instance):
    panel.picker.choose(Q1)
    panel.start_button.click()
    panel.start_button.click()  # the button is disabled in the page; the lock holds for code too
    second = MonthsPanel(instance=instance)
    second.picker.choose(Q1)
    second.start()
    assert "already running" in second.summary.value
    panel.wait(120)
    assert len(instance.get_run_records(dg.RunsFilter(tags={"dagster/partition": "2023-01-01"}))) == 1


def test_cancel_stops_after_the_running_month(panel, course_env, instance, monkeypatch):
    import course_lib.in_process.month_by_month as month_by_month

    real_run = month_by_month.run_partition

    def run_then_cancel(*args, **kwargs):
        summary = real_run(*args, **kwargs)
        panel.cancel_button.click()  # clicked while the first month runs
        return summary

    monkeypatch.setattr(month_by_month, "run_partition", run_then_cancel)
    panel.picker.choose([f"2023-0{m}-01" for m in range(1, 7)])
    panel.start()
    report = panel.wait(120)
    assert report.succeeded == ["2023-01-01"]
    assert report.not_run == [f"2023-0{m}-01" for m in range(2, 7)]
    assert trips_by_month(course_env / "staging" / "data.duckdb").keys() == {"2023-01"}
    assert "5 not run (cancelled" in panel.summary.value
    assert panel.states.value.count("<small>not run</small>") == 5


def test_a_failing_month_fails_alone_and_retry_failed_fixes_it(panel, course_env, instance):
    blocker = course_env / "raw" / "yellow_tripdata_2023-02.parquet"
    (blocker / "in-the-way").mkdir(parents=True)  # a folder where the file must go: a real write failure
    panel.picker.choose(Q1)
    panel.start()
    report = panel.wait(120)
    assert report.failed == ["2023-02-01"] and report.succeeded == ["2023-01-01", "2023-03-01"]
    assert partition_statuses(instance)["2023-02-01"] == "FAILED"
    assert "tick &#x27;retry failed only&#x27;" in panel.summary.value
    assert "2023-02-01: taxi_trips_file failed" in panel.details.value
    grid = StatusGrid(instance=instance)
    assert grid.buttons["2023-02-01"].description == "2023-02 failed"

    shutil.rmtree(blocker)
    panel.only_failed.value = True
    panel.start()
    retry = panel.wait(120)
    assert [run.partition_key for run in retry.runs] == ["2023-02-01"] and not retry.failed
    assert retry.skipped == {"2023-01-01": "materialized", "2023-03-01": "materialized"}
    assert trips_by_month(course_env / "staging" / "data.duckdb") == {k[:7]: expected_row_count(k[:7]) for k in Q1}
    grid.refresh()
    assert grid.buttons["2023-02-01"].description == "2023-02 materialized"


def test_only_missing_skips_done_months(panel, instance):
    panel.picker.choose(Q1[:1])
    panel.start()
    panel.wait(120)
    panel.picker.choose(Q1)
    panel.only_missing.value = True
    panel.start()
    report = panel.wait(120)
    assert report.skipped == {"2023-01-01": "materialized"} and report.succeeded == Q1[1:]
    assert len(instance.get_run_records(dg.RunsFilter(tags={"dagster/partition": "2023-01-01"}))) == 1


def test_empty_and_invalid_choices_explain_themselves(panel, course_env):
    panel.start()
    assert "Choose at least one month" in panel.summary.value
    picker = MonthPicker()
    assert "No month chosen" in picker.message.value
    picker.choose(["2023-03"])
    assert "2023-03 is not a month of the course" in picker.message.value and picker.keys == []
    assert not (course_env / "staging" / "data.duckdb").exists()


def test_an_unexpected_error_is_a_sentence_with_details_behind_a_toggle(panel, monkeypatch):
    import course_lib.display.widgets.months_panel as panel_module

    def broken(*args, **kwargs):
        raise RuntimeError("the instance went away")

    monkeypatch.setattr(panel_module, "run_month_by_month", broken)
    panel.picker.choose(Q1)
    panel.start()
    panel.wait(60)
    assert panel.summary.value.endswith("The runs stopped: the instance went away</span>")
    assert "Traceback" in panel.details.value and panel.details_box.layout.display is None
    assert not panel.start_button.disabled  # the lock was released: the learner can try again


def test_the_grid_reads_runs_made_elsewhere(course_env, instance):
    from course_lib.in_process.runs import run_partition

    grid = StatusGrid(instance=instance)
    assert grid.buttons["2023-05-01"].description == "2023-05 missing"
    run_partition("2023-05-01", instance=instance)  # as another notebook or the UI would
    grid.refresh()
    assert grid.buttons["2023-05-01"].description == "2023-05 materialized"
    grid.buttons["2023-05-01"].click()
    assert f"{expected_row_count('2023-05'):,} rows in trips" in grid.detail.value


def test_materialize_panel_runs_the_chosen_months_and_says_what_each_did(course_env, instance):
    from course_lib.display.widgets import MaterializePanel

    panel = MaterializePanel(instance=instance)
    panel.button.click()
    assert "Choose at least one month" in panel.results.value
    panel.picker.choose(["2023-06-01", "2023-07-01"])
    panel.button.click()
    assert [s.success for s in panel.summaries] == [True, True]
    assert f"2023-06-01: done ({expected_row_count('2023-06'):,} rows" in panel.results.value
    assert trips_by_month(course_env / "staging" / "data.duckdb").keys() == {"2023-06", "2023-07"}
    assert "2023-06   materialized" in [label for label, _ in panel.picker.select.options]


def test_the_timeline_draws_a_bar_per_run(panel):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from course_lib.display.plots import plot_runs_timeline

    panel.picker.choose(Q1)
    panel.start()
    report = panel.wait(120)
    plot_runs_timeline(report.batch, panel.instance)
    ax = plt.gcf().axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2023-01", "2023-02", "2023-03"]
    assert len(ax.patches) == 3
    plt.close("all")


def test_picker_and_grid_follow_runs_made_by_later_cells(course_env, instance):
    picker, grid = MonthPicker(instance=instance), StatusGrid(instance=instance)
    assert dict(picker.select.options)["2023-06   missing"] == "2023-06-01"
    from course_lib.in_process.runs import run_partition

    assert run_partition("2023-06-01", instance=instance).success  # a later cell, not the panels
    assert "2023-06   materialized" in dict(picker.select.options)
    button = grid.buttons["2023-06-01"]
    assert button.description == "2023-06 materialized" and button.icon == "check"  # the word, not colour alone
    assert grid.buttons["2023-07-01"].description == "2023-07 missing"


def test_a_batch_says_why_each_month_was_skipped_and_has_no_backfill_like_id(course_env, instance):
    from course_lib.in_process.month_by_month import month_range, run_month_by_month

    assert run_month_by_month(["2023-02-01"], instance=instance).succeeded == ["2023-02-01"]
    report = run_month_by_month(month_range("2023-01-01", "2023-12-01"), only_failed=True, instance=instance)
    text = str(report)
    assert text.startswith(f"one run per month (batch {report.batch}): 12 months asked, 0 done, 12 skipped")
    assert "  skipped, materialized: 2023-02-01" in text
    assert "  skipped, missing: 2023-01-01, 2023-03-01 to 2023-12-01" in text  # not "already materialized"
    assert re.fullmatch(r"\d{8}T\d{6}-[0-9a-f]{4}", report.batch)  # a Dagster backfill's id is eight letters
