"""Review: the redacted diff of both files and what will be backed up; Write or Back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from wizard.errors import WizardError
from wizard.steps import Step
from wizard.tui import messages
from wizard.tui.dialogs.which_release import INSTALL_FIRST, JSON_FILES, LATEST, WhichRelease
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.diff_view import DiffView
from wizard.tui.widgets.problem import problem_text
from wizard.views.expiry_choice import review_words
from wizard.views.text import plural, tildify, tildify_text


class ReviewScreen(StepScreen):
    """The last look before anything is written."""

    CSS_PATH = "review.tcss"
    STEP = Step.REVIEW
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "write", "Write"),
        Binding("w", "write", "Write", show=False),
        Binding("enter", "dry_done", "Done (dry run)"),
        Binding("d", "dry_done", "Done (dry run)", show=False),
        Binding("escape", "back", "Back"),
    ]

    writing = False

    def body(self) -> Iterable[Widget]:
        yield Static("", id="review-title", classes="title")
        yield DiffView(self.diff_text(), id="diff")
        yield Static("", id="backups", classes="hint")
        yield Static("", id="review-problem")

    def diff_text(self) -> str:
        return tildify_text(self.flow.diff(), self.wizard.home)

    def on_mount(self) -> None:
        plan = self.flow.state.plan
        assert plan is not None
        agents = ", ".join(self.flow.state.agents)
        kind = "Rotate" if plan.rotated else "Add"
        title = Text()
        title.append(f"{kind} {plan.profile_id} ({self.flow.credential_type()}) for "
                     f"{plural(len(self.flow.state.agents), 'agent')}: {agents}", style="bold")
        expires = review_words(self.flow.state.expires, self.wizard.now_ms())
        if expires and self.flow.credential_type() == "token":
            title.append(f"\n{expires}")
        if plan.nothing_to_do and self.sqlite_generation():
            title.append("\nopenclaw.json needs no change; the credential still goes to "
                         "OpenClaw's store.")
        elif plan.nothing_to_do:
            title.append("\nNothing to change: it is already set up exactly so.", style="green")
        self.query_one("#review-title", Static).update(title)
        self.query_one("#backups", Static).update(self.backup_words())
        self.query_one("#diff", DiffView).focus()

    def sqlite_generation(self) -> str | None:
        """G3/G4 (credentials in SQLite, written by OpenClaw's own command), else None."""
        env = self.wizard.gathered.environment if self.wizard.gathered else None
        if env is None or env.detected.reads_json:
            return None
        return env.detected.generation

    def backup_words(self) -> Text:
        plan = self.flow.state.plan
        assert plan is not None
        files = self.flow.located.files
        home = self.wizard.home

        def shown(target: str) -> str:
            return tildify(files[target], home) if target in files else target

        backed = [shown(c.target) for c in plan.changes if c.old_text is not None]
        created = [shown(c.target) for c in plan.changes if c.old_text is None]
        text = Text()
        if self.wizard.opts.dry_run:
            text.append("Dry run: nothing will be written.\n", style="bold yellow")
        generation = self.sqlite_generation()
        if generation:
            text.append(f"OpenClaw {generation} keeps credentials in SQLite: "
                        "authwizard hands the credential to `openclaw models auth` (on stdin) "
                        "and checks the result with `openclaw models status`.\n")
            backed, created = [], []
        dry = self.wizard.opts.dry_run
        if created:
            verb = "Would create" if dry else "Will create"
            text.append(f"{verb}: ", style="bold")
            text.append(", ".join(created) + "\n")
        if backed:
            verb = "Would change" if dry else "Will change"
            text.append(f"{verb}: ", style="bold")
            text.append(", ".join(backed))
            text.append(" (backed up first as .bak; older backups rotate to .bak.1 … .bak.4)\n",
                        style="dim")
        for note in plan.notes:
            text.append(f"! {note}\n", style="yellow")
        text.rstrip()
        return text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        dry = self.wizard.opts.dry_run
        if self.writing:
            return False if action != "back" else None
        if action == "write":
            return not dry
        if action == "dry_done":
            return dry
        return True

    def action_write(self) -> None:
        if self.wizard.opts.dry_run or self.writing:
            return
        env = self.wizard.gathered.environment if self.wizard.gathered else None
        if env is not None and env.detected.unknown_release:
            self.app.push_screen(WhichRelease(env.detected.unknown_release), self.release_chosen)
            return
        self.start_writing()

    def release_chosen(self, answer: str | None) -> None:
        if answer == JSON_FILES:
            self.start_writing()
        elif answer == LATEST:
            self.query_one("#review-problem", Static).update(Text(INSTALL_FIRST, style="bold"))

    def start_writing(self) -> None:
        self.writing = True
        self.refresh_bindings()
        self.query_one("#review-problem", Static).update(Text("Writing…", style="bold"))
        self.post_message(messages.WriteRequested(self))

    def write_failed(self, exc: WizardError, changed: list[str] | None = None) -> None:
        """The write stopped: whether anything was written, why, and the fix; the diff gives
        up room so all of it is in sight."""
        self.writing = False
        self.refresh_bindings()
        home = self.wizard.home
        text = Text()
        if changed:
            text.append(f"Written before it stopped: {', '.join(changed)}.\n", style="bold")
        else:
            text.append("Nothing was written.\n", style="bold")
        text.append_text(problem_text(tildify_text(exc.message, home),
                                      tildify_text(exc.fix or "", home)))
        self.query_one("#diff", DiffView).add_class("-short")
        problem = self.query_one("#review-problem", Static)
        problem.update(text)
        problem.scroll_visible(animate=False)

    def action_dry_done(self) -> None:
        if self.wizard.opts.dry_run:
            self.post_message(messages.Finished(self))
