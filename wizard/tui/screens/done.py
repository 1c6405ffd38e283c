"""Done: what was written, the profile's status, and the next command."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from wizard.steps import Step
from wizard.tui import messages
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.indented import IndentedText
from wizard.views import doctor_view as doctor_bridge
from wizard.views.text import tildify_text
from wizard.views.written import exit_summary, written

if TYPE_CHECKING:
    from wizard.views.old_copies import CopiesRemoved, OldCopies


class DoneScreen(StepScreen):
    """The end of the flow; any key that means "leave" exits with 0. Backups that still hold
    a secret no profile uses (the old token after a rotation) are offered for removal."""

    CSS_PATH = "done.tcss"
    STEP = Step.DONE
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "exit", "Exit"),
        Binding("q", "exit", "Exit", show=False),
        Binding("escape", "exit", "Exit", show=False),
        Binding("d", "remove_old_copies", "Remove old copies"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.old_copies: OldCopies | None = None  # offered for removal
        self.removing = False
        self.removed: CopiesRemoved | None = None

    def body(self) -> Iterable[Widget]:
        with VerticalScroll(id="done"):
            yield Static("", id="done-text")

    def on_mount(self) -> None:
        self.show()
        self.query_one("#done", VerticalScroll).focus()
        self.post_message(messages.OldCopiesRequested(self))

    def show(self) -> None:
        self.query_one("#done-text", Static).update(self.summary())
        self.wizard.leave_summary(self.exit_summary())  # however the app is left from here
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "remove_old_copies":
            return self.old_copies is not None and not self.removing
        if action == "exit" and self.removing:
            return None  # a moment: the files are being overwritten
        return True

    def offer(self, copies: OldCopies | None) -> None:
        """The app found the old copies (None: nothing to offer)."""
        self.old_copies = copies
        if copies is not None:
            self.show()

    def action_remove_old_copies(self) -> None:
        if self.old_copies is None or self.removing:
            return
        self.removing = True
        self.show()
        self.post_message(messages.RemoveOldCopies(self))

    def copies_removed(self, removed: CopiesRemoved) -> None:
        self.removing = False
        self.removed = removed
        self.old_copies = None
        self.show()

    def summary(self) -> Group:
        flow = self.flow
        outcome = flow.state.outcome
        assert outcome is not None
        home = self.wizard.home
        agents = ", ".join(flow.state.agents)
        text = IndentedText()
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
        # a backup removed, or offered for removal below, is named there
        shown = {*(self.removed.paths if self.removed else ()),
                 *(self.old_copies.paths if self.old_copies else ())}
        backups = [p for p in w.backups if p not in shown]
        for heading, paths in (("Created", w.created), ("Changed", w.changed),
                               ("Backups", backups)):
            if paths:
                text.append(f"\n{heading}\n" if heading != "Backups" else "Backups\n",
                            style="bold")
                for path in paths:
                    text.item(path)
        self.old_copies_text(text)
        for line in outcome.tightened:
            text.append(f"! tightened permissions: {line}\n", style="yellow")
        for note in outcome.notes:
            text.append(f"! {tildify_text(note, home)}\n", style="yellow")
        env = self.wizard.gathered.environment if self.wizard.gathered else None
        status = doctor_bridge.status_line(env, flow, self.wizard.now_ms())
        if status:
            text.append("\nStatus\n", style="bold")
            for line in status.splitlines():
                text.item(line)
        restart = env.detected.next_step if changed and env is not None else None
        if restart is not None:
            text.append("\nNext\n", style="bold")
            text.item(Text.assemble((restart, "bold cyan"),
                                    ("   so the running gateway picks it up", "dim")))
        return text.render()

    def old_copies_text(self, text: IndentedText) -> None:
        """The offer to remove the old copies, or what was removed."""
        old, removed = self.old_copies, self.removed
        if old is not None:
            text.append(f"\n! {old.words}:\n", style="bold yellow")
            for path in old.paths:
                text.item(path)
            them = "it" if len(old.paths) == 1 else "them"
            if self.removing:
                text.item(f"Removing {them}…", style="bold")
            else:
                text.item(f"Press d to remove {them} (overwrite, then delete): "
                          "recommended if it leaked.")
        if removed is not None and removed.paths:
            text.append("\nRemoved (overwritten, then deleted)\n", style="bold green")
            for path in removed.paths:
                text.item(path)
        if removed is not None and removed.problem:
            text.append(f"! {removed.problem}\n", style="yellow")

    def action_exit(self) -> None:
        self.post_message(messages.Finished(self))

    def exit_summary(self) -> list[str]:
        """What stays in the terminal after the wizard exits."""
        flow = self.flow
        outcome = flow.state.outcome
        assert outcome is not None
        env = self.wizard.gathered.environment if self.wizard.gathered else None
        restart = env.detected.next_step if env is not None else None
        verdict = flow.state.verdict
        old, removed = self.old_copies, self.removed
        copies = None
        if old is not None:
            them = "it" if len(old.paths) == 1 else "them"
            copies = f"! {old.words}: `authwizard doctor --fix` removes {them}."
        elif removed is not None and removed.paths:
            copies = (f"  Removed {len(removed.paths)} old cop"
                      f"{'y' if len(removed.paths) == 1 else 'ies'} (overwritten, then deleted)")
        return exit_summary(outcome, flow.state.agents, flow.located.files, self.wizard.home,
                            unverified=verdict is None or str(verdict.outcome) == "unverified",
                            next_cmd=restart, copies=copies)

    def action_back(self) -> None:
        self.action_exit()
