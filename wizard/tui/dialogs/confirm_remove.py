"""Remove a profile: pick it (``ChooseProfile``, a ``ModalScreen[str]``, "" for Escape), then
confirm after seeing what changes (``ConfirmRemove``, a ``ModalScreen[bool]``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static

from wizard.tui.widgets.key_bar import KeyBar


class ChooseProfile(ModalScreen[str]):
    CSS_PATH = "confirm_remove.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Back")]

    def __init__(self, profiles: Sequence[str], title: str = "Remove which profile?") -> None:
        super().__init__()
        self.profiles = list(profiles)
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="remove-dialog"):
            yield Static(Text(self.title_text, style="bold"), id="remove-title")
            yield OptionList(*self.profiles, id="remove-profiles")
            yield Static("Enter  choose      Escape  back", id="remove-keys")
        yield KeyBar()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.profiles[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss("")


class ConfirmRemove(ModalScreen[bool]):
    CSS_PATH = "confirm_remove.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Remove"),
        Binding("n", "answer(False)", "Keep"),
        Binding("escape", "answer(False)", "Keep", show=False),
    ]

    def __init__(self, profile: str, lines: Sequence[str]) -> None:
        super().__init__()
        self.profile = profile
        self.lines = list(lines)

    def compose(self) -> ComposeResult:
        with Vertical(id="remove-dialog"):
            yield Static(Text(f"Remove {self.profile} from every agent?", style="bold"),
                         id="remove-title")
            with VerticalScroll(id="remove-preview"):
                yield Static(Text("\n".join(self.lines)), id="remove-text")
            yield Static("y  remove      n  keep it", id="remove-keys")
        yield KeyBar()

    def action_answer(self, remove: bool) -> None:
        self.dismiss(remove)
