"""The Textual app: one screen per step of ``wizard.flow.Flow``, which it only drives.

Every outside dependency is injectable (env, options, clipboard, HTTP client, ``now``, ``which``,
the command runner), and nothing on screen depends on a clock or a random value, so tests render
the same pixels every time. ``run_app`` returns the exit code of DESIGN §2.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.filter import Monochrome

from wizard import children
from wizard.errors import ExitCode
from wizard.flow import ORDER, Flow, Step
from wizard.options import Options
from wizard.tui.screens.welcome import WelcomeScreen
from wizard.views.facts import Gathered, gather, runs_programs

if TYPE_CHECKING:
    import httpx

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
    ENABLE_COMMAND_PALETTE = False
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
        self.theme = THEME
        if "NO_COLOR" in self.env and not self.no_color:
            self.no_color = True
            self._filters.append(Monochrome())

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
        return gather(self.opts, self.env, self.now_ms, self.which, self.claude_probe)

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
        return WelcomeScreen()

    def finish(self, code: int) -> None:
        children.stop_all()  # a look still asking openclaw or claude: do not wait for it
        self.exit(code, return_code=code)

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

    # ------------------------------------------------------------------ navigation

    def advance(self) -> None:
        """Show the screen of the flow's current step."""
        from wizard.tui.screens import screen_for

        self.push_screen(screen_for(self.flow.step))

    def start(self) -> None:
        """From the Welcome screen into the first step."""
        from wizard.tui.screens.provider import ProviderScreen

        self.push_screen(ProviderScreen())

    def go_back(self) -> None:
        """Escape: the flow steps back; screens above the new step are popped."""
        from wizard.tui.screens.base import StepScreen

        top = self.screen
        if not isinstance(top, StepScreen):
            return
        if top.STEP is Step.PROVIDER:
            self.pop_screen()
            return
        target = self.flow.back()
        while True:
            screen = self.screen
            if not isinstance(screen, StepScreen):
                break
            if ORDER.index(screen.STEP) > ORDER.index(target):
                self.pop_screen()
                continue
            if screen.STEP is not target and ORDER.index(screen.STEP) < ORDER.index(target):
                target = self.flow.back()  # a skipped step (one method only): step over it
                continue
            break
        if isinstance(self.screen, StepScreen):
            self.screen.on_return()

    def screen_stack_steps(self) -> list[str]:
        from wizard.tui.screens.base import StepScreen

        return [s.STEP.value for s in self.screen_stack if isinstance(s, StepScreen)]


def _read_clipboard() -> str:
    from wizard.detect.clipboard import read_clipboard

    return read_clipboard()


def run_app(opts: Options | None = None, **deps: Any) -> int:
    """Run the wizard in this terminal; the exit code of DESIGN §2."""
    app = WizardApp(opts, **deps)
    app.run()
    code = app.return_code
    return int(ExitCode.PROBLEMS) if code is None else int(code)
