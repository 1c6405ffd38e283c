"""Text built as on a Rich ``Text``, with indented items whose wrapped lines stay under their
first (a hanging indent, which a ``Text`` cannot do)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.style import StyleType
from rich.text import Text


class IndentedText:
    def __init__(self) -> None:
        self._parts: list[RenderableType] = []
        self._text = Text()

    def append(self, text: str, style: StyleType = "") -> IndentedText:
        self._text.append(text, style=style)
        return self

    def item(self, item: str | Text, style: StyleType = "", indent: int = 2) -> None:
        """One line of its own, indented; where it wraps, under itself."""
        self._flush()
        line = item if isinstance(item, Text) else Text(item, style=style)
        self._parts.append(Padding(line, (0, 0, 0, indent)))

    def _flush(self) -> None:
        text = self._text
        if text.plain.endswith("\n"):
            text.right_crop(1)  # the part that follows starts a line of its own
        if text.plain:
            self._parts.append(text)
        self._text = Text()

    def render(self) -> Group:
        self._flush()
        return Group(*self._parts)
