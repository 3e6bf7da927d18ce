"""Colours, icons and small HTML pieces shared by the panels.

The colours are Okabe and Ito's, which stay apart for the common kinds of colour blindness, close to the Dagster
UI's (green done, red failed, grey missing); every status is also written out, never shown by colour alone.
"""

import html

COLOURS = {
    "materialized": "#007a5e",
    "done": "#007a5e",
    "failed": "#c2410c",
    "missing": "#767676",
    "in progress": "#0072b2",
    "running": "#0072b2",
    "queued": "#b45309",
    "skipped": "#767676",
    "not run": "#a3a3a3",
    "waiting": "#767676",
}
# Font Awesome 4 names, as ipywidgets buttons take them.
ICONS = {"materialized": "check", "failed": "times", "missing": "circle-o", "in progress": "spinner"}


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
