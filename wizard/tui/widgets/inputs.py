"""Input and list widgets whose Enter is named in the Footer, and fields that never show a
secret typed into them.

The Footer shows the bindings of the focused widget first: ``Input`` and ``OptionList`` bind
Enter with ``show=False``, which hides the screen's own "Enter: Next". These subclasses name it.

A terminal without bracketed paste (or a slow, typed paste) delivers a pasted key as key
presses into whatever field has the focus. A ``GuardedInput`` masks its value the moment it is
the start of a secret and, once the keys stop coming, hands it to the app (``SecretTyped``),
which takes it to the secret step.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.timer import Timer
from textual.widgets import Input, OptionList

from wizard.core.secrets import Recognised, typed_secret
from wizard.tui import messages

HAND_OVER = 0.15  # seconds without a key: the keys the terminal sent at once have all landed


class GuardedInput(Input):
    """A field that is not for secrets (``typed``: the secret it holds instead)."""

    HANDS_OVER_UNNAMED: ClassVar[bool] = True  # also a secret whose prefix names no provider

    typed: Recognised | None = None
    handed_over = False
    _hand_over: Timer | None = None

    def watch_value(self, value: str) -> None:
        self.handed_over = False  # cleared, say, after the wizard could not take it
        self.typed = typed_secret(value)
        self.password = self.typed is not None or self.hides(value)
        if self._hand_over is not None:
            self._hand_over.stop()
            self._hand_over = None
        if self.typed is not None and (self.typed.provider or self.HANDS_OVER_UNNAMED):
            self._hand_over = self.set_timer(HAND_OVER, self.hand_over)

    def hides(self, value: str) -> bool:
        """Whether to mask a value that is not (yet) a secret."""
        return False

    def hand_over(self) -> None:
        self._hand_over = None
        if self.typed is not None:
            self.handed_over = True
            # straight to the app, as the keys that follow it (``SecretKey``) go: a message
            # bubbling through the screen could arrive after them, and they would be lost
            self.app.post_message(messages.SecretTyped(self.screen, self.value))

    async def _on_key(self, event: events.Key) -> None:
        if self.handed_over and event.is_printable and event.character is not None:
            # sent here before the wizard took the secret away: it follows the secret
            event.stop()
            event.prevent_default()
            self.app.post_message(messages.SecretKey(self.screen, event.character, event.time))
            return
        await super()._on_key(event)

    async def action_submit(self) -> None:
        """Enter on a secret hands it over at once: it is never taken as a name or search."""
        if self._hand_over is not None:
            self._hand_over.stop()
            self.hand_over()
            return
        await super().action_submit()


class SearchInput(GuardedInput):
    """The provider search: a secret whose prefix does not name its provider stays here,
    masked, while the user chooses the provider from the list."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Choose")]
    HANDS_OVER_UNNAMED = False


class NextInput(GuardedInput):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "submit", "Next")]


class ChoiceList(OptionList):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Choose")]
