"""Secrets that arrive as key presses. A terminal without bracketed paste (tmux `send-keys`, a
slow typed paste) delivers a pasted key as keys: into the focused field, or, on a screen where
no field has the focus, to the screen's bindings (`q` quits and leaves the rest of the key to
the shell, `w` writes, `f` fixes).

- A field that is not for secrets (``widgets.inputs.GuardedInput``) masks a secret typed into
  it and hands it over once the keys stop coming (``HAND_OVER``).
- Keys that come in a burst, faster than anyone types, and spell the start of a known key prefix
  on a screen where no field has the focus are held (``KeyBurst``): the first key of a burst
  has run its binding before the second says it is one.

Either way the wizard takes the secret to the secret step (``SecretKeys``), and the keys still
coming follow it there in the order they were pressed, though two ways deliver them: the field
they went to before it handed over, and the app after.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from wizard.core.paste import known_prefixes
from wizard.core.secrets import Recognised, typed_secret
from wizard.tui.widgets.inputs import HAND_OVER

if TYPE_CHECKING:
    from textual import events
    from textual.timer import Timer

    from wizard.tui.app import WizardApp

GAP = 0.05  # seconds between two keys of a burst; people type slower than this


class KeyBurst:
    """The printable keys of the current burst (``text``) and whether they are a secret."""

    def __init__(self) -> None:
        self.text = ""
        self.at = float("-inf")  # when its last key was pressed

    def reset(self) -> None:
        self.text = ""

    def hold(self, char: str, at: float) -> bool:
        """Whether the key ``char`` (pressed at ``at``) belongs to a secret: never to a
        binding. The first key of a burst is never held, only remembered."""
        if at - self.at > GAP:
            self.text = ""
        self.at = at
        text = self.text + char
        could_be = typed_secret(text) is not None or any(
            p.startswith(text) for p in known_prefixes())
        if not could_be:
            self.text = ""
            return False
        first, self.text = not self.text, text
        return not first

    def secret(self) -> Recognised | None:
        return typed_secret(self.text) if self.text else None


class Typed:
    """A secret on its way to the secret step: the text handed over, then each key after it in
    the order it was pressed (by the key's time, not by when it arrived). ``named``: its prefix
    named the provider, so every printable key until Enter, Escape or an arrow is part of it;
    otherwise it waits on the provider list, and a pause ends it (the user's search follows)."""

    def __init__(self, base: str, *, named: bool, at: float) -> None:
        self.base = base
        self.named = named
        self._keys: list[tuple[float, int, str]] = []
        self._last = at  # when its last key came (or when it was handed over)

    def follows(self, at: float) -> bool:
        """Whether a key pressed at ``at`` is part of the secret."""
        return self.named or at - self._last <= HAND_OVER

    def add(self, char: str, at: float) -> str:
        bisect.insort(self._keys, (at, len(self._keys), char))
        self._last = max(self._last, at)
        return self.base + "".join(c for _, _, c in self._keys)


class SecretKeys:
    """The app's side: keys that are a secret go to the secret step, never to a binding."""

    def __init__(self, app: WizardApp) -> None:
        self.app = app
        self.burst = KeyBurst()
        self.typed: Typed | None = None  # a secret taken to the secret step, keys still coming
        self._burst_end: Timer | None = None

    def took_key(self, event: events.Key) -> bool:
        """Whether ``event`` is a key of a secret (then nothing else sees it)."""
        from textual.widgets import Input

        char = event.character if event.is_printable else None
        if self.typed is not None:
            if char is not None and self.typed.follows(event.time):
                self.add(char, event.time)
                return True
            self.typed = None  # Enter, Escape, an arrow, a pause…: the secret is all there
        if char is None or isinstance(self.app.focused, Input):
            self.burst.reset()
            return False
        if not self.burst.hold(char, event.time):
            return False
        found = self.burst.secret()
        if self._burst_end is not None:
            self._burst_end.stop()
            self._burst_end = None
        if found is not None and found.provider is not None:
            self.take(self.burst.text, found, event.time)
        else:  # its provider unknown yet: it goes once the burst ends
            self._burst_end = self.app.set_timer(HAND_OVER, self._burst_ended)
        return True

    def _burst_ended(self) -> None:
        self._burst_end = None
        found = self.burst.secret()
        if found is not None:
            self.take(self.burst.text, found, self.burst.at)

    def take(self, text: str, found: Recognised, at: float) -> None:
        """To the secret step (to the provider list, when the prefix names no provider); ``at``:
        when its last key was pressed."""
        self.burst.reset()
        self.app.route_secret(text, found)
        going = self.app.pending_paste is not None
        self.typed = Typed(text, named=found.provider is not None, at=at) if going else None

    def add(self, char: str, at: float) -> None:
        """A key of the secret taken to the secret step, pressed at ``at``."""
        from wizard.tui.widgets.secret_input import SecretInput

        if self.typed is None:
            return
        text = self.typed.add(char, at)
        if self.app.pending_paste is not None:  # the secret step has not taken it yet
            self.app.pending_paste = text
            return
        for field in self.app.screen.query(SecretInput):
            field.value = text
            field.cursor_position = len(text)
            return
        self.typed = None
