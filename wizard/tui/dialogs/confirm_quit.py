"""Quit with something unsaved? A ``ModalScreen[bool]``: y quits, n/Escape stays."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from wizard.tui.widgets.key_bar import KeyBar


class ConfirmQuit(ModalScreen[bool]):
    """Ask before throwing away a credential that was given but not written."""

    CSS_PATH = "confirm_quit.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Quit"),
        Binding("n", "answer(False)", "Stay"),
        Binding("escape", "answer(False)", "Stay", show=False),
        Binding("q", "answer(True)", "Quit", show=False),
        Binding("ctrl+c", "answer(True)", "Quit", show=False, priority=True),
        Binding("ctrl+q", "answer(True)", "Quit", show=False, priority=True),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Text("Quit without saving?", style="bold"), id="confirm-title")
            yield Static(
                "The credential you gave has not been written; nothing on disk has changed.\n\n"
                "y  quit      n  stay",
                id="confirm-text",
            )
        yield KeyBar()

    def action_answer(self, quit_now: bool) -> None:
        self.dismiss(quit_now)
