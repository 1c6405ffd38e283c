"""Secret: a masked field that takes a whole (wrapped) paste, the clipboard, and says live what
the pasted text looks like.

Coloured words are Rich spans (``Text.assemble``), never a ``Text``'s own style: Textual reads
that one as a CSS colour name ("red" is #ff0000), which the theme's ANSI colours do not reach.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from wizard.core.paste import PasteError
from wizard.errors import WizardError
from wizard.spec.registry import Method, Provider
from wizard.steps import Step
from wizard.tui import messages
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.problem import problem_text
from wizard.tui.widgets.secret_input import SecretInput, UncheckedSecretInput
from wizard.views.text import METHOD_LABELS, short_name


def live_hint(raw: str, provider: str, method: str) -> Text:
    """What the text in the field is, in a few words (never the secret itself)."""
    from wizard.core.secrets import classify

    if not raw.strip():
        return Text("")
    try:
        credential = classify(raw, provider=provider, method=method)  # type: ignore[arg-type]
    except PasteError as exc:
        return Text.assemble((f"✗ {exc.message}", "red"))
    except ValueError:
        return Text("")
    return Text.assemble((f"✓ {credential.describe()} · {credential.redacted}", "green"))


def other_method(raw: str, provider: Provider, method: Method) -> Method | None:
    """The provider's other method, when the paste is that method's kind of credential."""
    from wizard.core.secrets import recognise

    if not raw.strip():
        return None
    found = recognise(raw)
    if found is None or found.provider != provider.id or found.method in (None, method):
        return None
    return found.method if found.method in provider.methods else None


def _a_method(method: Method) -> str:
    return "an API key" if method == "api-key" else "a setup token"


class SecretScreen(StepScreen):
    """Paste the credential."""

    class ClipboardRead(Message, bubble=False):
        """The clipboard worker's text (never shown in a repr)."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

        def __repr__(self) -> str:
            return "ClipboardRead(…)"

    class ClipboardFailed(Message, bubble=False):
        def __init__(self, message: str, fix: str | None) -> None:
            super().__init__()
            self.message = message
            self.fix = fix

    CSS_PATH = "secret.tcss"
    STEP = Step.SECRET
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Verify", show=False),
        Binding("ctrl+t", "switch_method('api-key')", "Use as API key"),
        Binding("ctrl+t", "switch_method('setup-token')", "Use as setup token"),
        Binding("ctrl+r", "reveal", "Reveal"),
        Binding("escape", "back", "Back"),
    ]

    switch_to: Method | None = None  # the method the paste fits, when it is not the chosen one

    def body(self) -> Iterable[Widget]:
        yield Static("", id="secret-title", classes="title")
        yield Static("", id="secret-help", classes="hint")
        cls = UncheckedSecretInput if self.wizard.opts.no_validate else SecretInput
        yield cls(placeholder="paste here (Ctrl+Shift+V, Shift+Insert or Ctrl+V)", id="secret")
        yield Static("", id="classification")
        yield Static("", id="secret-problem")

    def on_mount(self) -> None:
        self.describe_method()
        field = self.query_one("#secret", SecretInput)
        field.cursor_blink = self.wizard.cursor_blink
        field.focus()
        pasted = self.wizard.take_pending_paste()
        if pasted is not None:
            field.take_paste(pasted)  # pasted on another screen: it is in place here

    def describe_method(self) -> None:
        provider, method = self.flow.state.provider, self.flow.state.method
        assert provider is not None and method is not None
        what = METHOD_LABELS[method]
        self.query_one("#secret-title", Static).update(
            Text(f"Paste your {short_name(provider)} {what}", style="bold")
        )
        prefixes = provider.token_prefixes if method == "setup-token" else provider.key_prefixes
        starts = f"It starts with {prefixes[0]}. " if prefixes else ""
        self.query_one("#secret-help", Static).update(
            f"{starts}If the terminal wrapped it over several lines, paste all of it: the line "
            "breaks are removed. It stays hidden unless you reveal it."
        )

    def method_changed(self) -> None:
        """The method was switched to fit the paste: the paste stays, the words follow."""
        self.describe_method()
        self.classify()
        self.field.focus()

    @property
    def field(self) -> SecretInput:
        return self.query_one("#secret", SecretInput)

    def on_return(self) -> None:
        """Back from Verify: the credential stays, selected, so a new paste replaces it."""
        self.field.focus()
        self.field.select_all()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.classify()

    def classify(self) -> None:
        provider, method = self.flow.state.provider, self.flow.state.method
        assert provider is not None and method is not None
        raw = self.field.secret_text
        hint = live_hint(raw, provider.id, method)
        self.switch_to = other_method(raw, provider, method)
        if self.switch_to is not None:
            hint.append(f"\nCtrl+T: use it as {_a_method(self.switch_to)} (the paste stays).",
                        style="bold")
        self.query_one("#classification", Static).update(hint)
        self.query_one("#secret-problem", Static).update("")
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_method":
            return self.switch_to is not None and parameters[:1] == (self.switch_to,)
        return True

    def action_switch_method(self, method: str) -> None:
        if self.switch_to is not None and method == self.switch_to:
            self.post_message(messages.MethodSwitched(self, self.switch_to))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def action_submit(self) -> None:
        raw = self.field.secret_text
        problem = self.query_one("#secret-problem", Static)
        if not raw.strip():
            problem.update(Text.assemble(("Paste the credential first.", "yellow")))
            return
        self.post_message(messages.SecretGiven(self, raw))

    def refused(self, message: str) -> None:
        """The app could not take the paste: why."""
        self.query_one("#classification", Static).update("")  # said once, below
        self.query_one("#secret-problem", Static).update(
            Text.assemble((f"✗ {message}", "bold red")))

    def action_reveal(self) -> None:
        field = self.field
        field.password = not field.password
        self.notify("The secret is shown." if not field.password else "The secret is hidden.",
                    timeout=2)

    def on_secret_input_clipboard_requested(self, event: SecretInput.ClipboardRequested) -> None:
        event.stop()
        self.read_clipboard()

    @work(thread=True, exclusive=True, group="clipboard", exit_on_error=False)
    def read_clipboard(self) -> None:
        try:
            text = self.wizard.clipboard_reader()
        except WizardError as exc:
            self.post_message(self.ClipboardFailed(exc.message, exc.fix))
        except Exception as exc:  # a reader that broke in an unexpected way: still no crash
            self.post_message(self.ClipboardFailed(
                f"Cannot read the clipboard ({type(exc).__name__}).", None))
        else:
            self.post_message(self.ClipboardRead(text))

    @on(ClipboardFailed)
    def clipboard_failed(self, message: ClipboardFailed) -> None:
        self.query_one("#secret-problem", Static).update(
            problem_text(message.message, message.fix, mark="!", style="yellow"))
        self.notify("Paste with your terminal instead; the details are under the field.",
                    title="Cannot read the clipboard", severity="warning", timeout=6)

    @on(ClipboardRead)
    def clipboard_read(self, message: ClipboardRead) -> None:
        text = message.text
        if not text.strip():
            self.query_one("#secret-problem", Static).update(
                Text.assemble(("The clipboard is empty: copy the credential first.", "yellow"))
            )
            return
        self.field.take_paste(text)
        self.field.focus()
