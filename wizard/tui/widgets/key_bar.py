"""The bottom line of every screen: the keys that do something here, drawn as Textual's Footer.

Textual's ``Footer`` mounts one widget per key and recomposes them whenever the bindings
change; laying out, styling and re-mounting those took a third of the Welcome screen's first
frame. This is one widget that draws the same keys, with the same colours, as one line.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from rich.text import Text
from textual import events
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
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key", "key-bar--description", "key-bar--disabled",
    }

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
        """Like the Footer: one entry per action (its first key), in the screen's order."""
        out: list[Key] = []
        seen: set[str] = set()
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                out.append(Key(binding.key, self.app.get_key_display(binding),
                               binding.description, enabled))
        return out

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        disabled = self.get_component_rich_style("key-bar--disabled", partial=True)
        text = Text(no_wrap=True, overflow="crop")
        self._shown = self.keys()
        self._spans = []
        for key in self._shown:
            start = text.cell_len
            dim = None if key.enabled else disabled
            text.append(f" {key.display} ", key_style + dim)
            text.append(f"{key.description} ", description_style + dim)
            self._spans.append((start, text.cell_len, key))
        return text

    def on_click(self, event: events.Click) -> None:
        for start, end, key in self._spans:
            if start <= event.x < end:
                if key.enabled:
                    self.app.simulate_key(key.key)
                else:
                    self.app.bell()
                return
