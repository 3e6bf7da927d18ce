"""Every month of an asset coloured by its status in the instance; click one to drill into it."""

import html

import ipywidgets as widgets

from course_lib.display.widgets.style import COLOURS, ICONS
from course_lib.in_process.instance import course_instance
from course_lib.in_process.runs import after_each_run
from course_lib.in_process.status import partition_details, partition_status


class StatusGrid:
    """A button per month, coloured as the Dagster UI's partition bar; read from the instance, not kept here."""

    def __init__(self, asset: str = "taxi_trips", instance=None):
        self.asset, self.instance = asset, instance or course_instance()
        self.buttons: dict[str, widgets.Button] = {}
        self.detail = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh", icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.grid = widgets.GridBox(layout=widgets.Layout(grid_template_columns="repeat(4, 186px)"))
        self.widget = widgets.VBox(
            [widgets.HTML(f"<b>{html.escape(asset)}</b> by month"), self.grid, self.refresh_button, self.detail]
        )
        self.status: dict[str, str] = {}
        self.refresh()
        after_each_run(self.refresh)

    def refresh(self) -> None:
        """Re-read every partition's status from the instance (runs made elsewhere show up too)."""
        self.status = partition_status(self.asset, instance=self.instance)
        for key, word in self.status.items():
            if key not in self.buttons:
                button = widgets.Button(layout=widgets.Layout(width="180px", height="36px"))
                button.on_click(lambda _, k=key: self.show(k))
                self.buttons[key] = button
            button = self.buttons[key]
            # The status in words and an icon, not by colour alone.
            button.description = f"{key[:7]} {word}"
            button.icon = ICONS.get(word, "")
            button.tooltip = f"{key}: {word}; click for details"
            button.style.button_color = COLOURS[word]
            button.style.text_color = "white"
        self.grid.children = list(self.buttons.values())

    def show(self, key: str) -> None:
        """Drill into one month: rows in DuckDB, latest run, materialization metadata."""
        details = partition_details(key, self.asset, instance=self.instance)
        self.detail.value = f"<pre style='margin:4px 0'>{html.escape(str(details))}</pre>"

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"StatusGrid: {self.asset} by month"
        return bundle
