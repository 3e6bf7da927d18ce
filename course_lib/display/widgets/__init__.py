"""ipywidgets panels: pick months, materialize, backfill in the background, and see partition status."""

from course_lib.display.widgets.backfill_panel import BackfillPanel
from course_lib.display.widgets.backfill_progress import BackfillProgress
from course_lib.display.widgets.materialize_panel import MaterializePanel
from course_lib.display.widgets.month_picker import MonthPicker
from course_lib.display.widgets.reset_panel import ResetPanel
from course_lib.display.widgets.status_grid import StatusGrid

__all__ = ["BackfillPanel", "BackfillProgress", "MaterializePanel", "MonthPicker", "ResetPanel", "StatusGrid"]
