"""The bottom line of every screen: the keys that do something here, drawn as Textual's Footer.

Textual's ``Footer`` mounts one widget per key and recomposes them whenever the bindings
change; laying out, styling and re-mounting those took a third of the Welcome screen's first
frame. This is one widget that draws the same keys, with the same colours, as one line.

The key and description colours are the theme's footer variables, named in the styles below
and resolved by Textual when the line is drawn. Component classes would cost one more
stylesheet pass per class every time a screen mounts its bar.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.cells import cell_len
from textual import events
from textual.app import App
from textual.content import Content
from textual.screen import Screen
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

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        if self.keys() != self._shown:  # focus moves often change nothing here: no repaint
            self.refresh()

    def keys(self) -> list[Key]:
        return shown_keys(self.screen)

    def render(self) -> Content:
        self._shown = self.keys()
        content, self._spans = key_line(self._shown, self.size.width or 1_000)
        return content

    def on_click(self, event: events.Click) -> None:
        press(self.app, self._spans, event.x)


def shown_keys(screen: Screen[object]) -> list[Key]:
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


def key_line(keys: list[Key], width: int) -> tuple[Content, list[tuple[int, int, Key]]]:
    """``key_parts`` as one ``Content``."""
    parts, spans = key_parts(keys, width)
    return Content.assemble(*parts), spans


def press(app: App[object], spans: list[tuple[int, int, Key]], x: int) -> None:
    """A click at cell ``x`` of the key line: its key pressed (a bell for a disabled one)."""
    for start, end, key in spans:
        if start <= x < end:
            if key.enabled:
                app.simulate_key(key.key)
            else:
                app.bell()
            return
