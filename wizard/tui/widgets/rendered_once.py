"""A Rich renderable that Textual renders once per width instead of once per question.

Textual renders a Rich renderable in full to learn its height, at every layout pass, and again
to paint it: for the Welcome screen's facts table, a millisecond each, several times before the
first frame. The lines do not change until the width does.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RichVisual
from textual.widget import Widget


class RenderedOnce(RichVisual):
    """Pass one to ``Static.update``; the lines are kept per width, the base style applied to
    them as Textual's ``RichVisual`` does."""

    def __init__(self, widget: Widget, renderable: RenderableType) -> None:
        super().__init__(widget, renderable)
        self._owner = widget
        self._lines: dict[int, list[list[Segment]]] = {}

    def lines(self, width: int) -> list[list[Segment]]:
        if width not in self._lines:
            app = self._owner.app
            options = app.console_options.update_width(width).update(highlight=False)
            self._lines[width] = app.console.render_lines(self._renderable, options, pad=False)
        return self._lines[width]

    def plain(self, width: int) -> str:
        return "\n".join("".join(segment.text for segment in line) for line in self.lines(width))

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        base: RichStyle = style.rich_style
        return [
            Strip([Segment(text, base + seg_style if base else seg_style, control)
                   for text, seg_style, control in line if text])  # "" draws nothing
            for line in self.lines(width)[:height]
        ]
