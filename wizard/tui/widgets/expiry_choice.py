"""The Profile step's question about a setup token's expiry, as radio buttons: Space picks the
highlighted answer, Enter picks it and moves on (as Enter does in every other field)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import RadioButton, RadioSet

from wizard.views.expiry_choice import PRESET, Choice, Key


class ExpiryChoice(RadioSet):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Next"),
        Binding("space", "choose(False)", "Choose"),
    ]

    class Chosen(Message):
        """Enter on an answer: the screen moves on (or to the date field)."""

        def __init__(self, key: Key) -> None:
            super().__init__()
            self.key = key

    def __init__(self, choices: tuple[Choice, ...], *, id: str | None = None) -> None:  # noqa: A002
        self.keys: tuple[Key, ...] = tuple(c.key for c in choices)
        self.choice: Key = PRESET
        super().__init__(*(RadioButton(c.label, value=c.key == PRESET) for c in choices),
                         id=id, compact=True)

    def on_mount(self) -> None:
        self.call_after_refresh(self.highlight_choice)  # after the set's own mount

    def on_focus(self) -> None:
        self.highlight_choice()

    def highlight_choice(self) -> None:
        """The highlight starts on the answer given (at first, the preset), not on the first
        answer, which Enter would then pick."""
        self._selected = self.keys.index(self.choice)

    def _scroll_to_selected(self) -> None:
        if self.has_focus:  # a highlight moved while out of focus does not scroll the screen
            super()._scroll_to_selected()

    def action_choose(self, move_on: bool = True) -> None:
        index = self._selected
        if index is None:
            return
        self.choice = self.keys[index]
        self.query(RadioButton)[index].value = True
        if move_on:
            self.post_message(self.Chosen(self.choice))

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.choice = self.keys[event.index]  # a click
