"""Import the old auth-profiles.json first: what the doctor's repairs and OpenClaw's own import
would do, then Import or Cancel (a ``ModalScreen[bool]``; Cancel changes nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from wizard.tui.widgets.key_bar import KeyBar

TITLE = "Import the old auth-profiles.json into OpenClaw?"


class ConfirmImport(ModalScreen[bool]):
    CSS_PATH = "confirm_import.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Import"),
        Binding("n", "answer(False)", "Cancel"),
        Binding("escape", "answer(False)", "Cancel", show=False),
    ]

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__()
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="import-dialog"):
            yield Static(Text(TITLE, style="bold"), id="import-title")
            with VerticalScroll(id="import-preview"):
                yield Static(Text("\n".join(self.lines)), id="import-text")
            yield Static("y  import      n  cancel (nothing is changed)", id="import-keys")
        yield KeyBar()

    def action_answer(self, agreed: bool) -> None:
        self.dismiss(agreed)
