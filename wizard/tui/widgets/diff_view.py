"""A scrollable, coloured unified diff (already redacted by the flow)."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static


def colour_diff(diff: str) -> Text:
    text = Text()
    for line in diff.splitlines():
        if line.startswith(("+++", "---")):
            style = "bold"
        elif line.startswith("@@"):
            style = "cyan"
        elif line.startswith("+"):
            style = "green"
        elif line.startswith("-"):
            style = "red"
        else:
            style = ""
        text.append(line + "\n", style=style)
    text.rstrip()
    return text


class DiffView(VerticalScroll, can_focus=True):
    """The diff, scrollable with the arrow keys and PgUp/PgDn."""

    def __init__(self, diff: str, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(Static(colour_diff(diff) if diff else Text("(no changes)", "dim")),
                         id=id)
