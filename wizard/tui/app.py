"""The Textual app: one screen per step of ``wizard.flow.Flow``. Screens answer (they post a
message, ``wizard.tui.messages``); the app applies the answer to the flow and shows the screen of
the step the table in ``wizard.steps`` leads to. The work that changes state (reading the setup,
the doctor's fixes, the check, the write) runs in the app's workers, which post their results.

Every outside dependency is injectable (env, options, clipboard, HTTP client, ``now``, ``which``,
the command runner), and nothing on screen depends on a clock or a random value, so tests render
the same pixels every time. ``run_app`` returns the exit code of DESIGN §2.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.filter import Monochrome

from wizard import children
from wizard.errors import ExitCode, WizardError
from wizard.flow import Flow
from wizard.options import Options
from wizard.spec.releases import parse_version
from wizard.steps import Step
from wizard.tui import messages
from wizard.tui.screens.welcome import WelcomeScreen
from wizard.tui.typed_keys import SecretKeys
from wizard.views.facts import (
    Early,
    Gathered,
    ask_early,
    ask_openclaw,
    gather,
    runs_programs,
    with_answer,
)

if TYPE_CHECKING:
    import httpx

    from wizard.core.secrets import Recognised
    from wizard.keychain.storage import Store
    from wizard.tui.screens.done import DoneScreen
    from wizard.tui.screens.review import ReviewScreen
    from wizard.tui.screens.verify import VerifyScreen

THEME = "textual-dark"
Which = Callable[[str], "str | None"]
Runner = Callable[[Sequence[str]], int]


BACK_MESSAGE = (
    "\nCopy the token printed above (every line of it), then press Enter to go back to "
    "authwizard and paste it… "
)


def _default_runner(argv: Sequence[str]) -> int:
    """Run a command in the real terminal, then wait for Enter so its output can be copied."""
    try:
        code = subprocess.run(list(argv), check=False).returncode
    except OSError as exc:
        print(f"authwizard: could not run {argv[0]}: {exc.strerror or exc}")
        code = 127
    try:
        input(BACK_MESSAGE)
    except (EOFError, KeyboardInterrupt):
        pass
    return code


class WizardApp(App[int]):
    """authwizard's interactive wizard."""

    # The shared rules and the first screen's; every other screen brings its own .tcss.
    CSS_PATH: ClassVar[list[str | PurePath]] = ["screens/base.tcss", "screens/welcome.tcss"]
    TITLE = "authwizard"
    ENABLE_COMMAND_PALETTE = True  # Ctrl+P: "Change theme" among its commands
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "request_quit", "Quit", priority=True),
        Binding("ctrl+q", "request_quit", "Quit", show=False, priority=True),
        Binding("q", "request_quit", "Quit", show=False),  # an Input keeps its q
    ]

    def __init__(
        self,
        opts: Options | None = None,
        *,
        env: Mapping[str, str] | None = None,
        clipboard: Callable[[], str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        now_ms: Callable[[], float] | None = None,
        which: Which | None = None,
        run_command: Runner | None = None,
        spinner_min: float = 0.75,
        cursor_blink: bool = True,
        claude_probe: bool = True,
        validate_timeout: float = 10.0,
        early: Early | None = None,
    ) -> None:
        super().__init__()
        children.start()
        self.opts = opts or Options()
        self.env: dict[str, str] = dict(os.environ if env is None else env)
        self.clipboard_reader = clipboard or _read_clipboard
        self.http_client = http_client
        self.now_ms: Callable[[], float] = now_ms or (lambda: time.time() * 1000)
        path = self.env.get("PATH", "")
        self.which: Which = which or (lambda name: shutil.which(name, path=path))
        self.run_command: Runner = run_command or _default_runner
        self.spinner_min = spinner_min
        self.cursor_blink = cursor_blink
        self.claude_probe = claude_probe
        self.validate_timeout = validate_timeout
        self.gathered: Gathered | None = None
        self.fixed_something = False  # the doctor's fix changed files from the Welcome screen
        self.failed: ExitCode | None = None  # a files error happened: quitting returns it
        # A secret pasted outside the secret field, kept (never shown) for the secret step.
        self.pending_paste: str | None = None
        self.pending_label: str | None = None
        self.secret_keys = SecretKeys(self)  # a secret arriving as key presses
        self.summary: list[str] = []  # printed in the terminal once the app has exited
        # OpenClaw 2026.6.5+ is asked for its view before the screen exists: the first look
        # takes this environment, whose backend already awaits the answer.
        self._early = (early or Early(ask_early(self.opts, self.env))).environment
        self.theme = THEME
        if "NO_COLOR" in self.env and not self.no_color:
            self.no_color = True
            self._filters.append(Monochrome())

    def get_css_variables(self) -> dict[str, str]:
        variables = super().get_css_variables()
        if self.current_theme.dark:
            return variables
        from wizard.tui.palette import legible_keys

        self.theme_variables = legible_keys(variables)
        return self.theme_variables

    def watch_theme(self) -> None:
        """A light theme: its red, green and yellow words in its own legible colours."""
        from wizard.tui.palette import light_ansi

        if not self.current_theme.dark:
            self.ansi_theme_light = light_ansi(self.get_css_variables())

    # ------------------------------------------------------------------ state

    @property
    def flow(self) -> Flow:
        if self.gathered is None or self.gathered.flow is None:
            raise RuntimeError("the flow is not ready yet")
        return self.gathered.flow

    @property
    def ready(self) -> bool:
        g = self.gathered
        return g is not None and g.flow is not None and g.error is None

    @property
    def home(self) -> Path:
        g = self.gathered
        if g is not None and g.environment is not None:
            return g.environment.home
        from wizard.options import home_of

        return home_of(self.env)

    def look(self) -> Gathered:
        """Read everything (blocking: see ``look_runs_programs``)."""
        early, self._early = self._early, None
        return gather(self.opts, self.env, self.now_ms, self.which, self.claude_probe, early)

    def look_runs_programs(self) -> bool:
        """Whether ``look`` may take seconds (it runs other programs): then call it from a thread
        worker. Otherwise it only reads files, in a few milliseconds."""
        return runs_programs(self.opts, self.env, self.which, self.claude_probe)

    def unsaved(self) -> bool:
        g = self.gathered
        if g is None or g.flow is None:
            return False
        return g.flow.state.credential is not None and g.flow.step is not Step.DONE

    # ------------------------------------------------------------------ lifecycle

    def get_default_screen(self) -> WelcomeScreen:
        if self.look_runs_programs():
            return WelcomeScreen(None)  # it asks for the look, which a worker makes
        # Files only (about a millisecond): the Welcome screen is composed with the facts, so
        # the first frame shows them without a second layout pass.
        self.gathered = self.look()
        screen = WelcomeScreen(self.gathered)
        self.call_after_refresh(self._ask_openclaw, screen, self.gathered)  # after the frame
        return screen

    def finish(self, code: int) -> None:
        children.stop_all()  # a look still asking openclaw or claude: do not wait for it
        self.exit(code, return_code=code)

    def leave_summary(self, lines: list[str]) -> None:
        self.summary = lines

    def cancel_code(self) -> int:
        if self.failed is not None:
            return int(self.failed)
        if self.gathered is not None and self.gathered.flow is not None:
            if self.gathered.flow.step is Step.DONE:
                return int(ExitCode.OK)
        if self.fixed_something:
            return int(ExitCode.OK)  # files changed: 130 would claim nothing did (DESIGN §2)
        g = self.gathered
        if g is not None and g.error is not None and g.flow is None:
            return int(g.error.exit_code)
        return int(ExitCode.CANCELLED)

    def action_request_quit(self) -> None:
        from wizard.tui.dialogs.confirm_quit import ConfirmQuit

        if isinstance(self.screen, ConfirmQuit):
            return
        if any(w.group == "write" and w.is_running for w in self.workers):
            self.notify("Writing the files; a moment…", timeout=2)
            return
        if not self.unsaved():
            self.finish(self.cancel_code())
            return

        def decided(quit_now: bool | None) -> None:
            if quit_now:
                self.finish(self.cancel_code())

        self.push_screen(ConfirmQuit(), decided)

    def run_outside(self, argv: Sequence[str]) -> int | None:
        """Run a command with the terminal handed over to it; None if that is impossible."""
        if self.is_headless:  # under tests: there is no terminal to hand over
            return self.run_command(argv)
        try:
            with self.suspend():
                return self.run_command(argv)
        except SuspendNotSupported:
            self.notify(
                f"Cannot leave the screen here: run `{' '.join(argv[-2:])}` in another "
                "terminal, then paste its token.",
                severity="warning",
            )
            return None

    # ------------------------------------------------------------------ a paste anywhere

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Paste) and not event.is_forwarded and self.took_secret(
                event.text):
            return
        if isinstance(event, events.Key) and not event.is_forwarded and (
                self.secret_keys.took_key(event)):
            return
        await super().on_event(event)

    def took_secret(self, text: str) -> bool:
        """A secret pasted anywhere but the secret field: never shown there; the wizard goes
        to the secret step with its provider and method chosen and the paste in place."""
        from wizard.core.secrets import recognise
        from wizard.tui.widgets.secret_input import SecretInput

        if isinstance(self.focused, SecretInput):
            return False
        found = recognise(text)
        if found is None:
            return False
        self.route_secret(text, found)
        return True

    def route_secret(self, text: str, found: Recognised) -> None:
        from wizard.tui.screens import screen_for
        from wizard.tui.screens.base import StepScreen, WizardScreen

        writing = any(w.group == "write" and w.is_running for w in self.workers)
        if (not isinstance(self.screen, WizardScreen) or not self.ready or writing
                or self.flow.step is Step.DONE):
            self.notify(f"That looks like {found.a_label()}: it is not shown, and not used here.",
                        severity="warning", timeout=4)
            return
        self.workers.cancel_group(self, "verify")
        self.pending_paste, self.pending_label = text, found.a_label()
        while isinstance(self.screen, StepScreen):
            self.pop_screen()
        self.push_screen(screen_for(Step.PROVIDER))
        if found.provider is None or found.method is None:
            return  # the user names the provider; the paste waits for the secret step
        self.flow.choose_provider(found.provider)
        if self.flow.step is Step.METHOD:
            self.flow.choose_method(found.method)
            self.push_screen(screen_for(Step.METHOD))
        self.push_screen(screen_for(Step.SECRET))

    @on(messages.SecretTyped)
    def secret_typed(self, message: messages.SecretTyped) -> None:
        from wizard.core.secrets import typed_secret

        found = typed_secret(message.text)
        if self.on_top(message) and found is not None:
            self.secret_keys.take(message.text, found, message.time)

    @on(messages.SecretKey)
    def secret_key(self, message: messages.SecretKey) -> None:
        self.secret_keys.add(message.char, message.at)

    def take_pending_paste(self) -> str | None:
        text, self.pending_paste, self.pending_label = self.pending_paste, None, None
        return text

    # ------------------------------------------------------------------ navigation

    def advance(self) -> None:
        """Show the screen of the flow's current step."""
        from wizard.tui.screens import screen_for

        self.push_screen(screen_for(self.flow.step))

    def on_top(self, message: messages.FromScreen[Any]) -> bool:
        """Whether ``message`` comes from the screen on top; an answer from a screen that is no
        longer there (a second key press before the first was handled) is dropped."""
        return message.origin is self.screen

    def still_there(self, message: messages.FromScreen[Any]) -> bool:
        """Whether the screen a worker's result is for is still on the stack (perhaps under a
        dialog); a check that came back just as Escape left its screen is dropped."""
        return message.origin in self.screen_stack

    @on(messages.Back)
    def go_back(self, message: messages.Back) -> None:
        """Escape: the flow steps back; the screens above the new step are popped."""
        from wizard.tui.screens.base import StepScreen

        if not self.on_top(message):
            return
        self.workers.cancel_group(self, "verify")  # a check under way is abandoned
        if message.origin.STEP is Step.PROVIDER:
            self.pop_screen()
            return
        target = self.flow.back()
        while isinstance(self.screen, StepScreen) and self.screen.STEP is not target:
            self.pop_screen()
        if isinstance(self.screen, StepScreen):
            self.screen.on_return()

    def screen_stack_steps(self) -> list[str]:
        from wizard.tui.screens.base import StepScreen

        return [s.STEP.value for s in self.screen_stack if isinstance(s, StepScreen)]

    @on(messages.Finished)
    def leave(self, message: messages.Finished) -> None:
        if self.on_top(message):
            self.finish(int(ExitCode.OK))

    # ------------------------------------------------------------------ welcome

    @on(messages.Start)
    def start(self, message: messages.Start) -> None:
        from wizard.tui.screens import screen_for

        if not (self.on_top(message) and self.ready):
            return
        self.push_screen(screen_for(Step.PROVIDER))
        assert self.gathered is not None
        broken = self.gathered.facts.start
        if broken is not None and self.pending_paste is None:  # the diagnosis said Enter does
            self.flow.choose_provider(broken.provider)
            if broken.method is not None and broken.profile is not None:  # its broken profile
                if self.flow.step is Step.METHOD:
                    self.push_screen(screen_for(Step.METHOD))
                    self.flow.choose_method(broken.method)
                self.flow.propose_profile(broken.profile)
            self.push_screen(screen_for(self.flow.step))

    @on(messages.LookRequested)
    def look_requested(self, message: messages.LookRequested) -> None:
        if not self.look_runs_programs():
            self.looked(messages.Looked(message.origin, self.look()))
            return
        message.origin.looking()
        self.look_worker(message.origin)

    @work(thread=True, exclusive=True, group="look", exit_on_error=False)
    def look_worker(self, origin: WelcomeScreen) -> None:
        self.post_message(messages.Looked(origin, self.look()))

    @on(messages.Looked)
    def looked(self, message: messages.Looked) -> None:
        self.gathered = message.gathered
        if self.still_there(message):
            message.origin.show(message.gathered)
            self._ask_openclaw(message.origin, message.gathered)

    def _ask_openclaw(self, origin: WelcomeScreen, gathered: Gathered) -> None:
        if gathered.facts.asking:
            self.ask_worker(origin, gathered)

    @work(thread=True, exclusive=True, group="ask", exit_on_error=False)
    def ask_worker(self, origin: WelcomeScreen, gathered: Gathered) -> None:
        self.post_message(messages.OpenClawAnswered(origin, gathered, ask_openclaw(gathered)))

    @on(messages.OpenClawAnswered)
    def openclaw_answered(self, message: messages.OpenClawAnswered) -> None:
        if self.gathered is not message.gathered:
            return  # a newer look (r, or the doctor's fix) replaced this one
        self.gathered = with_answer(message.gathered, message.error, self.now_ms(),
                                    on_welcome=self.screen is message.origin)
        if self.still_there(message):
            message.origin.show(self.gathered)

    @on(messages.FixRequested)
    def fix_requested(self, message: messages.FixRequested) -> None:
        g = self.gathered
        if g is None or g.environment is None:
            return
        if any(f.fixable and f.code == "json-store-not-read" for f in g.facts.findings):
            self.import_preview_worker(message.origin, anyway=False)  # OpenClaw's import too
        else:
            self.fix_worker(message.origin)

    @on(messages.ImportRequested)
    def import_requested(self, message: messages.ImportRequested) -> None:
        g = self.gathered
        if g is not None and g.environment is not None:
            self.import_preview_worker(message.origin)

    @work(thread=True, exclusive=True, group="look", exit_on_error=False)
    def import_preview_worker(self, origin: WelcomeScreen, anyway: bool = True) -> None:
        from wizard.views import import_view

        ready, lines = import_view.preview(self.opts, self.env, anyway)
        self.post_message(messages.ImportPreviewed(origin, anyway, ready, lines))

    @on(messages.ImportPreviewed)
    def import_previewed(self, message: messages.ImportPreviewed) -> None:
        from wizard.tui.dialogs.confirm_import import ConfirmImport

        origin = message.origin
        if not self.still_there(message):
            return
        if not message.ready and not message.anyway:
            self.fix_worker(origin)  # f: no import after all (the doctor says why); the rest
            return
        if not message.ready:
            origin.show_removed(message.lines, self.gathered, "Import")
            return

        def answered(agreed: bool | None) -> None:
            if agreed:
                self.post_message(messages.ImportConfirmed(origin, message.anyway))

        self.push_screen(ConfirmImport(message.lines), callback=answered)

    @on(messages.ImportConfirmed)
    def import_confirmed(self, message: messages.ImportConfirmed) -> None:
        if self.gathered is not None and self.gathered.environment is not None:
            self.fix_worker(message.origin, import_anyway=message.anyway)

    @work(thread=True, exclusive=True, group="look", exit_on_error=False)
    def fix_worker(self, origin: WelcomeScreen, import_anyway: bool = False) -> None:
        from wizard.views import doctor_view as doctor_bridge

        g = self.gathered
        assert g is not None and g.environment is not None
        result = doctor_bridge.apply_fixes(g.environment, self.now_ms(), import_anyway)
        self.post_message(messages.Fixed(origin, result, self.look()))

    @on(messages.Fixed)
    def fixed(self, message: messages.Fixed) -> None:
        if any(not line.startswith("!") for line in message.result.changed):
            self.fixed_something = True
        self.gathered = message.gathered
        if self.still_there(message):
            message.origin.show_fixed(message.result, message.gathered)
            self._ask_openclaw(message.origin, message.gathered)

    @on(messages.RemoveChosen)
    def remove_chosen(self, message: messages.RemoveChosen) -> None:
        g = self.gathered
        if g is not None and g.environment is not None:
            self.remove_preview_worker(message.origin, message.profile)

    @on(messages.RemoveConfirmed)
    def remove_confirmed(self, message: messages.RemoveConfirmed) -> None:
        self.remove_worker(message.origin, message.profile)

    @work(thread=True, exclusive=True, group="look", exit_on_error=False)
    def remove_preview_worker(self, origin: WelcomeScreen, profile: str) -> None:
        from wizard.views import remove_view

        result, lines = remove_view.preview(self.opts, self.env, profile, self.now_ms())
        ready = result.failure is None and not result.nothing
        self.post_message(messages.RemovePreviewed(origin, profile, ready, lines))

    @on(messages.RemovePreviewed)
    def remove_previewed(self, message: messages.RemovePreviewed) -> None:
        from wizard.tui.dialogs.confirm_remove import ConfirmRemove

        origin = message.origin
        if not self.still_there(message):
            return
        if not message.ready:
            origin.show_removed(message.lines, self.gathered)
            return

        def answered(remove: bool | None) -> None:
            if remove:
                self.post_message(messages.RemoveConfirmed(origin, message.profile))

        self.push_screen(ConfirmRemove(message.profile, message.lines), callback=answered)

    @work(thread=True, exclusive=True, group="look", exit_on_error=False)
    def remove_worker(self, origin: WelcomeScreen, profile: str) -> None:
        from wizard.views import remove_view

        changed, lines = remove_view.remove(self.opts, self.env, profile, self.now_ms())
        self.post_message(messages.Changed(origin, "Remove", changed, lines, self.look()))

    @on(messages.MoveToKeychain)
    def move_to_keychain(self, message: messages.MoveToKeychain) -> None:
        self.move_worker(message.origin, message.profile)

    @work(thread=True, exclusive=True, group="look", exit_on_error=False)
    def move_worker(self, origin: WelcomeScreen, profile: str) -> None:
        from wizard.views.keychain_view import move

        changed, lines = move(self.opts, self.env, profile)
        self.post_message(messages.Changed(origin, "Keychain", changed, lines, self.look()))

    @on(messages.Changed)
    def welcome_changed(self, message: messages.Changed) -> None:
        if message.changed:
            self.fixed_something = True  # files changed: a later cancel is not "nothing changed"
        self.gathered = message.gathered
        if self.still_there(message):
            message.origin.show_removed(message.lines, message.gathered, message.label)

    # ------------------------------------------------------------------ the steps

    @on(messages.ProviderChosen)
    def provider_chosen(self, message: messages.ProviderChosen) -> None:
        if self.on_top(message):
            if message.secret is not None:  # typed into the search: for the secret step
                self.pending_paste, self.pending_label = message.secret, None
            self.flow.choose_provider(message.provider_id)
            self.advance()

    @on(messages.MethodChosen)
    def method_chosen(self, message: messages.MethodChosen) -> None:
        if self.on_top(message):
            self.flow.choose_method(message.method)
            self.advance()

    @on(messages.SetupTokenRequested)
    def setup_token_requested(self, message: messages.SetupTokenRequested) -> None:
        """Leave the screen to `claude setup-token`, then come back to the secret step."""
        binary = self.which("claude")
        if binary is None or not self.on_top(message):
            return
        self.flow.choose_method("setup-token")
        if self.run_outside([binary, "setup-token"]) is None:
            return
        self.advance()

    @on(messages.SecretGiven)
    def secret_given(self, message: messages.SecretGiven) -> None:
        from wizard.core.paste import PasteError

        if not self.on_top(message):
            return
        try:
            self.flow.give_secret(message.raw)
        except PasteError as exc:
            message.origin.refused(exc.message)
            return
        if self.opts.no_validate:
            self.flow.skip_validation()
        self.advance()

    @on(messages.MethodSwitched)
    def method_switched(self, message: messages.MethodSwitched) -> None:
        if self.on_top(message):
            self.flow.choose_method(message.method)
            message.origin.method_changed()

    @on(messages.CheckRequested)
    def check_requested(self, message: messages.CheckRequested) -> None:
        if self.on_top(message):
            self.check_worker(message.origin)

    @work(exclusive=True, group="verify", exit_on_error=False)
    async def check_worker(self, origin: VerifyScreen) -> None:
        started = time.monotonic()
        verdict = None
        error: WizardError | None = None
        from wizard.providers.validate import MAX_RETRIES

        waited = 0

        async def wait(seconds: float) -> None:
            nonlocal waited
            waited += 1
            self.post_message(messages.Retrying(origin, seconds, waited + 1, MAX_RETRIES + 1))
            await asyncio.sleep(seconds)

        try:
            verdict = await self.flow.validate(timeout=self.validate_timeout,
                                               client=self.http_client, sleep=wait)
        except WizardError as exc:  # a base URL a credential may not go to, an unsendable secret
            error = exc
        left = self.spinner_min - (time.monotonic() - started)
        if left > 0:
            await asyncio.sleep(left)  # long enough to be seen: "it did check"
        self.post_message(messages.Checked(origin, verdict, error, time.monotonic() - started))

    @on(messages.Checked)
    def checked(self, message: messages.Checked) -> None:
        if self.still_there(message):
            message.origin.checked(message.verdict, message.error, message.shown_after)

    @on(messages.MessageTestRequested)
    def message_test_requested(self, message: messages.MessageTestRequested) -> None:
        if self.on_top(message):
            self.message_test_worker(message.origin)

    @work(exclusive=True, group="message-test", exit_on_error=False)
    async def message_test_worker(self, origin: VerifyScreen) -> None:
        verdict = None
        error: WizardError | None = None
        try:
            verdict = await self.flow.send_test_message(client=self.http_client)
        except WizardError as exc:
            error = exc
        self.post_message(messages.MessageTested(origin, verdict, error))

    @on(messages.MessageTested)
    def message_tested(self, message: messages.MessageTested) -> None:
        if self.still_there(message):
            message.origin.message_tested(message.verdict, message.error)

    @on(messages.Retrying)
    def retrying(self, message: messages.Retrying) -> None:
        if self.still_there(message):
            message.origin.retrying(message.seconds, message.attempt, message.total)

    @on(messages.VerdictAccepted)
    def verdict_accepted(self, message: messages.VerdictAccepted) -> None:
        if self.on_top(message) and self.flow.verdict_allows_save():
            self.advance()

    @on(messages.SaveUnverified)
    def save_unverified(self, message: messages.SaveUnverified) -> None:
        if self.on_top(message):
            self.flow.save_unverified()
            self.advance()

    @on(messages.ProfileChosen)
    def profile_chosen(self, message: messages.ProfileChosen) -> None:
        if not self.on_top(message):
            return
        try:
            self.choose_store("keychain" if message.store == "keychain" else "openclaw")
            self.flow.choose_expires(message.expires)  # before the plan, which writes it
            self.flow.choose_profile(message.profile, message.agents)
        except WizardError as exc:
            message.origin.refused(exc)
            return
        self.advance()

    def choose_store(self, store: Store) -> None:
        detected = self.gathered.environment.detected if (
            self.gathered and self.gathered.environment) else None
        self.flow.choose_store(
            store, generation=detected.generation if detected else "G1",
            version=parse_version(detected.version or "") if detected else None)

    def keychain_unavailable(self) -> str | None:
        """Why the keychain cannot hold the secret here (None: it can)."""
        from wizard.keychain.backend import availability
        from wizard.keychain.storage import refs_unsupported

        detected = self.gathered.environment.detected if (
            self.gathered and self.gathered.environment) else None
        if detected is not None and detected.unknown_release:
            return ("the OpenClaw release is unknown here: keeping the secret in the keychain "
                    "needs OpenClaw 2026.2.26 or later")
        if detected is not None:
            reason = refs_unsupported(
                detected.generation, parse_version(detected.version or ""))
            if reason:
                return reason
        found = availability()
        return None if found.usable else found.reason

    @on(messages.WriteRequested)
    def write_requested(self, message: messages.WriteRequested) -> None:
        if self.on_top(message) and not self.opts.dry_run:
            self.write_worker(message.origin)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def write_worker(self, origin: ReviewScreen) -> None:
        """In a thread: a G3/G4 write runs the OpenClaw CLI, which can take seconds."""
        targets = [Path(p) for p in self.flow.located.files.values()]
        before = {p: _contents(p) for p in targets}
        try:
            self.flow.write()
        except WizardError as exc:
            from wizard.views.text import tildify

            changed = [tildify(p, self.home) for p in targets if _contents(p) != before[p]]
            self.post_message(messages.WriteFailed(origin, exc, changed))
        else:
            self.post_message(messages.Written(origin))

    @on(messages.Written)
    def written(self, message: messages.Written) -> None:
        self.advance()

    @on(messages.WriteFailed)
    def write_failed(self, message: messages.WriteFailed) -> None:
        if message.error.exit_code == ExitCode.FILES:
            self.failed = ExitCode.FILES
        if self.still_there(message):
            message.origin.write_failed(message.error, message.changed)

    # ------------------------------------------------------------------ done

    @on(messages.OldCopiesRequested)
    def old_copies_requested(self, message: messages.OldCopiesRequested) -> None:
        g = self.gathered
        if g is not None and g.environment is not None:
            self.old_copies_worker(message.origin)

    @work(thread=True, exclusive=True, group="old-copies", exit_on_error=False)
    def old_copies_worker(self, origin: DoneScreen) -> None:
        from wizard.views import old_copies

        g = self.gathered
        assert g is not None and g.environment is not None
        outcome = self.flow.state.outcome
        rotated = outcome.profile_id if outcome is not None and outcome.rotated else None
        word = "token" if self.flow.credential_type() == "token" else "key"
        found = old_copies.find(g.environment, rotated, word)
        self.post_message(messages.OldCopiesFound(origin, found))

    @on(messages.OldCopiesFound)
    def old_copies_found(self, message: messages.OldCopiesFound) -> None:
        if self.still_there(message):
            message.origin.offer(message.copies)

    @on(messages.RemoveOldCopies)
    def remove_old_copies(self, message: messages.RemoveOldCopies) -> None:
        g = self.gathered
        if self.on_top(message) and g is not None and g.environment is not None:
            self.remove_copies_worker(message.origin)

    @work(thread=True, exclusive=True, group="write", exit_on_error=False)
    def remove_copies_worker(self, origin: DoneScreen) -> None:
        from wizard.views import old_copies

        g = self.gathered
        assert g is not None and g.environment is not None
        self.post_message(messages.OldCopiesRemoved(origin, old_copies.remove(g.environment)))

    @on(messages.OldCopiesRemoved)
    def old_copies_removed(self, message: messages.OldCopiesRemoved) -> None:
        if self.still_there(message):
            message.origin.copies_removed(message.removed)


def _contents(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _read_clipboard() -> str:
    from wizard.detect.clipboard import read_clipboard

    return read_clipboard()


def run_app(opts: Options | None = None, **deps: Any) -> int:
    """Run the wizard in this terminal; the exit code of DESIGN §2."""
    app = WizardApp(opts, **deps)
    app.run()
    for line in app.summary:
        print(line)
    code = app.return_code
    return int(ExitCode.PROBLEMS) if code is None else int(code)
