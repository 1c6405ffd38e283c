"""Building and driving the wizard app in tests: fake HOME, fixed clock, no clipboard, no
`claude`, the loopback provider server. Shared by the snapshot tests and tests/test_tui_*.py.

Only fake credentials live here; ``RANDOM_PARTS`` is what a leak check looks for.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

from textual import events
from textual.pilot import Pilot

from tests.provider_server import ProviderServer
from wizard.detect.clipboard import ClipboardUnavailable
from wizard.options import Options
from wizard.spec.registry import Method
from wizard.steps import Step
from wizard.tui.app import WizardApp
from wizard.tui.screens import screen_for

NOW_MS = 1_790_000_000_000.0  # 2026-09-21T14:13:20Z: every date on screen is relative to it
DAY_MS = 86_400_000

TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
TOKEN2 = "sk-ant-oat01-" + "Q7r8S9t0" * 12
API_KEY = "sk-ant-api03-" + "Z9y8X7w6" * 12
OPENAI_KEY = "sk-proj-" + "M3n4O5p6" * 16
SECRETS = (TOKEN, TOKEN2, API_KEY, OPENAI_KEY)
RANDOM_PARTS = ("A1b2C3d4" * 12, "Q7r8S9t0" * 12, "Z9y8X7w6" * 12, "M3n4O5p6" * 16)

SIZES = [(80, 24), (120, 40)]
SIZE_IDS = ["80x24", "120x40"]


def wrapped(secret: str, at: int = 60) -> str:
    """The secret as a terminal prints it in a narrow window: split over two lines."""
    return secret[:at] + "\n" + secret[at:]


def no_clipboard() -> str:
    raise ClipboardUnavailable(
        "Cannot read the clipboard: no graphical session (DISPLAY and WAYLAND_DISPLAY are"
        " not set, e.g. over SSH)."
    )


def base_env(home: Path, server: ProviderServer | None, **extra: str) -> dict[str, str]:
    env = {"HOME": str(home), "PATH": str(home / "no-bin"), "LANG": "C.UTF-8"}
    if server is not None:
        env.update(server.env())
    env.update(extra)
    return env


@contextmanager
def server_on_port(port: int, wait: float = 15.0) -> Iterator[ProviderServer]:
    """A provider server on a fixed loopback port (for screens that show the URL), waiting a
    while if another test run holds the port."""
    deadline = time.monotonic() + wait
    while True:
        try:
            server = ProviderServer(port=port)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    with server:
        yield server


def make_app(
    home: Path,
    server: ProviderServer | None,
    *,
    opts: Options | None = None,
    clipboard: Callable[[], str] | None = None,
    which: Callable[[str], str | None] | None = None,
    env: Mapping[str, str] | None = None,
    run_command: Callable[..., int] | None = None,
    spinner_min: float = 0.0,
) -> WizardApp:
    return WizardApp(
        opts or Options(),
        env=dict(env) if env is not None else base_env(home, server),
        clipboard=clipboard or no_clipboard,
        now_ms=lambda: NOW_MS,
        which=which or (lambda name: None),
        run_command=run_command,
        spinner_min=spinner_min,
        cursor_blink=False,
        claude_probe=False,
    )


# --- files ----------------------------------------------------------------------------------


def state_dir(home: Path) -> Path:
    return home / ".openclaw"


def store_path(home: Path, agent: str = "main") -> Path:
    return state_dir(home) / "agents" / agent / "agent" / "auth-profiles.json"


def write_config(home: Path, config: dict[str, Any] | str) -> Path:
    path = state_dir(home) / "openclaw.json"
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    text = config if isinstance(config, str) else json.dumps(config, indent=2) + "\n"
    path.write_text(text)
    path.chmod(0o600)
    return path


def write_store(home: Path, store: dict[str, Any], agent: str = "main") -> Path:
    path = store_path(home, agent)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    path.write_text(json.dumps(store, indent=2) + "\n")
    path.chmod(0o600)
    return path


def existing_token_state(home: Path, secret: str = TOKEN2, agents: tuple[str, ...] = ("main",),
                         expires_ms: float | None = NOW_MS + 40 * DAY_MS) -> None:
    """A working ``anthropic:default`` token profile (what a rotation replaces)."""
    config: dict[str, Any] = {
        "auth": {"profiles": {"anthropic:default": {"provider": "anthropic", "mode": "token"}}}
    }
    if agents != ("main",):
        config["agents"] = {"list": [{"id": a, "default": a == "main"} for a in agents]}
    write_config(home, config)
    entry: dict[str, Any] = {"type": "token", "provider": "anthropic", "token": secret}
    if expires_ms is not None:
        entry["expires"] = int(expires_ms)
    for agent in agents:
        write_store(home, {"version": 1, "profiles": {"anthropic:default": entry},
                           "lastGood": {"anthropic": "anthropic:default"}}, agent)


def files_under(home: Path) -> dict[str, bytes]:
    """Every file of the state dir with its mode, for "nothing changed" checks."""
    root = state_dir(home)
    if not root.exists():
        return {}
    return {
        f"{p.relative_to(root)}@{p.stat().st_mode & 0o777:o}": p.read_bytes()
        for p in sorted(root.rglob("*")) if p.is_file()
    }


# --- driving --------------------------------------------------------------------------------
# The snapshot tests need screens in given states, fast: ``jump`` makes the flow calls the app
# makes for each screen's answer (the same Flow methods, in the same order) and mounts only the
# screen to be shown —
# a simulated key press costs ~70 ms and every mounted screen ~90 ms. tests/test_tui_flows.py
# walks the whole way with real key presses.


def screen_name(pilot: Pilot[Any]) -> str:
    return type(pilot.app.screen).__name__


def verify_state(pilot: Pilot[Any]) -> str:
    """The Verify screen's state: checking, valid, limited, rejected, unverified or error."""
    from wizard.tui.screens.verify import VerifyScreen

    screen = pilot.app.screen
    assert isinstance(screen, VerifyScreen), type(screen).__name__
    return screen.state


def _expect(pilot: Pilot[Any], name: str) -> None:
    assert screen_name(pilot) == name, f"expected {name}, on {screen_name(pilot)}"


async def settle(pilot: Pilot[Any]) -> None:
    """Let workers (the look, the check, the clipboard) finish and the screen update, and what
    they start in turn: the Welcome asks OpenClaw after its first frame, so its answer is in
    too."""
    app = pilot.app
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        gathered = app.gathered if isinstance(app, WizardApp) else None
        asking = gathered is not None and gathered.facts.asking
        if not asking and not any(worker.is_running for worker in app.workers):
            return
    raise AssertionError("the wizard never settled (a worker or OpenClaw's answer never ended)")


async def keys(pilot: Pilot[Any], *names: str) -> None:
    """Press keys, then let workers and the screen settle."""
    await pilot.press(*names)
    await settle(pilot)


async def to_secret_by_keys(pilot: Pilot[Any], method: str = "setup-token") -> None:
    """Welcome → Anthropic (first in the list) → method → Secret, all with the keyboard."""
    await settle(pilot)
    await keys(pilot, "enter")  # Start
    assert screen_name(pilot) == "ProviderScreen"
    await keys(pilot, "enter")  # Anthropic is highlighted first
    assert screen_name(pilot) == "MethodScreen"
    await keys(pilot, *(["down"] if method == "setup-token" else []), "enter")
    assert screen_name(pilot) == "SecretScreen"


async def start(pilot: Pilot[Any]) -> None:
    """Welcome → Provider, as Enter on the Welcome screen does."""
    await settle(pilot)
    pilot.app.screen.action_start()  # type: ignore[attr-defined]
    await pilot.pause()
    _expect(pilot, "ProviderScreen")


async def paste(pilot: Pilot[Any], text: str) -> None:
    """A bracketed paste, as the terminal delivers it (line breaks included)."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def jump(
    pilot: Pilot[Any],
    step: Step,
    *,
    secret: str = TOKEN,
    provider: str = "anthropic",
    method: Method = "setup-token",
    profile: str | None = None,
    agents: list[str] | None = None,
) -> None:
    """Straight to ``step``'s screen, the flow in the state the earlier screens leave it in."""
    await settle(pilot)
    app = cast(WizardApp, pilot.app)
    flow = app.flow
    flow.choose_provider(provider)
    if flow.state.method != method:
        flow.choose_method(method)
    if step is not Step.SECRET:
        flow.give_secret(secret)
        if step is not Step.VALIDATE:
            verdict = await flow.validate(client=app.http_client)
            if str(verdict.outcome) == "unverified":
                flow.save_unverified()
            if step is not Step.PROFILE:
                flow.choose_profile(profile, agents)
                if step is Step.DONE:
                    flow.write()
    app.push_screen(screen_for(step))
    await settle(pilot)
    _expect(pilot, type(screen_for(step)).__name__)


async def to_secret(pilot: Pilot[Any]) -> None:
    await jump(pilot, Step.SECRET)


async def to_verdict(pilot: Pilot[Any], secret: str, provider: str = "anthropic",
                     method: Method = "setup-token") -> None:
    await jump(pilot, Step.VALIDATE, secret=secret, provider=provider, method=method)


async def to_profile(pilot: Pilot[Any]) -> None:
    await jump(pilot, Step.PROFILE)


async def to_review(pilot: Pilot[Any]) -> None:
    await jump(pilot, Step.REVIEW)


async def to_done(pilot: Pilot[Any]) -> None:
    await jump(pilot, Step.DONE)
