"""Materialize the chosen months now, in this process, and show what each run did."""

import ipywidgets as widgets

from course_lib.display.widgets.month_picker import MonthPicker
from course_lib.display.widgets.style import sentence
from course_lib.errors import CourseError
from course_lib.in_process.instance import course_instance
from course_lib.in_process.runs import run_partition


class MaterializePanel:
    """A month picker and a Materialize button; one line per month: rows, seconds and run id, or why it failed."""

    def __init__(self, instance=None):
        self.instance = instance or course_instance()
        self.picker = MonthPicker(instance=self.instance)
        self.button = widgets.Button(description="Materialize", button_style="primary", icon="play")
        self.button.on_click(lambda _: self.materialize())
        self.results = widgets.HTML()
        self.summaries = []
        self.widget = widgets.VBox([self.picker.widget, self.button, self.results])

    def materialize(self) -> list:
        """Run trip_update_job for each chosen month, in order; returns the run summaries."""
        keys = self.picker.keys
        if not keys:
            self.results.value = sentence("Choose at least one month first.", ok=False)
            return []
        self.button.disabled = True
        self.summaries = []
        try:
            for key in keys:
                self.results.value = sentence(f"Running {key[:7]}…")
                self.summaries.append(run_partition(key, instance=self.instance))
        except CourseError as error:
            self.results.value = sentence(str(error), ok=False)
            return self.summaries
        finally:
            self.button.disabled = False
            self.picker.refresh()
        self.results.value = "<br>".join(
            sentence(str(s), ok=s.success)
            if s.success
            else sentence(f"{s.partition_key[:7]} failed: {s.error}", ok=False)
            for s in self.summaries
        )
        return self.summaries

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "MaterializePanel: choose months, then click Materialize"
        return bundle
