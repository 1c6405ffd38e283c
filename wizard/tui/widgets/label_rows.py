"""Label | value rows drawn as plain lines: what a two-column ``Table.grid`` looks like, for a
fraction of its cost (a table measures and renders every cell several times)."""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console, ConsoleOptions, RenderResult
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

LABEL_STYLE = Style(bold=True)
NEW_LINE = Segment.line()


class LabelRows:
    """A ``width``-cell bold label column, one space, then the value, wrapped under itself
    (hanging indent). A row with an empty label continues the section above it."""

    def __init__(self, rows: Iterable[tuple[str, Text]] = (), width: int = 12) -> None:
        self.rows = list(rows)
        self.width = width

    def add(self, label: str, value: Text) -> None:
        self.rows.append((label, value))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        # The gap belongs to the label: a value's text then starts its own span in an SVG
        # export, and viewers that ignore textLength still draw it in its column.
        blank = Segment(" " * (self.width + 1), LABEL_STYLE)
        value_width = max(1, options.max_width - self.width - 1)
        for label, value in self.rows:
            style = console.get_style(value.style, default=Style.null())
            fits = value.cell_len <= value_width and "\n" not in value.plain
            lines = [value] if fits else value.wrap(console, value_width)
            for i, line in enumerate(lines):
                yield Segment(label[: self.width].ljust(self.width + 1), LABEL_STYLE) if i == 0 \
                    else blank
                yield from Segment.apply_style(line.render(console), style)
                yield NEW_LINE
