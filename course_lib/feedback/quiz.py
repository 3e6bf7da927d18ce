"""A true/false knowledge check that answers each statement at once, with a one-line explanation."""

import html
from dataclasses import dataclass

import ipywidgets as widgets

from course_lib.feedback import progress


@dataclass(frozen=True)
class Statement:
    """A statement to judge, whether it is true, and why in one line."""

    text: str
    true: bool
    why: str


class Quiz:
    """Statements with True/False buttons; a choice shows right or wrong and the reason at once."""

    def __init__(self, title: str, statements: list[Statement], lesson: str = ""):
        self.title = title
        self.lesson = lesson  # answers to a lesson's quiz are recorded in the progress file
        self.statements = statements
        self.buttons = [
            widgets.ToggleButtons(
                options=[("True", True), ("False", False)], value=None, style={"button_width": "70px"}
            )
            for _ in statements
        ]
        self.feedback = [widgets.HTML("") for _ in statements]
        self.score = widgets.HTML(self._score_text())
        rows = []
        for number, (statement, button, feedback) in enumerate(
            zip(statements, self.buttons, self.feedback, strict=True), 1
        ):
            button.observe(lambda change, i=number - 1: self._answered(i), names="value")
            rows.append(
                widgets.VBox(
                    [widgets.HTML(f"<b>{number}.</b> {html.escape(statement.text)}"), button, feedback],
                    layout=widgets.Layout(margin="0 0 8px 0"),
                )
            )
        self.widget = widgets.VBox([widgets.HTML(f"<h4>{html.escape(title)}</h4>"), *rows, self.score])

    def answer(self, index: int, value: bool) -> str:
        """Choose True or False for statement `index` (0-based), as a click would; returns the feedback."""
        self.buttons[index].value = value
        return self.feedback_text(index)

    def feedback_text(self, index: int) -> str:
        """The feedback shown under statement `index`, as plain text."""
        choice = self.buttons[index].value
        if choice is None:
            return ""
        statement = self.statements[index]
        verdict = "Right" if choice == statement.true else f"Not quite: it is {statement.true}"
        return f"{verdict}. {statement.why}"

    def _answered(self, index: int) -> None:
        text = self.feedback_text(index)
        right = self.buttons[index].value == self.statements[index].true
        if self.lesson and self.buttons[index].value is not None:
            progress.record(
                "quiz", lesson=self.lesson, statement=index + 1, answer=self.buttons[index].value, right=right
            )
        colour = "#1a7f37" if right else "#b42318"
        self.feedback[index].value = f"<span style='color:{colour}'>{'✓' if right else '✗'} {html.escape(text)}</span>"
        self.score.value = self._score_text()

    def _score_text(self) -> str:
        answered = [i for i, b in enumerate(self.buttons) if b.value is not None]
        right = sum(self.buttons[i].value == self.statements[i].true for i in answered)
        return f"<i>{len(answered)} of {len(self.statements)} answered, {right} right</i>"

    def __repr__(self) -> str:
        lines = [f"{self.title}: mark each statement True or False"]
        lines += [f"  {n}. {s.text}" for n, s in enumerate(self.statements, 1)]
        return "\n".join(lines)

    def _repr_mimebundle_(self, **kwargs):
        # The widget for the page; a stable plain-text twin for consoles and nbval.
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = repr(self)
        return bundle
