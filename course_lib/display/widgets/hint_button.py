"""A button that gives an exercise's hints one click at a time, so none is shown before it is asked for."""

import ipywidgets as widgets

from course_lib.feedback.exercises import exercise


class HintButton:
    """'Show a hint': each click shows the exercise's next hint under the button (recorded in the progress file).

    In plain Python the same is the exercise module's `hint()`."""

    def __init__(self, exercise_key: str):
        self.exercise = exercise(exercise_key)
        self.button = widgets.Button(description="Show a hint", icon="lightbulb-o", layout=widgets.Layout(width="auto"))
        self.shown = widgets.HTML()
        self.button.on_click(lambda _: self.show_next())
        self.widget = widgets.VBox([self.button, self.shown], layout=widgets.Layout(align_items="flex-start"))

    def show_next(self) -> str:
        """Show the next hint, as a click does; returns its text."""
        hint = self.exercise.hint()
        self.shown.value += hint._repr_html_()
        if hint.number == hint.of:
            self.button.description, self.button.disabled = "No more hints", True
        else:
            self.button.description = f"Show hint {hint.number + 1} of {hint.of}"
        return repr(hint)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"HintButton: {self.exercise.name}, {len(self.exercise.hints)} hints, one per click"
        return bundle
