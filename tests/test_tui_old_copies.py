"""After a rotation the Done screen offers to remove the backups that still hold the old token
(the doctor's `stale-secret-copies` fix alone: overwrite, then delete), and says what it removed.
Driven with real key presses against the loopback provider server."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from snapshots.drive import (
    TOKEN,
    TOKEN2,
    base_env,
    existing_token_state,
    keys,
    make_app,
    paste,
    screen_name,
    store_path,
    to_secret_by_keys,
)
from tests.provider_server import ProviderServer
from tests.test_remove_e2e import holding
from tests.test_tui_generations import screen_text
from wizard.commands.status import StatusOptions
from wizard.commands.status import run as status
from wizard.options import Options
from wizard.tui.app import WizardApp
from wizard.tui.widgets.key_bar import KeyBar

SIZE = (80, 24)
OLDER = ("sk-ant-oat01-" + "K5l6M7n8" * 12, "sk-ant-oat01-" + "U1v2W3x4" * 12)
OFFER = "Remove old copies"


def with_old_backups(home: Path) -> None:
    """anthropic:default holds TOKEN2; two earlier rotations left backups of older tokens."""
    existing_token_state(home, secret=TOKEN2)
    store = store_path(home)
    for path, secret in zip((store.with_name(store.name + ".bak"),
                             store.with_name(store.name + ".bak.1")), OLDER, strict=True):
        entry = {"type": "token", "provider": "anthropic", "token": secret}
        path.write_text(json.dumps({"version": 1, "profiles": {"anthropic:default": entry}}))
        path.chmod(0o600)


def offered(app: WizardApp) -> bool:
    return any(k.description == OFFER for k in app.screen.query_one(KeyBar).keys())


async def rotate(pilot: Pilot[Any]) -> None:
    """Anthropic → setup token → paste → check → profile → review → write."""
    await to_secret_by_keys(pilot)
    await paste(pilot, TOKEN)
    await keys(pilot, "enter", "enter", "enter", "enter")
    assert screen_name(pilot) == "DoneScreen"


@pytest.mark.parametrize("generation", ["G1", "G2"])
async def test_done_offers_and_removes_the_backups_of_the_old_token(
        home: Path, provider_server: ProviderServer, generation: str) -> None:
    with_old_backups(home)
    provider_server.add_credential("anthropic", TOKEN)
    env = base_env(home, provider_server, AUTHWIZARD_GENERATION=generation)
    app = make_app(home, provider_server, env=env)
    async with app.run_test(size=SIZE) as pilot:
        await rotate(pilot)
        text = screen_text(app)
        assert "! 3 backups still hold the old token:" in text, text
        assert "~/.openclaw/agents/main/agent/auth-profiles.json.bak.2" in text
        assert "Press d to remove them" in text and offered(app)
        assert holding(home, TOKEN2) and all(holding(home, s) for s in OLDER)

        await keys(pilot, "d")
        text = screen_text(app)
        assert "still hold the old token" not in text and not offered(app)
        assert "Removed (overwritten, then deleted)" in text
        for suffix in (".bak", ".bak.1", ".bak.2"):
            assert f"~/.openclaw/agents/main/agent/auth-profiles.json{suffix}\n" in text + "\n"
        assert "Backups\n" not in text  # the write's own backup was one of them
        await keys(pilot, "enter")
    assert app.return_code == 0
    assert "  Removed 3 old copies (overwritten, then deleted)" in app.summary
    for old in (TOKEN2, *OLDER):
        assert holding(home, old) == [], old
    assert holding(home, TOKEN) == [".openclaw/agents/main/agent/auth-profiles.json"]
    doc = status(StatusOptions(Options(), env)).document
    (anthropic,) = doc["agents"][0]["providers"]
    assert anthropic["uses"]["id"] == "anthropic:default", anthropic
    (profile,) = anthropic["profiles"]
    assert profile["usable"] and profile["secret"].endswith(TOKEN[-4:])


async def test_leaving_without_removing_names_the_fix(
        home: Path, provider_server: ProviderServer) -> None:
    existing_token_state(home, secret=TOKEN2)
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=SIZE) as pilot:
        await rotate(pilot)
        assert "! 1 backup still holds the old token:" in screen_text(app)
        await keys(pilot, "enter")
    assert ("! 1 backup still holds the old token: `authwizard doctor --fix` removes it."
            in app.summary)
    assert holding(home, TOKEN2) == [".openclaw/agents/main/agent/auth-profiles.json.bak"]


async def test_no_offer_on_a_first_install(home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=SIZE) as pilot:
        await rotate(pilot)
        text = screen_text(app)
        assert "still hold" not in text and "Press d" not in text
        assert not offered(app)
        await keys(pilot, "d")  # nothing to remove: the key does nothing
        assert screen_name(pilot) == "DoneScreen"
        assert "Removed" not in screen_text(app)


def test_the_removal_repairs_nothing_else(home: Path) -> None:
    """Only `stale-secret-copies` is fixed: a store wider than 0600 (which `doctor --fix`
    would tighten) stays as it is."""
    from wizard.fixes import remove_stale_copies
    from wizard.options import resolve_environment

    with_old_backups(home)
    store_path(home).chmod(0o644)
    env = base_env(home, None, AUTHWIZARD_GENERATION="G1")
    outcome = remove_stale_copies(resolve_environment(Options(), env))
    assert sorted(p.name for p in outcome.shredded) == ["auth-profiles.json.bak",
                                                         "auth-profiles.json.bak.1"]
    assert store_path(home).stat().st_mode & 0o777 == 0o644
    assert "stale-secret-copies" not in {f.code for f in outcome.after}
    assert "file-permissions" in {f.code for f in outcome.after}
    assert holding(home, TOKEN2) == [".openclaw/agents/main/agent/auth-profiles.json"]
