"""The one-line header: the app's name and where the user is in the flow.

Drawn with Textual's line API: the line is built once per width, with the widget's own
colours, instead of going through a Static's markup and wrapping for one unchanging line.
"""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.color import Color
from textual.constants import DIM_FACTOR
from textual.filter import dim_color
from textual.strip import Strip
from textual.widget import Widget

from wizard.steps import Step
from wizard.tui.palette import AA, contrast, readable

LABELS: tuple[tuple[Step, str], ...] = (
    (Step.PROVIDER, "Provider"),
    (Step.METHOD, "Method"),
    (Step.SECRET, "Secret"),
    (Step.VALIDATE, "Verify"),
    (Step.PROFILE, "Profile"),
    (Step.REVIEW, "Review"),
    (Step.DONE, "Done"),
)


class StepBar(Widget):
    """``authwizard  Provider › Method › Secret › …`` with the current step highlighted."""

    def __init__(self, current: Step | None, *, dry_run: bool = False) -> None:
        super().__init__()
        self.current = current
        self.dry_run = dry_run
        self._strip: Strip | None = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip = None  # the theme or NO_COLOR changed the base style

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        if self._strip is None or self._strip.cell_length != width:
            self._strip = bar_strip(self.app.console, self.current, self.dry_run, width, base)
        return self._strip


def bar_strip(console: Console, current: Step | None, dry_run: bool, width: int,
              base: RichStyle) -> Strip:
    """The bar as one line of ``width`` cells on the ``base`` style (its colours)."""
    text = fitting(current, dry_run, width)
    if text.cell_len > width:  # what fits, ending at a whole word
        text = text.wrap(console, width, no_wrap=False)[0]
    segments = [
        Segment(s.text, legible(base + s.style) if s.style else base)
        for s in text.render(console)
        if s.text
    ]
    return Strip(segments).crop_extend(0, width, base)


def fitting(current: Step | None, dry_run: bool, width: int) -> Text:
    """The whole bar, or, where it is too wide, a window of it around the current step: the
    steps passed go first (``… ›``), then the last ones (``› …``); the current step is always
    there, whole."""
    whole = render_bar(current, dry_run)
    if whole.cell_len <= width:
        return whole
    at = 0 if current is None else [step for step, _ in LABELS].index(current)
    last = len(LABELS) - 1
    windows = [(first, last) for first in range(1, at + 1)]
    windows += [(at, end) for end in range(last - 1, at - 1, -1)]
    for first, end in windows:
        text = render_bar(current, dry_run, first, end)
        if text.cell_len <= width:
            return text
    return render_bar(current, dry_run, at, at)


def render_bar(current: Step | None, dry_run: bool, first: int = 0,
               end: int = len(LABELS) - 1) -> Text:
    text = Text()
    text.append(" authwizard ", style="bold reverse")
    if dry_run:
        text.append(" dry run", style="bold")
    text.append("  ")
    if first:
        text.append("… › ", style="dim")
    passed = current is None
    for i, (step, label) in enumerate(LABELS):
        if i < first or i > end:
            continue
        if i > first:
            text.append(" › ", style="dim")
        if step is current:
            text.append(label, style="bold underline")
            passed = True
        elif passed:
            text.append(label, style="dim")
        else:
            text.append(label)
    if end < len(LABELS) - 1:
        text.append(" › …", style="dim")
    return text


@lru_cache(maxsize=64)
def legible(style: RichStyle) -> RichStyle:
    """The steps to come are dim. Where a theme's dim reads at less than 4.5:1 on the bar (light
    themes: textual-light's at 4.4:1, solarized-light's at 2.5:1), they are drawn in the
    faintest colour that still does."""
    fg, bg = style.color, style.bgcolor
    if not style.dim or fg is None or bg is None or fg.triplet is None or bg.triplet is None:
        return style
    back = Color.from_rich_color(bg)
    dimmed = Color.from_rich_color(dim_color(bg, fg, DIM_FACTOR))  # as Textual draws dim
    if contrast(dimmed, back) >= AA:
        return style
    return style + RichStyle(dim=False, color=readable(dimmed, back).rich_color)
