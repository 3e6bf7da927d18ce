"""ipywidgets panels: pick months, materialize, run months in the background, see partition status, get hints."""

from course_lib.display.widgets.backfill_progress import BackfillProgress
from course_lib.display.widgets.hint_button import HintButton
from course_lib.display.widgets.materialize_panel import MaterializePanel
from course_lib.display.widgets.month_picker import MonthPicker
from course_lib.display.widgets.months_panel import MonthsPanel
from course_lib.display.widgets.reset_panel import ResetPanel
from course_lib.display.widgets.status_grid import StatusGrid

__all__ = [
    "BackfillProgress",
    "HintButton",
    "MaterializePanel",
    "MonthPicker",
    "MonthsPanel",
    "ResetPanel",
    "StatusGrid",
]
