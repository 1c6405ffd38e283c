"""Done: what was written, the profile's status, and the next command."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from wizard.steps import Step
from wizard.tui import messages
from wizard.tui.screens.base import StepScreen
from wizard.views import doctor_view as doctor_bridge
from wizard.views.text import tildify_text
from wizard.views.written import exit_summary, next_command, written


class DoneScreen(StepScreen):
    """The end of the flow; any key that means "leave" exits with 0."""

    CSS_PATH = "done.tcss"
    STEP = Step.DONE
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "exit", "Exit"),
        Binding("q", "exit", "Exit", show=False),
        Binding("escape", "exit", "Exit", show=False),
    ]

    def body(self) -> Iterable[Widget]:
        with VerticalScroll(id="done"):
            yield Static("", id="done-text")

    def on_mount(self) -> None:
        self.query_one("#done-text", Static).update(self.summary())
        self.query_one("#done", VerticalScroll).focus()
        self.wizard.leave_summary(self.exit_summary())  # however the app is left from here

    def summary(self) -> Text:
        flow = self.flow
        outcome = flow.state.outcome
        assert outcome is not None
        home = self.wizard.home
        agents = ", ".join(flow.state.agents)
        text = Text()
        changed = bool(outcome.written or outcome.backups or outcome.external)
        if not changed:
            text.append(f"✓ {outcome.profile_id} is already set up exactly so; nothing was "
                        "changed.\n", style="bold green")
        else:
            verb = "Rotated" if outcome.rotated else "Wrote"
            text.append(f"✓ {verb} {outcome.profile_id} for agent{'s' if ',' in agents else ''} "
                        f"{agents}", style="bold green")
            if outcome.external:
                text.append(" through `openclaw models auth`", style="bold green")
            text.append("\n")
        verdict = flow.state.verdict
        if verdict is not None and str(verdict.outcome) == "limited":
            text.append(f"! {verdict.message}\n", style="yellow")
        if verdict is None or str(verdict.outcome) == "unverified":
            text.append("! Saved without a successful check: run `authwizard status` later.\n",
                        style="yellow")
        w = written(outcome, flow.located.files, home)
        for heading, paths in (("Created", w.created), ("Changed", w.changed),
                               ("Backups", w.backups)):
            if paths:
                text.append(f"\n{heading}\n" if heading != "Backups" else "Backups\n",
                            style="bold")
                for path in paths:
                    text.append(f"  {path}\n")
        for line in outcome.tightened:
            text.append(f"! tightened permissions: {line}\n", style="yellow")
        for note in outcome.notes:
            text.append(f"! {tildify_text(note, home)}\n", style="yellow")
        env = self.wizard.gathered.environment if self.wizard.gathered else None
        status = doctor_bridge.status_line(env, flow, self.wizard.now_ms())
        if status:
            text.append("\nStatus\n", style="bold")
            for line in status.splitlines():
                text.append(f"  {line}\n")
        restart = next_command(env.detected, self.wizard.which) if (
            changed and env is not None) else None
        if restart is not None:
            text.append("\nNext\n", style="bold")
            text.append(f"  {restart}", style="bold cyan")
            text.append("   so the running gateway picks it up\n", style="dim")
        return text

    def action_exit(self) -> None:
        self.post_message(messages.Finished(self))

    def exit_summary(self) -> list[str]:
        """What stays in the terminal after the wizard exits."""
        flow = self.flow
        outcome = flow.state.outcome
        assert outcome is not None
        env = self.wizard.gathered.environment if self.wizard.gathered else None
        restart = next_command(env.detected, self.wizard.which) if (
            env is not None) else None
        verdict = flow.state.verdict
        return exit_summary(outcome, flow.state.agents, flow.located.files, self.wizard.home,
                            unverified=verdict is None or str(verdict.outcome) == "unverified",
                            next_cmd=restart)

    def action_back(self) -> None:
        self.action_exit()
