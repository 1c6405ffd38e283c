"""A masked input that keeps a whole multi-line paste.

Textual's ``Input`` keeps only the first line of a paste: a token the terminal wrapped over two
lines would be cut exactly as in OpenClaw issue #8733. This input hands the whole pasted text to
the normaliser instead, shows the result as one line, and remembers the raw paste so the flow
sees exactly what was pasted (banner text, two tokens, … are then named correctly).
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


def one_line(text: str) -> str:
    """What a paste looks like as one line: the normalised token, else its pieces joined."""
    from wizard.core.paste import PasteError, normalise

    try:
        return normalise(text)
    except PasteError:
        return "".join(text.split())


class SecretInput(Input):
    """``Input(password=True)`` with whole-paste handling and a clipboard request."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Verify"),
        Binding("ctrl+v", "paste", "Paste"),
        Binding("ctrl+u", "clear", "Clear"),
    ]

    class ClipboardRequested(Message):
        """The user asked to paste from the system clipboard."""

    def __init__(self, *, placeholder: str = "", id: str | None = None) -> None:  # noqa: A002
        super().__init__(placeholder=placeholder, password=True, id=id)
        self.raw_paste: str | None = None
        self._pasted_value: str | None = None

    @property
    def secret_text(self) -> str:
        """The text to classify: the raw paste while the field still shows it, else the value."""
        if self.raw_paste is not None and self.value == self._pasted_value:
            return self.raw_paste
        return self.value

    def take_paste(self, text: str) -> None:
        """Put a paste (terminal or clipboard) into the field, whole, in place of what was
        there: a second paste never runs two keys together."""
        if not text:
            return
        line = one_line(text)
        self.raw_paste = text
        self._pasted_value = line
        self.value = line
        self.cursor_position = len(self.value)

    def action_clear(self) -> None:
        self.raw_paste = None
        self._pasted_value = None
        self.value = ""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input._on_paste would keep the first line only
        event.stop()
        self.take_paste(event.text)

    def action_paste(self) -> None:
        self.post_message(self.ClipboardRequested())


class UncheckedSecretInput(SecretInput):
    """The same field when the credential will not be checked (``--no-validate``)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Continue")]
