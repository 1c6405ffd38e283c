"""A whole screen as one widget: the step bar on the first line, the key bar on the last, and a
page that scrolls between them.

It draws what ``StepBar``, a ``Static`` and ``KeyBar`` draw, as the Welcome screen had them,
with the same functions. Each of those widgets cost Textual about a tenth of a minimal app's
first frame to mount, lay out and paint, and the Welcome is the first frame a user waits for.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip

from wizard.steps import Step
from wizard.tui.widgets.key_bar import Key, key_strip, press, shown_keys
from wizard.tui.widgets.step_bar import bar_strip

PAD = 1  # cells left and right of the page, as ``#page { padding: 0 1; }`` had them


class FramedPage(ScrollView):
    """The step bar, the page (any Rich renderable, set with ``update``) and the key bar."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"framed-page--steps", "framed-page--keys"}
    can_focus = False  # the screen's keys scroll it: a typed letter is never the page's

    def __init__(self, current: Step | None, *, dry_run: bool = False,
                 id: str | None = None) -> None:  # noqa: A002 - as Textual names it
        super().__init__(id=id)
        self.current = current
        self.dry_run = dry_run
        self._page: RenderableType = ""
        self._lines: dict[int, list[Strip]] = {}  # the page's lines, per width
        self._steps: Strip | None = None
        self._keys: list[Key] = []
        self._key_strip: Strip | None = None
        self._spans: list[tuple[int, int, Key]] = []
        self._base: RichStyle | None = None  # the page's style (Textual works it out on each call)

    # ------------------------------------------------------------ the page

    def update(self, page: RenderableType) -> None:
        self._page = page
        self._lines.clear()
        if self.size:  # laid out already: the scrollable height changes with the page
            self.virtual_size = self._fitted(self.size)
        self.refresh()

    def page_lines(self, width: int) -> list[Strip]:
        """The page drawn ``width`` cells wide (without its padding), unstyled."""
        if width not in self._lines:
            console = self.app.console
            options = self.app.console_options.update_width(max(1, width)).update(
                highlight=False)
            self._lines[width] = [Strip(line) for line in
                                  console.render_lines(self._page, options, pad=False)]
        return self._lines[width]

    def plain(self, width: int) -> str:
        return "\n".join(line.text for line in self.page_lines(width))

    def _fitted(self, size: Size) -> Size:
        """The scrollable size: the page's lines at the width left beside the scrollbar (where
        it needs one), plus the two bars."""
        width, height = size
        lines = len(self.page_lines(width - 2 * PAD))
        if lines + 2 > height:
            width -= self.styles.scrollbar_size_vertical
            lines = len(self.page_lines(width - 2 * PAD))
        return Size(width, lines + 2)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size,
                      layout: bool = True) -> bool:
        if size:  # known in the same layout pass as the size: one frame, not two
            self.set_reactive(FramedPage.virtual_size, self._fitted(size))
        return super()._size_updated(size, virtual_size, container_size, layout)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._steps = self._key_strip = self._base = None  # the theme or NO_COLOR changed

    # ------------------------------------------------------------ the key bar

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if shown_keys(screen) != self._keys:  # focus moves often change nothing here
            self._key_strip = None
            self.refresh()

    def keys(self) -> list[Key]:
        return shown_keys(self.screen)

    def key_spans(self) -> list[tuple[int, int, Key]]:
        """Where each key is drawn on the last line: (first cell, end, key)."""
        return self._spans

    def on_click(self, event: events.Click) -> None:
        if event.y == self.size.height - 1:
            press(self.app, self._spans, event.x)

    # ------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            if self._steps is None or self._steps.cell_length != width:
                base = self.get_component_rich_style("framed-page--steps")
                self._steps = bar_strip(self.app.console, self.current, self.dry_run, width,
                                        base)
            return self._steps
        if y == self.size.height - 1:
            return self._key_line(width)
        if self._base is None:
            self._base = self.rich_style
        base = self._base
        row = self.scroll_offset.y + y - 1
        lines = self.page_lines(width - 2 * PAD)
        if row >= len(lines):
            return Strip.blank(width, base)
        pad = Segment(" " * PAD, base)
        drawn = [Segment(text, base + style if style else base, control)
                 for text, style, control in lines[row] if text]
        return Strip([pad, *drawn]).crop_extend(0, width, base)

    def _key_line(self, width: int) -> Strip:
        if self._key_strip is None or self._key_strip.cell_length != width:
            self._keys = self.keys()
            base = self.get_visual_style("framed-page--keys")
            self._key_strip, self._spans = key_strip(self, base, self._keys, width)
        return self._key_strip
