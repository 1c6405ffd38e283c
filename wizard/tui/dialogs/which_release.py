"""Nothing says which OpenClaw release this machine runs: ask before writing. A
``ModalScreen[str]``: ``LATEST`` (install it first; the wizard writes through it), ``JSON_FILES``
(a release that reads the JSON files), or ``""`` (Escape: back to the review)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from wizard.spec.releases import GENERATION_ROWS, show
from wizard.tui.widgets.key_bar import KeyBar

LATEST = "latest"
JSON_FILES = "json"
LAST_JSON_RELEASE = show(max(r.last_known for r in GENERATION_ROWS if r.reads_json))
INSTALL_FIRST = (
    "Install OpenClaw first (npm install -g openclaw@latest), then run authwizard again: it "
    "hands the credential to OpenClaw's own command. Nothing was written."
)


class WhichRelease(ModalScreen[str]):
    """The two answers that decide which files carry the credential."""

    CSS_PATH = "which_release.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", f"answer('{LATEST}')", "Latest OpenClaw"),
        Binding("j", f"answer('{JSON_FILES}')", f"Up to {LAST_JSON_RELEASE}"),
        Binding("escape", "answer('')", "Back"),
    ]

    def __init__(self, why: str) -> None:
        super().__init__()
        self.why = why

    def compose(self) -> ComposeResult:
        with Vertical(id="which-release"):
            yield Static(Text("Which OpenClaw do you use?", style="bold"),
                         id="which-release-title")
            yield Static(
                f"{self.why[:1].upper()}{self.why[1:]}, and the files it reads depend on it.\n\n"
                "l  the latest OpenClaw: install it first; the wizard writes through it\n"
                f"j  an older release up to {LAST_JSON_RELEASE}: the JSON files\n\n"
                "Escape  back to the review",
                id="which-release-text",
            )
        yield KeyBar()

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)
