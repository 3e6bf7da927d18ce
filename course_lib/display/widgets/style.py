"""Colours and small HTML pieces shared by the panels, matching the Dagster UI's status colours."""

import html

COLOURS = {
    "materialized": "#2f9e44",
    "done": "#2f9e44",
    "failed": "#e03131",
    "missing": "#adb5bd",
    "in progress": "#1c7ed6",
    "running": "#1c7ed6",
    "queued": "#f08c00",
    "skipped": "#868e96",
    "not run": "#ced4da",
    "waiting": "#adb5bd",
}


def badge(text: str, state: str) -> str:
    """A small coloured label for a month and its state."""
    colour = COLOURS.get(state, "#adb5bd")
    return (
        f"<span title='{html.escape(state)}' style='display:inline-block;min-width:64px;margin:2px;padding:2px 6px;"
        f"border-radius:4px;background:{colour};color:white;font-size:12px;text-align:center'>"
        f"{html.escape(text)}<br><small>{html.escape(state)}</small></span>"
    )


def sentence(text: str, ok: bool = True) -> str:
    """A one-line message in green (fine) or red (what to do)."""
    return f"<span style='color:{'#1a7f37' if ok else '#b42318'}'>{html.escape(text)}</span>"
