"""A broken setup (the OpenClaw #2697 state) on the Welcome: the diagnosis first, in one
sentence saying what is wrong and what Enter will do; what `f` will and will not fix."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input

from snapshots.drive import (
    API_KEY,
    TOKEN,
    TOKEN2,
    base_env,
    keys,
    make_app,
    paste,
    screen_name,
    settle,
    state_dir,
    store_path,
    verify_state,
    write_config,
    write_store,
)
from tests.doctor.states import STATES
from tests.provider_server import ProviderServer
from tests.test_tui_generations import screen_text
from wizard.tui.app import WizardApp

SIZE = (80, 24)
LEAD = ("OpenClaw can't use any Anthropic credential: the config names a profile the store "
        "lacks. Enter: paste a new Anthropic API key under anthropic:anthropic_api; authwizard "
        "writes both files so they agree.")


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
        flat = " ".join(text.split())
        assert "authwizard`" not in flat and "--fix" not in flat, "a command to leave for"
        assert "Press Enter to set the credential up here" in flat
        assert "not changed by f (safe fixes)" in flat
        await keys(pilot, "enter")  # Enter does what the sentence said
        assert screen_name(pilot) == "SecretScreen"
        assert app.flow.state.provider is not None and app.flow.state.provider.id == "anthropic"
        assert app.flow.state.method == "api-key"
        await keys(pilot, "escape")  # the method stays a choice
        assert screen_name(pilot) == "MethodScreen"
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


def seed_state(home: Path) -> None:
    """The #2697 seed: the config names anthropic:anthropic_api (a token) that the store lacks;
    the store holds only the CLI-synced copy of Claude Code's login."""
    seed = STATES["seed-claude-cli-only"]
    assert seed.config is not None
    write_config(home, seed.config)
    write_store(home, seed.stores["main"])


async def profile_proposed(pilot: Pilot[Any], secret: str) -> str:
    """Enter on the Welcome, paste, check, and the profile id the Profile step proposes."""
    await keys(pilot, "enter")
    assert screen_name(pilot) == "SecretScreen"
    await paste(pilot, secret)
    await keys(pilot, "enter")
    assert verify_state(pilot) == "valid"
    await keys(pilot, "enter")
    assert screen_name(pilot) == "ProfileScreen"
    return pilot.app.screen.query_one("#profile-id", Input).value


async def test_enter_repairs_the_profile_the_config_names(
        home: Path, provider_server: ProviderServer) -> None:
    """The #2697 seed: Enter leads to a setup token (the config's mode) under the config's
    anthropic:anthropic_api, not a fresh anthropic:default beside it; once written, OpenClaw
    finds the credential the config names."""
    seed_state(home)
    provider_server.add_credential("anthropic", TOKEN)
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert ("Enter: paste a new Anthropic setup token under anthropic:anthropic_api"
                in " ".join(screen_text(app).splitlines()))
        assert await profile_proposed(pilot, TOKEN) == "anthropic:anthropic_api"
        assert app.flow.state.method == "setup-token"
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ReviewScreen"
        await keys(pilot, "enter")
        assert screen_name(pilot) == "DoneScreen"
    config = json.loads((state_dir(home) / "openclaw.json").read_text())
    stored = json.loads(store_path(home).read_text())["profiles"]
    assert config["auth"]["profiles"]["anthropic:anthropic_api"]["mode"] == "token"
    assert stored["anthropic:anthropic_api"] == {"type": "token", "provider": "anthropic",
                                                  "token": TOKEN}
    assert "anthropic:default" not in stored


async def test_enter_proposes_the_api_key_profile_the_config_names(
        home: Path, provider_server: ProviderServer) -> None:
    broken_state(home)
    provider_server.add_credential("anthropic", API_KEY)
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert await profile_proposed(pilot, API_KEY) == "anthropic:anthropic_api"


async def test_another_method_gets_a_profile_of_its_own(
        home: Path, provider_server: ProviderServer) -> None:
    """Back on the Method step, the other method: the config's id (an API key's) is not
    proposed for a setup token."""
    broken_state(home)
    provider_server.add_credential("anthropic", TOKEN)
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter", "escape")
        assert screen_name(pilot) == "MethodScreen"
        await keys(pilot, "down", "enter")
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "enter")
        assert screen_name(pilot) == "ProfileScreen"
        assert app.screen.query_one("#profile-id", Input).value != "anthropic:anthropic_api"


async def test_f_says_each_change_once(home: Path, provider_server: ProviderServer) -> None:
    """The Fixed list names each file whose mode f tightened once, not once as the finding's
    fix and again as 'tightened'."""
    broken_state(home)
    app = app_for(home, provider_server)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await keys(pilot, "f")
        await settle(pilot)
        shown = screen_text(app)
        assert "chmod 0600 ~/.openclaw/openclaw.json" in shown, shown
        assert "tightened" not in shown, shown
