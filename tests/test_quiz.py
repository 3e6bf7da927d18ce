"""Does each knowledge check answer a click at once, with the reason?"""

import pytest

from course_lib.feedback.knowledge_checks import LESSONS, knowledge_check


@pytest.mark.parametrize("lesson", sorted(LESSONS))
def test_every_lesson_has_a_check_with_both_kinds_of_answer(lesson):
    quiz = knowledge_check(lesson)
    assert len(quiz.statements) >= 5
    assert {s.true for s in quiz.statements} == {True, False}
    assert all(s.why.endswith(".") for s in quiz.statements)


def test_a_click_answers_at_once_and_keeps_score():
    quiz = knowledge_check("05_backfills")
    assert quiz.answer(0, True) == "Right. That is how a fixed bug reaches old months."
    assert quiz.answer(1, True).startswith("Not quite: it is False. It stays 'Requested'")
    assert "✗" in quiz.feedback[1].value and "✓" in quiz.feedback[0].value
    assert quiz.score.value == "<i>2 of 6 answered, 1 right</i>"


def test_the_plain_text_view_is_stable():
    bundle = knowledge_check("01_define_partitions")._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Knowledge check: define partitions: mark each statement True or False")
    assert "application/vnd.jupyter.widget-view+json" in bundle


def test_answers_are_recorded_and_the_first_try_counts(course_env):
    from course_lib.feedback.progress import events, progress_table

    quiz = knowledge_check("05_backfills")
    quiz.answer(1, True)  # wrong first...
    quiz.answer(1, False)  # ...then right: the first try is what the table counts
    quiz.answer(0, True)
    assert [(e["statement"], e["right"]) for e in events() if e["event"] == "quiz"] == [
        (2, False),
        (2, True),
        (1, True),
    ]
    assert progress_table().loc["05_backfills", "quiz, right at first try"] == "1 of 6"
