"""Profile & agents: a new profile, a rotation, several agents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from snapshots.drive import (
    API_KEY,
    SIZE_IDS,
    SIZES,
    TOKEN,
    base_env,
    existing_token_state,
    jump,
    keys,
    make_app,
    to_profile,
)
from tests.provider_server import ProviderServer
from wizard.steps import Step

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def test_profile_new(snap_compare: Any, home: Path, provider_server: ProviderServer,
                     size: Size) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=to_profile)


def test_profile_rotation(snap_compare: Any, home: Path, provider_server: ProviderServer,
                          size: Size) -> None:
    """The existing anthropic:default is pre-selected, its secret shown redacted with expiry."""
    existing_token_state(home, agents=("main", "work"))
    provider_server.add_credential("anthropic", TOKEN)
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=to_profile)


def test_profile_bad_name(snap_compare: Any, home: Path, provider_server: ProviderServer,
                          size: Size) -> None:
    provider_server.add_credential("anthropic", TOKEN)

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_profile(pilot)
        pilot.app.screen.query_one("#profile-id", Input).value = "My Work!"
        await pilot.press("enter")

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_profile_keychain_offered(snap_compare: Any, home: Path, provider_server: ProviderServer,
                                  size: Size, monkeypatch: pytest.MonkeyPatch) -> None:
    """A release that reads references and a keyring backend the user chose: the keychain is
    offered (and ticked here)."""
    import keyring.core

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    keyring.core.init_backend()
    provider_server.add_credential("anthropic", TOKEN)
    env = base_env(home, provider_server, AUTHWIZARD_GENERATION="G2")

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_profile(pilot)
        pilot.app.screen.query_one("#keychain", Checkbox).value = True
        await pilot.pause()

    assert snap_compare(make_app(home, provider_server, env=env), terminal_size=size,
                        run_before=run_before)


def test_profile_expiry_lifetime_chosen(snap_compare: Any, home: Path,
                                        provider_server: ProviderServer, size: Size) -> None:
    """A setup token: the expiry question, 365 days picked with Space (recorded only so)."""
    provider_server.add_credential("anthropic", TOKEN)

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_profile(pilot)
        pilot.app.screen.query_one("#expiry").focus()
        await keys(pilot, "up", "up", "space")

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_profile_expiry_date_in_the_past(snap_compare: Any, home: Path,
                                         provider_server: ProviderServer, size: Size) -> None:
    """"On a date I enter" with a day already gone: refused, saying why."""
    provider_server.add_credential("anthropic", TOKEN)

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_profile(pilot)
        pilot.app.screen.query_one("#expiry").focus()
        await keys(pilot, "up", "enter")
        await pilot.press(*"2026-01-31")
        await keys(pilot, "enter")

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_profile_api_key_asks_no_expiry(snap_compare: Any, home: Path,
                                        provider_server: ProviderServer, size: Size) -> None:
    provider_server.add_credential("anthropic", API_KEY)

    async def run_before(pilot: Pilot[Any]) -> None:
        await jump(pilot, Step.PROFILE, secret=API_KEY, method="api-key")

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)
