"""Profile & agents: the suggested profile id (rotation shows what it replaces) and which agents
get the credential."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Checkbox, Input, SelectionList, Static
from textual.widgets.selection_list import Selection

from wizard.errors import WizardError
from wizard.flow import Suggestion
from wizard.steps import Step
from wizard.tui import messages
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.expiry_choice import ExpiryChoice
from wizard.tui.widgets.inputs import NextInput
from wizard.tui.widgets.problem import problem_text
from wizard.views import expiry_choice
from wizard.views.text import expiry_words


class AgentList(SelectionList[str]):
    """Space toggles an agent; Enter moves on (instead of toggling)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "screen.next", "Next"),
        Binding("space", "select", "Toggle"),
    ]


def rotation_words(s: Suggestion, now_ms: float) -> Text:
    if not s.rotation:
        return Text(f"New profile {s.profile_id}.", style="green")
    text = Text()
    text.append("Rotation: ", style="bold yellow")
    text.append(f"replaces {s.profile_id} ")
    text.append(f"[{s.current_redacted or 'no secret'}]", style="bold")
    when = expiry_words(s.current_expires_ms, now_ms) if s.current_expires_ms else ""
    if when:
        text.append(f", {when}")
    text.append(". Keep the id to replace it; type another to add a second profile.", style="dim")
    return text


class ProfileScreen(StepScreen):
    """Which profile id, which agents, where the secret lives; for a setup token, when it
    expires (asked here, beside the expiry of the token a rotation replaces: it is written
    into the profile, and only as the user answers)."""

    CSS_PATH = "profile.tcss"
    STEP = Step.PROFILE
    # on_mount focuses the id without scrolling: the auto-focus would centre it on a page
    # taller than the terminal, hiding the step bar
    AUTO_FOCUS = ""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "next", "Next", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.suggestion: Suggestion | None = None
        self.edited = False

    def body(self) -> Iterable[Widget]:
        yield Static(Text("Where should it be saved?", style="bold"), classes="title")
        yield Static("Profile id", classes="label")
        yield NextInput(id="profile-id")
        yield Static("", id="rotation", classes="hint")
        yield Static("Agents to write (Space toggles)", classes="label")
        yield AgentList(id="agents")
        yield Checkbox("Keep it in the OS keychain; OpenClaw gets a reference",
                       id="keychain")
        yield Static("", id="keychain-note", classes="hint")
        if self.flow.credential_type() == "token":
            question = Text(expiry_choice.QUESTION)
            question.append(expiry_choice.WHY, style="not bold dim")
            yield Static(question, classes="label")
            yield ExpiryChoice(expiry_choice.choices(self.wizard.now_ms()), id="expiry")
            date = NextInput(placeholder=expiry_choice.DATE_PLACEHOLDER, id="expiry-date",
                             compact=True)
            date.display = False
            yield date
        yield Static("", id="profile-problem")

    def on_mount(self) -> None:
        agents = self.query_one("#agents", AgentList)
        known = self.flow.known_agents()
        preset = self.preselected(known)
        default = self.flow.default_agent()
        for agent in known:
            label = f"{agent} (default)" if agent == default else agent
            agents.add_option(Selection(label, agent, agent in preset))
        if known:
            agents.highlighted = 0
        field = self.query_one("#profile-id", Input)
        field.cursor_blink = self.wizard.cursor_blink
        for date in self.query("#expiry-date").results(Input):
            date.cursor_blink = self.wizard.cursor_blink
        self.suggest()
        self.offer_keychain()
        field.focus(scroll_visible=False)  # the screen opens at its top, the step bar in view

    def offer_keychain(self) -> None:
        """Offered only where it can work: a release that reads references and a keyring
        backend that stores something; otherwise shown disabled, with the reason."""
        box = self.query_one("#keychain", Checkbox)
        box.value = self.flow.state.store == "keychain"
        reason = self.wizard.keychain_unavailable()
        if reason:
            box.disabled = True
            self.query_one("#keychain-note", Static).update(Text(reason, style="dim"))

    def preselected(self, known: list[str]) -> set[str]:
        if self.flow.state.agents:
            return set(self.flow.state.agents)
        choice = self.wizard.opts.agents_choice()
        if choice == "all":
            return set(known)
        if isinstance(choice, list):
            wanted = {a for a in choice if a in known}
            if wanted:
                return wanted
        return {self.flow.default_agent()}

    def selected_agents(self) -> list[str]:
        chosen = set(self.query_one("#agents", AgentList).selected)
        return [a for a in self.flow.known_agents() if a in chosen]

    def suggest(self) -> None:
        agents = tuple(self.selected_agents()) or None
        self.suggestion = self.flow.suggest_profile(agents)
        field = self.query_one("#profile-id", Input)
        if not self.edited:
            with field.prevent(Input.Changed):
                field.value = self.suggestion.profile_id
        self.show_rotation()

    def show_rotation(self) -> None:
        s = self.suggestion
        value = self.query_one("#profile-id", Input).value.strip()
        note = self.query_one("#rotation", Static)
        if s is None:
            return
        if value and value != s.profile_id:
            note.update(Text("A profile id of your own; it is checked when you press Enter.",
                             style="dim"))
        else:
            text = rotation_words(s, self.wizard.now_ms())
            others = self.others_holding(s.profile_id) if s.rotation else []
            if others:
                text.append(f"\n{', '.join(others)} also hold{'s' if len(others) == 1 else ''} "
                            f"{s.profile_id}: select {'it' if len(others) == 1 else 'them'} "
                            "below to rotate there too.", style="yellow")
            note.update(text)

    def others_holding(self, profile_id: str) -> list[str]:
        """Agents not selected whose own store holds ``profile_id``."""
        chosen = set(self.selected_agents())
        stores = self.flow.located.snapshot.stores
        return [a for a in self.flow.known_agents()
                if a not in chosen and a in stores and profile_id in stores[a].profiles()]

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#profile-problem", Static).update("")
        if event.input.id == "profile-id":
            self.edited = True
            self.show_rotation()

    def on_radio_set_changed(self, event: ExpiryChoice.Changed) -> None:
        self.show_date_field()

    def on_expiry_choice_chosen(self, event: ExpiryChoice.Chosen) -> None:
        self.show_date_field()
        if event.key == "date":
            self.query_one("#expiry-date", Input).focus()
        else:
            self.action_next()

    def show_date_field(self) -> None:
        date = self.query_one("#expiry-date", Input)
        date.display = self.query_one("#expiry", ExpiryChoice).choice == "date"
        self.query_one("#profile-problem", Static).update("")

    def expires(self) -> str | None:
        """The expiry as the user answered it (None: record none)."""
        found = self.query("#expiry").results(ExpiryChoice)
        choice = next(iter(found), None)
        if choice is None:
            return None
        return expiry_choice.answer(choice.choice, self.query_one("#expiry-date", Input).value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_next()

    def on_selection_list_selected_changed(
        self, event: SelectionList.SelectedChanged[str]
    ) -> None:
        self.suggest()

    def action_next(self) -> None:
        agents = self.selected_agents()
        problem = self.query_one("#profile-problem", Static)
        if not agents:
            problem.update(Text("Choose at least one agent (Space toggles).", style="yellow"))
            return
        value = self.query_one("#profile-id", Input).value.strip()
        suggested = self.suggestion.profile_id if self.suggestion else None
        profile = None if not value or value == suggested else value  # None: DESIGN §3 rule 6
        store = "keychain" if self.query_one("#keychain", Checkbox).value else "openclaw"
        self.post_message(messages.ProfileChosen(self, profile, agents, store, self.expires()))

    def refused(self, exc: WizardError) -> None:
        """The app could not take the profile: why, and the fix."""
        problem = self.query_one("#profile-problem", Static)
        problem.update(problem_text(exc.message, exc.fix))
        self.call_after_refresh(problem.scroll_visible, animate=False)  # once it has its height
