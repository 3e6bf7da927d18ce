"""What a check answers: the lesson's criteria (all met = solved), advice beyond the lesson, and, once solved,
why the solution works and the course's own version of it."""

import html
from dataclasses import dataclass

GREEN, RED, AMBER, GREY = "#1a7f37", "#b42318", "#9a6700", "#57606a"


@dataclass(frozen=True)
class Criterion:
    """One thing a check looked at: what, whether it held, and if not, what to do.

    `graded=False` marks hardening beyond what the lesson asked: shown as advice with its reason, never failing."""

    description: str
    passed: bool
    advice: str = ""
    graded: bool = True
    checked: bool = True  # False: not looked at yet, because a criterion before it failed


@dataclass(frozen=True)
class CheckResult:
    """A check's answer: `.passed` when every graded criterion holds; text and HTML views for the notebook."""

    exercise: str
    criteria: tuple[Criterion, ...] = ()
    not_solved: str = ""  # the exercise is still its placeholder: what to do first
    solved_note: str = ""  # shown once solved: why the solution works
    solved_code: str = ""  # shown once solved: the course's own version
    hints: int = 0  # how many hints the exercise has (the result says how to get them while unsolved)
    done: str = "solved"  # the headline when every criterion holds ("all passed" for the set-up check)

    @property
    def graded(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.graded)

    @property
    def advice(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if not c.graded)

    @property
    def passed(self) -> bool:
        return not self.not_solved and bool(self.graded) and all(c.passed for c in self.graded)

    def headline(self) -> str:
        """'solved', 'not solved yet: ...', or 'N of M criteria met'."""
        if self.not_solved:
            said = self.not_solved.removeprefix("Not solved yet: ")  # the placeholder's own message says it too
            return f"not solved yet: {said}"
        met = sum(c.passed for c in self.graded)
        waiting = sum(not c.checked for c in self.graded)
        later = f" ({waiting} not checked yet: they wait for the ones above)" if waiting else ""
        return self.done if self.passed else f"{met} of {len(self.graded)} criteria met{later}"

    def _hint_line(self) -> str:
        if self.passed or not self.hints:
            return ""
        return f"Stuck? Run hint() for a nudge ({self.hints} hints, one at a time)."

    def __repr__(self) -> str:
        lines = [f"{self.exercise}: {self.headline()}"]
        for c in self.graded:
            lines.append(f"  {_mark(c)} {c.description}" + ("" if c.passed else f": {c.advice}" if c.checked else ""))
        if self.advice and not self.not_solved:
            lines.append("Beyond the lesson (advice, not graded):")
            for c in self.advice:
                lines.append(f"  {'✓' if c.passed else '•'} {c.description}" + ("" if c.passed else f": {c.advice}"))
        if self.passed and self.solved_note:
            lines += ["", self.solved_note]
        if self.passed and self.solved_code:
            lines += ["", "The course's own version:", self.solved_code]
        if self._hint_line():
            lines.append(self._hint_line())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        colour = GREEN if self.passed else RED

        def item(c: Criterion, mark: str, mark_colour: str, advice_colour: str) -> str:
            if not c.checked:
                return (
                    f"<li style='list-style:none;margin:2px 0;color:{GREY}'><b>{mark}</b> "
                    f"{html.escape(c.description)}</li>"
                )
            advice = (
                ""
                if c.passed
                else f"<br><span style='margin-left:1.6em;color:{advice_colour}'>{html.escape(c.advice)}</span>"
            )
            return (
                f"<li style='list-style:none;margin:2px 0'><b style=\"color:{mark_colour}\">{mark}</b> "
                f"{html.escape(c.description)}{advice}</li>"
            )

        parts = [
            f"<div style='border-left:4px solid {colour};padding:4px 10px'>"
            f"<b>{html.escape(self.exercise)}</b>: <span style='color:{colour}'>{html.escape(self.headline())}</span>",
            "<ul style='padding-left:0;margin:4px 0'>",
            *(item(c, _mark(c), GREEN if c.passed else RED, RED) for c in self.graded),
            "</ul>",
        ]
        if self.advice and not self.not_solved:
            parts += [
                f"<div style='color:{AMBER};margin-top:4px'>Beyond the lesson (advice, not graded):</div>",
                "<ul style='padding-left:0;margin:4px 0'>",
                *(item(c, "✓" if c.passed else "•", GREEN if c.passed else AMBER, AMBER) for c in self.advice),
                "</ul>",
            ]
        if self.passed and self.solved_note:
            parts.append(f"<p style='margin:6px 0'>{html.escape(self.solved_note)}</p>")
        if self.passed and self.solved_code:
            parts.append(
                "<details><summary>The course's own version</summary>"
                f"<pre style='font-size:12px'>{html.escape(self.solved_code)}</pre></details>"
            )
        if self._hint_line():
            parts.append(f"<div style='color:{GREY};margin-top:4px'>{html.escape(self._hint_line())}</div>")
        parts.append("</div>")
        return "".join(parts)


def _mark(c: Criterion) -> str:
    """✓ met, ✗ not met, · not checked yet."""
    return "✓" if c.passed else "✗" if c.checked else "·"
