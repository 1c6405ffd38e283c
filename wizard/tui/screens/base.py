"""What every step screen shares: the step bar, the key bar, Escape = back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

from wizard.steps import Step
from wizard.tui import messages
from wizard.tui.widgets.key_bar import KeyBar
from wizard.tui.widgets.step_bar import StepBar

if TYPE_CHECKING:
    from wizard.flow import Flow
    from wizard.tui.app import WizardApp


class WizardScreen(Screen[None]):
    """A screen of the wizard app (typed access to the app)."""

    @property
    def wizard(self) -> WizardApp:
        return cast("WizardApp", self.app)

    def compose(self) -> ComposeResult:
        step: Step | None = getattr(self, "STEP", None)
        yield StepBar(step, dry_run=self.wizard.opts.dry_run)
        yield from self.body()
        yield KeyBar()

    def body(self) -> Iterable[Widget]:
        return ()


class StepScreen(WizardScreen):
    """One step of the flow. ``STEP`` ties it to ``Flow.step`` for back navigation."""

    STEP: ClassVar[Step]
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    @property
    def flow(self) -> Flow:
        return self.wizard.flow

    def action_back(self) -> None:
        self.post_message(messages.Back(self))

    def on_return(self) -> None:
        """Called when Back lands on this screen again."""
