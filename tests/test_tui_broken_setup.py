"""A broken setup (the OpenClaw #2697 state) on the Welcome: the diagnosis first, in one
sentence saying what is wrong and what Enter will do; what `f` will and will not fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from snapshots.drive import (
    TOKEN,
    TOKEN2,
    base_env,
    keys,
    make_app,
    screen_name,
    settle,
    store_path,
    write_config,
    write_store,
)
from tests.provider_server import ProviderServer
from tests.test_tui_generations import screen_text
from wizard.tui.app import WizardApp

SIZE = (80, 24)
LEAD = ("OpenClaw can't use any Anthropic credential: the config names a profile the store "
        "lacks. Enter: set up a new Anthropic credential; authwizard writes both files so they "
        "agree.")


def broken_state(home: Path) -> None:
    """The config names anthropic:anthropic_api (an API key); the store has two tokens under
    other ids; the files are readable by others."""
    config: dict[str, Any] = {"auth": {
        "profiles": {"anthropic:anthropic_api": {"provider": "anthropic", "mode": "api_key"}},
        "order": {"anthropic": ["anthropic:anthropic_api"]}}}
    write_config(home, config).chmod(0o644)
    write_store(home, {"version": 1, "profiles": {
        "anthropic:default": {"type": "token", "provider": "anthropic", "token": TOKEN},
        "anthropic:work": {"type": "token", "provider": "anthropic", "token": TOKEN2}}})
    store_path(home).chmod(0o644)


def app_for(home: Path, server: ProviderServer) -> WizardApp:
    return make_app(home, server, env=base_env(home, server, AUTHWIZARD_GENERATION="G1"))


async def test_the_diagnosis_comes_first(home: Path, provider_server: ProviderServer) -> None:
    broken_state(home)
    app = app_for(home, provider_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        lines = text.splitlines()
        title = lines.index("Set up a model credential for OpenClaw")
        assert " ".join(lines[title + 1:title + 3]) == LEAD
        assert lines[title + 3] == ("f fixes 2 findings (file permissions); it does not fix the "
                                    "2 errors.")
        assert "press f to fix" not in text
        await keys(pilot, "enter")  # Enter does what the sentence said
        assert screen_name(pilot) == "MethodScreen"
        assert app.flow.state.provider is not None and app.flow.state.provider.id == "anthropic"
        await keys(pilot, "escape")
        assert screen_name(pilot) == "ProviderScreen"


async def test_a_healthy_setup_has_no_diagnosis(home: Path,
                                                provider_server: ProviderServer) -> None:
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Enter: set up" not in screen_text(app)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ProviderScreen"
