"""The one-line header: the app's name and where the user is in the flow."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from wizard.flow import Step

LABELS: tuple[tuple[Step, str], ...] = (
    (Step.PROVIDER, "Provider"),
    (Step.METHOD, "Method"),
    (Step.SECRET, "Secret"),
    (Step.VALIDATE, "Verify"),
    (Step.PROFILE, "Profile"),
    (Step.REVIEW, "Review"),
    (Step.DONE, "Done"),
)


class StepBar(Static):
    """``authwizard  Provider › Method › Secret › …`` with the current step highlighted."""

    def __init__(self, current: Step | None, *, dry_run: bool = False) -> None:
        super().__init__(self.render_bar(current, dry_run))

    @staticmethod
    def render_bar(current: Step | None, dry_run: bool) -> Text:
        text = Text()
        text.append(" authwizard ", style="bold reverse")
        if dry_run:
            text.append(" dry run", style="bold")
        text.append("  ")
        passed = current is None
        for i, (step, label) in enumerate(LABELS):
            if i:
                text.append(" › ", style="dim")
            if step is current:
                text.append(label, style="bold underline")
                passed = True
            elif passed:
                text.append(label, style="dim")
            else:
                text.append(label)
        return text
