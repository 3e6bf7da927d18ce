"""Start the course over from a notebook: see what would be deleted, then confirm with a second click."""

import ipywidgets as widgets

from course_lib.display.widgets.style import sentence
from course_lib.errors import CourseError
from course_lib.fault_lab.reset import plan_reset, reset_course


class ResetPanel:
    """A 'Reset the course…' button that shows what goes and asks 'Yes, delete' / 'Keep it' before deleting."""

    def __init__(self):
        self.reset_button = widgets.Button(
            description="Reset the course…", icon="trash", button_style="warning", layout=widgets.Layout(width="auto")
        )
        self.yes_button = widgets.Button(description="Yes, delete", button_style="danger")
        self.keep_button = widgets.Button(description="Keep it")
        self.message = widgets.HTML()
        # The progress record goes only when ticked: starting the data over need not forget what was learned.
        self.with_progress = widgets.Checkbox(value=False, indent=False, layout=widgets.Layout(display="none"))
        self.confirm_box = widgets.HBox([self.yes_button, self.keep_button], layout=widgets.Layout(display="none"))
        self.reset_button.on_click(lambda _: self.ask())
        self.yes_button.on_click(lambda _: self.confirm())
        self.keep_button.on_click(lambda _: self.keep())
        self.widget = widgets.VBox([self.reset_button, self.message, self.with_progress, self.confirm_box])
        self.plan = None

    def ask(self) -> None:
        """Say what a reset would delete, and show the confirm buttons (or why it cannot)."""
        try:
            self.plan = plan_reset()
        except CourseError as error:
            self.message.value = sentence(str(error), ok=False)
            return
        self.message.value = sentence(
            str(self.plan) + (" This cannot be undone." if self.plan.paths else ""), ok=not self.plan.paths
        )
        if self.plan.progress:
            self.with_progress.description = (
                f"Also delete my progress record ({self.plan.progress.name}, {self.plan.progress_lines} entries)"
            )
        self.with_progress.value = False
        self.with_progress.layout.display = "flex" if self.plan.progress else "none"
        self.confirm_box.layout.display = "flex" if self.plan.paths or self.plan.progress else "none"

    def confirm(self) -> None:
        """Delete what `ask` showed."""
        self.confirm_box.layout.display = self.with_progress.layout.display = "none"
        try:
            self.message.value = sentence(reset_course(self.plan, with_progress=self.with_progress.value))
        except CourseError as error:
            self.message.value = sentence(str(error), ok=False)

    def keep(self) -> None:
        """Change nothing."""
        self.confirm_box.layout.display = self.with_progress.layout.display = "none"
        self.message.value = sentence("Nothing deleted.")

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "ResetPanel: start the course over"
        return bundle
