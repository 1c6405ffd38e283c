"""Welcome: what exists before anything changes, and a one-key way to fix the doctor's findings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer

from wizard.errors import ImportNeeded
from wizard.tui import messages
from wizard.tui.screens.framed import FramedScreen
from wizard.tui.widgets.label_rows import LabelRows
from wizard.tui.widgets.problem import problem_text
from wizard.views import doctor_view as doctor_bridge
from wizard.views.diagnosis import fix_words, lead
from wizard.views.facts import Facts, Gathered, Line
from wizard.views.text import plural, tildify_text

STYLES = {"plain": "", "ok": "green", "warn": "yellow", "error": "bold red", "dim": "dim"}
LABEL_WIDTH = 12
TITLE = Text("Set up a model credential for OpenClaw", style="bold")
LOOKING = Text("Looking at your OpenClaw setup…")


def page(*parts: RenderableType | None) -> Group:
    """The whole screen's text as one renderable: the title, then the parts that are there."""
    return Group(Text(), TITLE, Text(), *(p for p in parts if p is not None))


def facts_table(facts: Facts) -> LabelRows:
    """Label | value rows; a section's label only on its first row (hanging indent)."""
    table = LabelRows(width=LABEL_WIDTH)

    def add(label: str, lines: Iterable[Line]) -> None:
        for i, line in enumerate(lines):
            table.add(label if i == 0 else "", Text(line.text, style=STYLES[line.level]))

    agents = ", ".join(f"{a} (default)" if a == facts.default_agent else a for a in facts.agents)
    add("data folder", [Line(facts.state_dir)])
    add("config", [Line(facts.config_path)])
    add("agents", [Line(agents or "none yet", "plain" if agents else "dim")])
    add("OpenClaw", [Line(facts.generation),
                     *(Line(f"! {w}", "warn") for w in facts.generation_warnings)])
    table.add("", Text())
    add("Doctor", doctor_lines(facts))
    add("Profiles", facts.profiles or [Line("none yet", "dim")])
    add("Claude Code", facts.claude)
    add("Environment", facts.env_vars)
    return table


def doctor_lines(facts: Facts) -> list[Line]:
    if not facts.findings:
        if facts.doctor_note:
            return [Line(facts.doctor_note, "dim")]
        return [Line("no problems found", "ok")]
    counts = [plural(sum(1 for f in facts.findings if f.severity == s), s)
              for s in ("error", "warning", "info")
              if any(f.severity == s for f in facts.findings)]
    summary = ", ".join(counts)
    worst = "error" if any(f.severity == "error" for f in facts.findings) else "warn"
    out: list[Line] = [Line(summary, worst)]
    for f in sorted(facts.findings, key=lambda f: doctor_bridge.SEVERITY_RANK.get(f.severity, 3)):
        mark = {"error": "✗", "warning": "!"}.get(f.severity, "i")
        level = {"error": "error", "warning": "warn"}.get(f.severity, "dim")
        out.append(Line(f"{mark} {f.message}", level))
        if f.fix:
            tag = "fix (f)" if f.fixable else "fix (i)" if f.code == IMPORT_FIRST else "fix"
            out.append(Line(f"  {tag}: {f.fix}", "dim"))
    return out


IMPORT_FIRST = "import-deletes-only-credential"  # the finding that offers the key i


def diagnosis_text(facts: Facts) -> Text | None:
    """A broken setup's diagnosis first: what is wrong, what Enter and f will do."""
    said = lead(facts.findings, facts.start)
    fix = fix_words(facts.findings)
    if said is None and fix is None:
        return None
    text = Text()
    if said is not None:
        text.append(said + "\n", style="bold")
    if fix is not None:
        text.append(fix + "\n")
    return text.append("\n")  # the details below


class WelcomeScreen(FramedScreen):
    """What authwizard found: paths, agents, generation, profiles, logins, env vars, doctor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "start", "Start"),
        Binding("f", "fix", "Safe fixes"),
        Binding("i", "import_first", "Import the old store first"),
        Binding("r", "look", "Look again"),
        Binding("x", "remove", "Remove a profile", show=False),
        Binding("k", "keychain", "Move a secret to the keychain", show=False),
        Binding("q", "app.request_quit", "Quit", show=False),
        Binding("escape", "app.request_quit", "Quit", show=False),
        *ScrollableContainer.BINDINGS,  # they scroll the page
    ]

    def __init__(self, gathered: Gathered | None) -> None:
        """``gathered``: what a look found, or None while a worker looks."""
        super().__init__()
        self._fixed: LabelRows | None = None  # what the doctor's fix did, once f was pressed
        self._gathered = gathered
        if gathered is not None:  # drawn in the first frame, with no second layout pass
            self._fill(gathered)

    def on_mount(self) -> None:
        if self._gathered is None:
            self.looking()
            self.action_look()

    def action_look(self) -> None:
        self.post_message(messages.LookRequested(self))

    def looking(self) -> None:
        self._update(self._fixed, LOOKING)

    def show(self, gathered: Gathered) -> None:
        self._fill(gathered)
        self.refresh_bindings()

    def _fill(self, gathered: Gathered) -> None:
        problem = None
        if gathered.error is not None:
            home = self.wizard.home
            error = gathered.error
            fix = error.fix or ""
            if isinstance(error, ImportNeeded) and gathered.facts.fixable > 0:
                fix = error.in_wizard  # the key here, not a command to leave for
            problem = Group(problem_text(tildify_text(error.message, home),
                                         tildify_text(fix, home)), Text())
        facts = facts_table(gathered.facts) if gathered.environment is not None else None
        first = diagnosis_text(gathered.facts) if gathered.environment is not None else None
        self._update(problem, self._fixed, first, facts)

    def _update(self, *parts: RenderableType | None) -> None:
        self.update(page(*parts))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        g = self.wizard.gathered
        if action == "start":
            return self.wizard.ready
        if action == "fix":
            return g is not None and g.environment is not None and g.facts.fixable > 0
        if action == "remove":
            return bool(self.profile_ids())
        if action == "import_first":
            return g is not None and g.environment is not None and any(
                f.code == IMPORT_FIRST for f in g.facts.findings)
        return True

    def profile_ids(self) -> list[str]:
        """Every profile id the config or a store names (what ``x`` offers to remove)."""
        g = self.wizard.gathered
        if g is None or g.environment is None or g.flow is None:
            return []
        snap = g.flow.located.snapshot
        ids = set(snap.config_profiles())
        for store in snap.stores.values():
            ids |= set(store.profiles())
        return sorted(ids)

    def action_remove(self) -> None:
        from wizard.tui.dialogs.confirm_remove import ChooseProfile

        def chosen(profile: str | None) -> None:
            if profile:
                self.post_message(messages.RemoveChosen(self, profile))

        self.app.push_screen(ChooseProfile(self.profile_ids()), callback=chosen)

    def action_keychain(self) -> None:
        from wizard.tui.dialogs.confirm_remove import ChooseProfile
        from wizard.views.keychain_view import movable

        reason = self.wizard.keychain_unavailable()
        profiles = movable(self.wizard.opts, self.wizard.env) if not reason else []
        if not profiles:
            self.notify(reason or "No profile keeps its secret in OpenClaw's JSON store here.",
                        title="Keychain")
            return

        def chosen(profile: str | None) -> None:
            if profile:
                self.post_message(messages.MoveToKeychain(self, profile))

        self.app.push_screen(
            ChooseProfile(profiles, "Move which secret into the OS keychain?"), callback=chosen)

    def show_removed(self, lines: list[str], gathered: Gathered | None,
                     label: str = "Remove") -> None:
        table = LabelRows(width=LABEL_WIDTH)
        for i, line in enumerate(lines):
            style = "yellow" if line.startswith(("!", "✗")) else (
                "green" if line.startswith("✓") else "")
            table.add(label if i == 0 else "", Text(line, style=style))
        table.add("", Text())
        self._fixed = table
        if gathered is not None:
            self.show(gathered)

    def action_start(self) -> None:
        self.post_message(messages.Start(self))

    def action_fix(self) -> None:
        self.post_message(messages.FixRequested(self))

    def action_import_first(self) -> None:
        self.post_message(messages.ImportRequested(self))

    def show_fixed(self, result: doctor_bridge.FixResult, gathered: Gathered) -> None:
        table = LabelRows(width=LABEL_WIDTH)
        if not result.changed:
            table.add("Fixed", Text("nothing could be fixed automatically", style="yellow"))
        for i, line in enumerate(result.changed):
            shown = Text(line, style="yellow") if line.startswith("!") else Text(
                f"✓ {line}", style="green")
            table.add("Fixed" if i == 0 else "", shown)
        table.add("", Text())
        self._fixed = table
        self.show(gathered)
