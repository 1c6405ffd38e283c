"""Verify: one live check in an exclusive worker, a spinner, and the answer in plain words."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import LoadingIndicator, Static

from wizard.errors import WizardError
from wizard.steps import Step
from wizard.tui import messages
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.problem import problem_text
from wizard.views.text import OUTCOME_HEADLINE, OUTCOME_NEXT, short_name

if TYPE_CHECKING:
    from wizard.providers.validate import Verdict

UNREACHED = frozenset({"connection", "dns", "tls", "timeout", "proxy"})
STYLE = {"valid": "bold green", "limited": "bold yellow", "rejected": "bold red",
         "unverified": "bold yellow", "error": "bold red"}


AFTER_LIMITED_MESSAGE = ("OpenClaw's messages meet the limit above until it is lifted. Press "
                         "Enter to save it anyway, or Esc to go back.")


class VerifyScreen(StepScreen):
    """Checks the credential with the provider; Escape cancels or goes back."""

    CSS_PATH = "verify.tcss"
    STEP = Step.VALIDATE
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Continue"),
        Binding("r", "retry", "Retry"),
        Binding("s", "save_unverified", "Save unverified"),
        Binding("t", "test_message", "Send a test message"),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.state = "checking"  # checking | valid | limited | rejected | unverified | error
        self.shown_after: float | None = None  # seconds the spinner was up, last check
        self.message_test = "none"  # none | sending | done: the opt-in test message

    def body(self) -> Iterable[Widget]:
        yield Static("", id="verify-what", classes="title")
        yield LoadingIndicator(id="spinner")
        yield Static("", id="verdict")
        yield Static("", id="message-test")
        yield Static("", id="verdict-next", classes="hint")

    def on_mount(self) -> None:
        self.start_check()

    def set_title(self, checking: bool, reached: bool = True) -> None:
        provider, credential = self.flow.state.provider, self.flow.state.credential
        assert provider is not None and credential is not None
        what = f"your {credential.label} ({credential.redacted})"
        name = short_name(provider)
        if not reached:
            title = f"Could not reach {name} to check {what}"
        else:
            title = f"{'Checking' if checking else 'Checked'} {what} with {name}"
        self.query_one("#verify-what", Static).update(
            Text(title + ("…" if checking else ""), style="bold"))

    def retrying(self, seconds: float, attempt: int, total: int) -> None:
        """The provider was busy: say so while the check waits, instead of a silent spinner."""
        provider = self.flow.state.provider
        assert provider is not None
        self.query_one("#verdict-next", Static).update(
            f"{short_name(provider)} is busy: retrying in {seconds:.0f} s, attempt {attempt} of "
            f"{total}. Esc cancels the check.")

    def start_check(self) -> None:
        self.state = "checking"
        self.message_test = "none"
        self.query_one("#message-test", Static).display = False
        self.set_title(True)
        self.query_one("#spinner", LoadingIndicator).display = True
        self.query_one("#verdict", Static).update("")
        self.query_one("#verdict-next", Static).update("Esc cancels the check.")
        self.refresh_bindings()
        self.post_message(messages.CheckRequested(self))

    def checked(self, verdict: Verdict | None, error: WizardError | None,
                shown_after: float) -> None:
        """The app's check is back: the verdict, or why nothing was sent."""
        self.shown_after = shown_after
        if verdict is not None:
            self.show_verdict(verdict)
        elif error is not None:
            self.show_error(error)

    def show_verdict(self, verdict: Verdict) -> None:
        outcome = str(verdict.outcome)
        self.state = outcome
        mark, headline = OUTCOME_HEADLINE.get(outcome, ("?", outcome))
        text = Text()
        text.append(f"{mark} {headline}\n", style=STYLE.get(outcome, "bold"))
        text.append(verdict.message)
        self._show(text, OUTCOME_NEXT.get(outcome, "") + self._offer(),
                   reached=verdict.reason not in UNREACHED)

    def _offer(self) -> str:
        """What the opt-in test message would send and cost, while it can be sent."""
        provider = self.flow.state.provider
        if self.state not in ("valid", "limited") or provider is None or (
            provider.message_test is None or self.message_test != "none"
        ):
            return ""
        from wizard.providers.message_test import what_it_sends

        return f"\nPress t to send a test message: {what_it_sends(provider)}."

    def action_test_message(self) -> None:
        if self.check_action("test_message", ()) is True:
            self.message_test = "sending"
            shown = self.query_one("#message-test", Static)
            shown.display = True
            shown.update(Text("Sending one test message…", style="bold"))
            self.query_one("#verdict-next", Static).update("")
            self.refresh_bindings()
            self.post_message(messages.MessageTestRequested(self))

    def message_tested(self, verdict: Verdict | None, error: WizardError | None) -> None:
        """The test message is back: what only a message shows."""
        self.message_test = "done"
        if verdict is None:
            assert error is not None
            self.query_one("#message-test", Static).update(problem_text(error.message,
                                                                        error.fix))
        else:
            outcome = str(verdict.outcome)
            mark = OUTCOME_HEADLINE.get(outcome, ("?", outcome))[0]
            text = Text()
            text.append(f"{mark} Test message: ", style=STYLE.get(outcome, "bold"))
            text.append(verdict.message)
            self.query_one("#message-test", Static).update(text)
            if outcome == "rejected" or (outcome == "limited" and self.state == "valid"):
                self.state = outcome
        limited = verdict is not None and str(verdict.outcome) == "limited"
        self.query_one("#verdict-next", Static).update(
            AFTER_LIMITED_MESSAGE if limited else OUTCOME_NEXT.get(self.state, ""))
        self.refresh_bindings()

    def show_error(self, error: WizardError) -> None:
        self.state = "error"
        self._show(problem_text(error.message, error.fix),
                   "Nothing was sent. Press Esc to go back.")

    def _show(self, text: Text, next_words: str, reached: bool = True) -> None:
        self.set_title(False, reached)
        self.query_one("#spinner", LoadingIndicator).display = False
        self.query_one("#verdict", Static).update(text)
        self.query_one("#verdict-next", Static).update(next_words)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return self.state in ("valid", "limited")
        if action in ("retry", "save_unverified"):
            return self.state == "unverified"
        if action == "test_message":
            provider = self.flow.state.provider
            return (self.state in ("valid", "limited") and self.message_test == "none"
                    and provider is not None and provider.message_test is not None)
        return True

    def action_next(self) -> None:
        self.post_message(messages.VerdictAccepted(self))

    def action_retry(self) -> None:
        if self.state == "unverified":
            self.start_check()

    def action_save_unverified(self) -> None:
        if self.state == "unverified":
            self.post_message(messages.SaveUnverified(self))

    def on_return(self) -> None:
        self.refresh_bindings()
