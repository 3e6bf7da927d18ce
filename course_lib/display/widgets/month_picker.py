"""Pick one month, a range or several months of monthly_partition, each shown with its status."""

import ipywidgets as widgets

from course_lib.defs.partitions import monthly_partition
from course_lib.display.widgets.style import sentence
from course_lib.in_process.runs import after_each_run
from course_lib.in_process.status import partition_status


class MonthPicker:
    """A multi-select of the course's months, labelled with their status in the instance."""

    def __init__(self, asset: str = "taxi_trips", instance=None):
        self.asset, self.instance = asset, instance
        self.select = widgets.SelectMultiple(
            options=[], rows=12, description="Months", layout=widgets.Layout(width="340px")
        )
        self.message = widgets.HTML()
        self.refresh_button = widgets.Button(description="Refresh status", icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.select.observe(lambda _: self._explain(), names="value")
        self.widget = widgets.VBox([self.select, widgets.HBox([self.refresh_button]), self.message])
        self.refresh()
        after_each_run(self.refresh)  # labels follow runs made by later cells too

    @property
    def keys(self) -> list[str]:
        """The chosen partition keys, in calendar order."""
        return sorted(self.select.value)

    def choose(self, keys: list[str]) -> None:
        """Select these months, as a learner's clicks would (invalid keys are explained, not raised)."""
        valid = [k for k in keys if k in monthly_partition.get_partition_keys()]
        self.select.value = tuple(valid)
        if len(valid) != len(keys):
            wrong = [k for k in keys if k not in valid]
            self.message.value = sentence(
                f"{', '.join(map(str, wrong))} is not a month of the course: pick from 2023-01-01 to 2023-12-01.",
                ok=False,
            )

    def refresh(self) -> None:
        """Re-read every month's status from the instance and relabel the options, keeping the choice."""
        chosen = self.select.value
        status = partition_status(self.asset, instance=self.instance)
        self.select.options = [(f"{key[:7]}   {word}", key) for key, word in status.items()]
        self.select.value = tuple(k for k in chosen if k in status)
        self._explain()

    def _explain(self) -> None:
        keys = self.keys
        if not keys:
            self.message.value = sentence("No month chosen: click one, or shift-click to choose a range.", ok=False)
        else:
            self.message.value = sentence(
                f"{len(keys)} month{'s' if len(keys) > 1 else ''} chosen: "
                f"{keys[0][:7]}" + (f" … {keys[-1][:7]}" if len(keys) > 1 else "")
            )

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "MonthPicker: choose months of 2023"
        return bundle
