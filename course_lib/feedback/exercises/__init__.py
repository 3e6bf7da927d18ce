"""One module per lesson's exercise, named by its lesson (`lesson03.py` is 03's): each makes an `Exercise`
called EXERCISE and exports its check and `hint`."""

import importlib
import pkgutil

from course_lib.feedback.exercise import Exercise


def all_exercises() -> list[Exercise]:
    """Every lesson's exercise, in lesson order."""
    modules = sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("lesson"))
    return [importlib.import_module(f"{__name__}.{name}").EXERCISE for name in modules]


def exercise(key: str) -> Exercise:
    """The exercise of lesson `key` ('03')."""
    return importlib.import_module(f"{__name__}.lesson{key}").EXERCISE
