"""Run a range of months, one run per month in this kernel, in a background thread, with live per-month state,
progress and cancel. In plain Dagster: `job.execute_in_process(partition_key=key)` for each month. Not a Dagster
backfill: those are launched from the UI and run by the daemon (notebook 07)."""

import threading
import traceback

import ipywidgets as widgets

from course_lib.display.widgets.month_picker import MonthPicker
from course_lib.display.widgets.style import badge, sentence
from course_lib.errors import CourseError
from course_lib.in_process.instance import course_instance
from course_lib.in_process.month_by_month import MonthByMonthReport, new_batch_id, plan_months, run_month_by_month
from course_lib.in_process.runs import RunSummary

# One batch at a time per kernel: two quick clicks must not run the same months twice at once.
_RUNNING = threading.Lock()


class MonthsPanel:
    """Pick months, choose 'only missing' / 'retry failed', then watch each month run; cancel between months."""

    def __init__(self, instance=None):
        self.instance = instance or course_instance()
        self.picker = MonthPicker(instance=self.instance)
        self.only_missing = widgets.Checkbox(description="only missing (skip what is done)", indent=False)
        self.only_failed = widgets.Checkbox(description="retry failed only", indent=False)
        self.stop_on_failure = widgets.Checkbox(description="stop at the first failure", indent=False)
        self.start_button = widgets.Button(description="Run months", button_style="primary", icon="play")
        self.cancel_button = widgets.Button(description="Cancel", icon="stop", disabled=True)
        self.progress = widgets.IntProgress(min=0, max=1, value=0, description="0 / 0")
        self.states = widgets.HTML()
        self.summary = widgets.HTML()
        self.details = widgets.Textarea(layout=widgets.Layout(width="100%", height="140px"), disabled=True)
        self.details_box = widgets.Accordion(children=[self.details], titles=("details",), selected_index=None)
        self.details_box.layout.display = "none"
        self.start_button.on_click(lambda _: self.start())
        self.cancel_button.on_click(lambda _: self.cancel())
        self.report: MonthByMonthReport | None = None
        self._thread: threading.Thread | None = None
        self._cancel = threading.Event()
        self._state: dict[str, str] = {}
        options = widgets.VBox(
            [
                self.only_missing,
                self.only_failed,
                self.stop_on_failure,
                widgets.HBox([self.start_button, self.cancel_button]),
            ]
        )
        self.widget = widgets.VBox(
            [widgets.HBox([self.picker.widget, options]), self.progress, self.states, self.summary, self.details_box]
        )

    # ------------------------------------------------------------------ actions (also what the buttons call)

    def start(self) -> None:
        """Start running the chosen months in a background thread; explain instead if it cannot."""
        keys = self.picker.keys
        if not keys:
            self.summary.value = sentence("Choose at least one month first.", ok=False)
            return
        if not _RUNNING.acquire(blocking=False):
            self.summary.value = sentence(
                "Months are already running in this notebook: wait for them to finish, or cancel.", ok=False
            )
            return
        try:
            to_run, skipped = plan_months(
                keys, only_missing=self.only_missing.value, only_failed=self.only_failed.value, instance=self.instance
            )
        except CourseError as error:
            _RUNNING.release()
            self.summary.value = sentence(str(error), ok=False)
            return
        self._cancel.clear()
        self.report = None
        self._state = {key: ("queued" if key in to_run else "skipped") for key in keys}
        self.progress.max, self.progress.value = max(len(to_run), 1), 0
        self.progress.description = f"0 / {len(to_run)}"
        self.start_button.disabled, self.cancel_button.disabled = True, False
        self.summary.value = sentence(f"Running {len(to_run)} month(s), one run each, skipping {len(skipped)}…")
        self.details_box.layout.display = "none"
        self._show_states()
        self._thread = threading.Thread(target=self._run, args=(to_run, skipped), daemon=True, name="course-months")
        self._thread.start()

    def cancel(self) -> None:
        """Stop after the month that is running now."""
        self._cancel.set()
        self.cancel_button.disabled = True
        self.summary.value = sentence("Cancelling: the month that is running will finish, then the rest is not run.")

    def wait(self, timeout: float = 600) -> MonthByMonthReport | None:
        """Block until the background runs end (for tests and scripts); returns their report."""
        if self._thread is not None:
            self._thread.join(timeout)
        return self.report

    # ------------------------------------------------------------------ the background thread

    def _run(self, to_run: list[str], skipped: dict[str, str]) -> None:
        try:
            report = run_month_by_month(
                to_run,
                instance=self.instance,
                cancel=self._cancel,
                batch=new_batch_id(),
                stop_on_failure=self.stop_on_failure.value,
                on_start=self._month_started,
                on_done=self._month_done,
            )
            report.requested, report.skipped = sorted([*to_run, *skipped]), skipped
            for key in report.not_run:
                self._state[key] = "not run"
            self.report = report
            self.summary.value = self._summary_html(report)
            failures = [f"{run.partition_key}: {run.error}" for run in report.runs if not run.success]
            if failures:
                self.details.value = "\n".join(failures)
                self.details_box.layout.display = None
        except Exception as error:  # shown as a sentence; the traceback waits behind "details"
            message = str(error) if isinstance(error, CourseError) else f"The runs stopped: {error}"
            self.summary.value = sentence(message, ok=False)
            self.details.value = traceback.format_exc()
            self.details_box.layout.display = None
        finally:
            self._show_states()
            self.start_button.disabled, self.cancel_button.disabled = False, True
            _RUNNING.release()
            self.picker.refresh()

    def _month_started(self, key: str) -> None:
        self._state[key] = "running"
        self._show_states()

    def _month_done(self, summary: RunSummary) -> None:
        self._state[summary.partition_key] = "done" if summary.success else "failed"
        self.progress.value += 1
        self.progress.description = f"{self.progress.value} / {self.progress.max}"
        self._show_states()

    def _show_states(self) -> None:
        self.states.value = "".join(badge(key[:7], state) for key, state in sorted(self._state.items()))

    @staticmethod
    def _summary_html(report: MonthByMonthReport) -> str:
        ok = not report.failed
        parts = [f"Batch {report.batch}: {len(report.succeeded)} done"]
        if report.failed:
            parts.append(
                f"{len(report.failed)} failed ({', '.join(k[:7] for k in report.failed)}): tick "
                "'retry failed only' and run again"
            )
        if report.skipped:
            parts.append(f"{len(report.skipped)} skipped")
        if report.not_run:
            parts.append(f"{len(report.not_run)} not run (cancelled: {', '.join(k[:7] for k in report.not_run)})")
        seconds = sum(run.seconds for run in report.runs)
        return sentence(", ".join(parts) + f", {seconds:.1f} s in runs.", ok=ok)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "MonthsPanel: choose months, then click Run months (one run per month, here)"
        return bundle
