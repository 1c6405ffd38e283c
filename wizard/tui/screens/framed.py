"""A screen that draws itself: the step bar on the first line, the key bar on the last, and a
page that scrolls between them.

It draws what ``StepBar``, a ``Static`` and ``KeyBar`` draw, with the same functions, as the
screen's own lines. Textual paints a screen's lines in every frame anyway; each widget on it
costs a mount, a layout and a second painting of the same cells. The Welcome is the first frame
a user waits for, so it has none (only Textual's own notifications and tooltips).
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.app import ComposeResult
from textual.geometry import Region, Size
from textual.screen import Screen
from textual.strip import Strip
from textual.types import AnimationLevel, CallbackType, EasingFunction

from wizard.steps import Step
from wizard.tui.screens.base import WizardScreen
from wizard.tui.widgets.key_bar import Key, key_strip, press, shown_keys
from wizard.tui.widgets.step_bar import bar_strip

PAD = 1  # cells left and right of the page


class FramedScreen(WizardScreen):
    """The step bar, the page (any Rich renderable, set with ``update``) and the key bar; the
    screen's scroll keys and the mouse wheel scroll the page."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"framed-screen--steps", "framed-screen--keys"}
    CURRENT: ClassVar[Step | None] = None  # the step the bar highlights (None: before them)

    def __init__(self) -> None:
        super().__init__()
        self._page: RenderableType = ""
        self._lines: dict[int, list[Strip]] = {}  # the page's lines, per width
        self._steps: Strip | None = None
        self._keys: list[Key] = []
        self._key_strip: Strip | None = None
        self._spans: list[tuple[int, int, Key]] = []
        self._base: RichStyle | None = None  # the page's style (Textual works it out on each call)
        self._changes = 0  # counts what changes the drawn lines but not the size or scroll
        self._painted: tuple[object, list[Strip]] | None = None

    def compose(self) -> ComposeResult:
        return ()

    # ------------------------------------------------------------ the page

    def update(self, page: RenderableType) -> None:
        self._page = page
        self._lines.clear()
        self._changes += 1
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
        """As Textual's ``ScrollView``: the scrollable size is the page's, not that of the
        children (the notifications and tooltips), and it is known in the same layout pass
        as the size (one frame, not two). The scrollbars follow it on every pass, also when
        only the page changed (a worker's look arriving after the screen is shown)."""
        if size:
            self.set_reactive(FramedScreen.virtual_size, self._fitted(size))
        if size_changed := self._size != size:
            self._set_dirty()
        if (size_changed or virtual_size != self.virtual_size
                or container_size != self.container_size):
            self._scrollbar_changes.clear()
            self._size = size
            self._container_size = size - self.styles.gutter.totals
            self._scroll_update(self.virtual_size)
        return size_changed or self._container_size != container_size

    def scroll_to(
        self, x: float | None = None, y: float | None = None, *, animate: bool = True,
        speed: float | None = None, duration: float | None = None,
        easing: EasingFunction | str | None = None, force: bool = False,
        on_complete: CallbackType | None = None, level: AnimationLevel = "basic",
        immediate: bool = False, release_anchor: bool = True,
    ) -> None:
        """At once, as Textual's ``ScrollView`` scrolls: a widget waits for the next refresh,
        so keys pressed together (three ↓ in one read) would all scroll to the same line."""
        super().scroll_to(x, y, animate=animate, speed=speed, duration=duration, easing=easing,
                          force=force, on_complete=on_complete, level=level, immediate=True,
                          release_anchor=release_anchor)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self.refresh()  # the page is the screen's own lines: no child moves with it

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._steps = self._key_strip = self._base = None  # the theme or NO_COLOR changed
        self._changes += 1

    # ------------------------------------------------------------ the key bar

    def on_mount(self) -> None:
        self.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        if self.keys() != self._keys:  # focus moves often change nothing here
            self._key_strip = None
            self._changes += 1
            self.refresh()

    def keys(self) -> list[Key]:
        return shown_keys(self)

    def key_spans(self) -> list[tuple[int, int, Key]]:
        """Where each key is drawn on the last line: (first cell, end, key)."""
        return self._spans

    def on_click(self, event: events.Click) -> None:
        if event.y == self.size.height - 1:
            press(self.app, self._spans, event.x)

    # ------------------------------------------------------------ drawing

    def render_lines(self, crop: Region) -> list[Strip]:
        """Textual repaints the whole screen once it is shown, though nothing on it changed:
        the lines painted last are kept until the size, the scroll or the lines change."""
        drawn = (crop, self.size, self.scroll_offset, self._changes)
        if self._painted is None or self._painted[0] != drawn:
            self._painted = (drawn, super().render_lines(crop))
        return self._painted[1]

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            if self._steps is None or self._steps.cell_length != width:
                base = self.get_component_rich_style("framed-screen--steps")
                self._steps = bar_strip(self.app.console, self.CURRENT, self.wizard.opts.dry_run,
                                        width, base)
            return self._steps
        if y == self.size.height - 1:
            return self._key_line(width)
        row = self.scroll_offset.y + y - 1
        if self._base is None:
            self._base = self.rich_style
        base = self._base
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
            base = self.get_visual_style("framed-screen--keys")
            self._key_strip, self._spans = key_strip(self, base, self._keys, width)
        return self._key_strip
