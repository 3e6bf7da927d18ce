"""An exercise: its hints, given one at a time on demand, and its check, whose every answer goes to the
learner's progress file.

Each lesson's exercise module (course_lib/feedback/exercises/) makes one `Exercise` and exports its
`check...` function and `hint`: a notebook imports both.
"""

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from course_lib.feedback import progress
from course_lib.feedback.result import GREY, CheckResult, Criterion


@dataclass(frozen=True)
class Hint:
    """One hint as the notebook shows it: 'Hint 2 of 3: ...'."""

    number: int
    of: int
    text: str

    def __repr__(self) -> str:
        more = " Run hint() again for the next one." if self.number < self.of else " That was the last hint."
        return f"Hint {self.number} of {self.of}: {self.text}{more}"

    def _repr_html_(self) -> str:
        more = "Run <code>hint()</code> again for the next one." if self.number < self.of else "That was the last hint."
        return (
            f"<div style='border-left:4px solid {GREY};padding:4px 10px'><b>Hint {self.number} of {self.of}</b>: "
            f"{html.escape(self.text)} <span style='color:{GREY}'>{more}</span></div>"
        )


@dataclass(frozen=True)
class Exercise:
    """A lesson's exercise: `key` is its lesson number ('03'); hints go from a nudge to close to the answer.

    `giveaways` are fragments of the answer that must never appear in the learner's copy of the notebook, nor in
    what a check says about an unsolved or wrong attempt (tests/test_giveaways.py holds every exercise to it)."""

    key: str
    title: str
    hints: tuple[str, ...]
    giveaways: tuple[str, ...] = field(default=())
    criteria: tuple[str, ...] = field(default=())  # the graded criteria, as the exercise text lists them

    @property
    def name(self) -> str:
        return f"Exercise {self.key}: {self.title}"

    def hint(self) -> Hint:
        """The next hint (the last one again once all are open); opening it is recorded."""
        number = min(progress.hints_opened(self.key) + 1, len(self.hints))
        progress.record("hint", exercise=self.key, number=number)
        return Hint(number, len(self.hints), self.hints[number - 1])

    def result(self, *criteria: Criterion, **fields) -> CheckResult:
        """A CheckResult for this exercise (its name, its number of hints). A check that stopped at a failed
        criterion gets the rest of the exercise's criteria listed as not checked yet, so the count is of all."""
        graded = [c.description for c in criteria if c.graded]
        rest = self.criteria[len(graded) :]
        if criteria and rest and tuple(graded) == self.criteria[: len(graded)]:
            criteria = (*criteria, *(Criterion(d, False, checked=False) for d in rest))
        return CheckResult(self.name, tuple(criteria), hints=len(self.hints), **fields)

    def check(self, judge: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
        """Decorate a check: its result is recorded in the learner's progress file once it is known."""

        @wraps(judge)
        def checked(*args, **kwargs) -> CheckResult:
            result = judge(*args, **kwargs)
            self.record(result)
            return result

        return checked

    def record(self, result: CheckResult, part: str | None = None) -> None:
        """Append a check's answer to the progress file; the answer for one `part` never solves the exercise."""
        step = {} if part is None else {"part": part}
        solved = result.passed and part is None
        criteria = [[c.description, c.passed, c.graded] for c in result.criteria]
        progress.record("check", exercise=self.key, **step, solved=solved, criteria=criteria)
