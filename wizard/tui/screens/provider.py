"""Provider: a search field filtering the list of providers; Enter picks the highlighted one.

A key the terminal typed into the search (no bracketed paste) is masked from its first known
prefix on and never echoed: the search hands it to the secret step once its prefix names the
provider, else it stays (masked) while the user picks the provider."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from wizard.core.secrets import Recognised, recognise
from wizard.spec.registry import PROVIDERS, Provider
from wizard.steps import Step
from wizard.tui import messages
from wizard.tui.screens.base import StepScreen
from wizard.tui.widgets.inputs import ChoiceList, SearchInput
from wizard.views.text import methods_words


def key_like(query: str) -> bool:
    """A search that finds nothing and could be the start of a key of a provider whose keys
    have no known prefix (letters and digits, no space): masked, never echoed."""
    q = query.strip()
    return (len(q) >= 8 and not any(c.isspace() for c in q) and any(c.isdigit() for c in q)
            and not any(matches(p, q) for p in PROVIDERS.values()))


class ProviderSearch(SearchInput):
    def hides(self, value: str) -> bool:
        return key_like(value)


def matches(provider: Provider, query: str) -> bool:
    q = query.strip().lower()
    if not q:
        return True
    return q in provider.name.lower() or q in provider.id or any(
        q in v.lower() for v in provider.env_vars
    )


class ProviderScreen(StepScreen):
    """Which provider the credential is for."""

    CSS_PATH = "provider.tcss"
    STEP = Step.PROVIDER
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "choose", "Choose", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("escape", "back", "Back"),
    ]

    def body(self) -> Iterable[Widget]:
        yield Static(Text("Which provider is the credential for?", style="bold"), classes="title")
        yield ProviderSearch(placeholder="Type to search (e.g. claude, openai, kimi)", id="search")
        yield ChoiceList(id="providers")
        yield Static("", id="provider-note", classes="hint")

    def on_mount(self) -> None:
        search = self.query_one("#search", Input)
        search.cursor_blink = self.wizard.cursor_blink
        self.fill("")
        search.focus()

    def existing(self) -> dict[str, list[str]]:
        """Provider id → its existing profile ids (any agent)."""
        out: dict[str, list[str]] = {}
        snap = self.flow.located.snapshot
        for store in snap.stores.values():
            for pid, entry in store.profiles().items():
                if isinstance(entry, dict) and isinstance(entry.get("provider"), str):
                    ids = out.setdefault(entry["provider"], [])
                    if pid not in ids:
                        ids.append(pid)
        return out

    def fill(self, query: str, typed: Recognised | None = None) -> None:
        """The providers matching ``query``; ``typed``: what the secret typed into the search
        is (then it is not a query: every provider is listed)."""
        options = self.query_one("#providers", OptionList)
        options.clear_options()
        have = self.existing()
        shown = [p for p in PROVIDERS.values() if matches(p, query)]
        for p in shown:
            label = Text()
            label.append(f"{p.name:<22}", style="bold")
            label.append(f" {methods_words(p)}")
            if p.id in have:
                label.append(f"  · has {', '.join(have[p.id])}", style="green")
            options.add_option(Option(label, id=p.id))
        note = self.query_one("#provider-note", Static)
        held = self.wizard.pending_label
        if shown:
            options.highlighted = 0
            note.update("↑/↓ to move, Enter to choose")
            if typed is not None:
                then = "on to the secret step" if typed.provider else "choose its provider"
                note.update(Text.assemble(
                    (f"That looks like {typed.a_label()}, kept hidden: {then}.", "yellow")))
            elif held is not None:
                note.update(Text.assemble(
                    (f"You pasted {held}, kept hidden: choose its provider.", "yellow")))
        elif key_like(query) or recognise(query) is not None:  # perhaps a key: never echoed
            note.update("No provider matches what you typed. Clear the search to see them all.")
        else:
            note.update(f"No provider matches {query!r}. Clear the search to see them all.")

    @property
    def search(self) -> ProviderSearch:
        return self.query_one("#search", ProviderSearch)

    def on_input_changed(self, event: Input.Changed) -> None:
        typed = self.search.typed
        self.fill("" if typed else event.value, typed)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_choose()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.choose(event.option.id)

    def action_move(self, delta: int) -> None:
        options = self.query_one("#providers", OptionList)
        if options.option_count == 0:
            return
        current = options.highlighted if options.highlighted is not None else -1
        options.highlighted = max(0, min(options.option_count - 1, current + delta))

    def action_choose(self) -> None:
        options = self.query_one("#providers", OptionList)
        if options.highlighted is None or options.option_count == 0:
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id:
            self.choose(option.id)

    def choose(self, provider_id: str) -> None:
        search = self.search
        secret = search.value if search.typed is not None else None  # for the secret step
        self.post_message(messages.ProviderChosen(self, provider_id, secret))
