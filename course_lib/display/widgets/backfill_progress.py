"""Follow a backfill the webserver and daemon carry out: a progress bar and a badge per month."""

import ipywidgets as widgets
from IPython.display import display

from course_lib.deployment.webserver import BackfillState, Webserver
from course_lib.display.widgets.style import badge, sentence


class BackfillProgress:
    """Shows a daemon backfill's months as they go waiting -> queued -> running -> done (or failed)."""

    def __init__(self, partition_keys: list[str]):
        self.progress = widgets.IntProgress(
            min=0, max=max(len(partition_keys), 1), value=0, description=f"0 / {len(partition_keys)}"
        )
        self.months = widgets.HTML()
        self.status = widgets.HTML()
        self.widget = widgets.VBox([self.progress, self.months, self.status])
        self.update(BackfillState("", "REQUESTED", list(partition_keys)))

    def update(self, state: BackfillState) -> None:
        """Show `state` (called by Webserver.follow_backfill whenever something moved)."""
        finished = len(state.done) + len(state.failed)
        self.progress.value = finished
        self.progress.description = f"{finished} / {len(state.partition_keys)}"
        self.progress.bar_style = "danger" if state.failed else ("success" if state.finished else "")
        self.months.value = "".join(badge(key[:7], word) for key, word in state.months.items())
        if state.finished:
            text = f"{state.status} after {state.seconds:.0f} s from launch."
        elif not state.run_status:
            text = f"{state.status}: waiting for the daemon to pick the backfill up (it looks every 30 s)…"
        elif finished == len(state.partition_keys):
            text = (
                f"{state.status}: every run is over; the backfill is marked done at the daemon's next pass "
                "(it looks every 30 s)…"
            )
        else:
            text = f"{state.status}: the daemon's runs are going, two at a time…"
        self.status.value = sentence(text, ok=not state.failed)

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = "BackfillProgress"
        return bundle


def follow(webserver: Webserver, backfill_id: str, partition_keys: list[str], timeout: float = 600) -> BackfillState:
    """Display a BackfillProgress and keep it current until the backfill finishes; the final state."""
    progress = BackfillProgress(partition_keys)
    display(progress)
    return webserver.follow_backfill(backfill_id, timeout=timeout, on_change=progress.update)
