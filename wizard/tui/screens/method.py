"""Method (providers with more than one): API key, or a setup token from `claude setup-token`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from wizard.spec.registry import Method
from wizard.steps import Step
from wizard.tui import messages
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.inputs import ChoiceList
from wizard.views.text import short_name

SUBSCRIPTION_NOTE = (
    "Setup tokens come from a Claude subscription and are meant for Claude Code; Anthropic's "
    "terms may limit their use in other apps, and Anthropic may refuse them outside Claude Code. "
    "An API key is the dependable choice."
)


class MethodScreen(StepScreen):
    """How the user will authenticate with the provider."""

    CSS_PATH = "method.tcss"
    STEP = Step.METHOD
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Choose", show=False),
        Binding("c", "run_setup_token", "Run claude setup-token"),
        Binding("escape", "back", "Back"),
    ]

    def body(self) -> Iterable[Widget]:
        yield Static("", id="method-title", classes="title")
        yield ChoiceList(id="methods")
        yield Static("", id="method-note", classes="hint")

    def on_mount(self) -> None:
        provider = self.flow.state.provider
        assert provider is not None
        self.query_one("#method-title", Static).update(
            Text(f"How do you want to sign in to {short_name(provider)}?", style="bold")
        )
        options = self.query_one("#methods", OptionList)
        for method in provider.methods:
            options.add_option(Option(self.label(method), id=method))
        current = self.flow.state.method
        options.highlighted = provider.methods.index(current) if current else 0
        options.focus()
        self.update_note()

    def on_return(self) -> None:
        """The secret step may have switched the method: show the one now chosen."""
        provider, current = self.flow.state.provider, self.flow.state.method
        if provider is not None and current is not None:
            self.query_one("#methods", OptionList).highlighted = provider.methods.index(current)

    def label(self, method: Method) -> Group:
        """The method's name, then where its secret comes from, indented under it (also where
        it wraps)."""
        provider = self.flow.state.provider
        assert provider is not None
        text = Text()
        if method == "api-key":
            text.append("API key", style="bold")
            text.append("  recommended", style="green")
            where = provider.docs_url or f"the {provider.name} console"
            source = f"create one at {where}"
        else:
            text.append("Setup token", style="bold")
            source = (f"printed by `{provider.setup_command or 'claude setup-token'}` "
                      "(needs a Claude subscription)")
        return Group(text, Padding(Text(source, style="dim"), (0, 0, 0, 2)))

    def has_claude(self) -> bool:
        return self.wizard.which("claude") is not None

    def highlighted_method(self) -> Method | None:
        options = self.query_one("#methods", OptionList)
        if options.highlighted is None:
            return None
        option = options.get_option_at_index(options.highlighted)
        return "setup-token" if option.id == "setup-token" else "api-key"

    def update_note(self) -> None:
        note = self.query_one("#method-note", Static)
        if self.highlighted_method() == "setup-token":
            text = Text()
            text.append(SUBSCRIPTION_NOTE, style="yellow")
            if self.has_claude():
                text.append("\n\nPress c to run `claude setup-token` now; you come back here "
                            "to paste its token.")
            else:
                text.append("\n\nRun `claude setup-token` in another terminal, then choose "
                            "this and paste the token it prints.")
            note.update(text)
        else:
            note.update(Text("An API key works everywhere and does not expire on its own.",
                             style="dim"))
        self.refresh_bindings()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.update_note()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_choose()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "run_setup_token":
            return self.is_mounted and self.has_claude() and (
                self.highlighted_method() == "setup-token"
            )
        return True

    def action_choose(self) -> None:
        method = self.highlighted_method()
        if method is None:
            return
        self.post_message(messages.MethodChosen(self, method))

    def action_run_setup_token(self) -> None:
        self.post_message(messages.SetupTokenRequested(self))
