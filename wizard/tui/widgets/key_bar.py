"""The bottom line of every screen: the keys that do something here, drawn as Textual's Footer.

Textual's ``Footer`` mounts one widget per key and recomposes them whenever the bindings
change; laying out, styling and re-mounting those took a third of the Welcome screen's first
frame. This is one widget that draws the same keys, with the same colours, as one line.

The key and description colours are the theme's footer variables, named in the styles below
and resolved through the app's stylesheet when the line is drawn (``key_strip``, which the
Welcome's ``FramedScreen`` draws its last line with too). Component classes would cost one more
stylesheet pass per class every time a screen mounts its bar.
"""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.app import App
from textual.screen import Screen
from textual.strip import Strip
from textual.style import Style as VisualStyle
from textual.widget import Widget


class Key(NamedTuple):
    key: str
    display: str
    description: str
    enabled: bool


class KeyBar(Widget):
    """`key description` for each shown, enabled-or-dimmed binding of the screen; a click on
    one presses its key."""

    ALLOW_SELECT = False
    KEY_STYLE: ClassVar[str] = "bold $footer-key-foreground on $footer-key-background"
    DESCRIPTION_STYLE: ClassVar[str] = (
        "$footer-description-foreground on $footer-description-background"
    )
    DISABLED_STYLE: ClassVar[str] = "dim"

    def __init__(self) -> None:
        super().__init__()
        self._shown: list[Key] = []
        self._spans: list[tuple[int, int, Key]] = []  # cells start, end
        self._strip: Strip | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        if self.keys() != self._shown:  # focus moves often change nothing here: no repaint
            self._strip = None
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strip = None  # the theme or NO_COLOR changed the colours

    def keys(self) -> list[Key]:
        return shown_keys(self.screen)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if self._strip is None or self._strip.cell_length != width:
            self._shown = self.keys()
            self._strip, self._spans = key_strip(self, self.visual_style, self._shown, width)
        return self._strip

    def on_click(self, event: events.Click) -> None:
        press(self.app, self._spans, event.x)


def shown_keys(screen: Screen[Any]) -> list[Key]:
    """Like the Footer: one entry per action (its first key), in the screen's order."""
    out: list[Key] = []
    seen: set[str] = set()
    for _node, binding, enabled, _tooltip in screen.active_bindings.values():
        if binding.show and binding.action not in seen:
            seen.add(binding.action)
            out.append(Key(binding.key, screen.app.get_key_display(binding),
                           binding.description, enabled))
    return out


def key_parts(keys: list[Key], width: int
              ) -> tuple[list[tuple[str, str]], list[tuple[int, int, Key]]]:
    """The keys that fit in ``width`` cells as (text, style) parts, and where each is drawn (a
    key that does not fit is left out whole, never cut mid-word)."""
    spans: list[tuple[int, int, Key]] = []
    parts: list[tuple[str, str]] = []
    end = 0
    for key in keys:
        dim = "" if key.enabled else f" {KeyBar.DISABLED_STYLE}"
        pressed = f" {key.display} "
        described = f"{key.description} "
        if end + cell_len(pressed) + cell_len(described.rstrip()) > width:
            break
        parts += [(pressed, KeyBar.KEY_STYLE + dim), (described, KeyBar.DESCRIPTION_STYLE + dim)]
        start, end = end, end + cell_len(pressed) + cell_len(described)
        spans.append((start, end, key))
    return parts, spans


def key_strip(widget: Widget, base: VisualStyle, keys: list[Key], width: int
              ) -> tuple[Strip, list[tuple[int, int, Key]]]:
    """``key_parts`` drawn as one line of ``width`` cells on ``base``, styled as a ``Content``
    of them would be, without laying one out; and where each key is drawn."""
    parts, spans = key_parts(keys, width)
    styles: dict[str, RichStyle] = {}
    for _, name in parts:
        if name not in styles:
            styles[name] = (base + widget.app.stylesheet.parse_style(name)).rich_style
    drawn = [Segment(text, styles[name]) for text, name in parts]
    pad = (base + VisualStyle(reverse=False)).rich_style  # as Textual pads a line
    return Strip(drawn).crop_extend(0, width, pad), spans


def press(app: App[object], spans: list[tuple[int, int, Key]], x: int) -> None:
    """A click at cell ``x`` of the key line: its key pressed (a bell for a disabled one)."""
    for start, end, key in spans:
        if start <= x < end:
            if key.enabled:
                app.simulate_key(key.key)
            else:
                app.bell()
            return
