"""Profile & agents: a new profile, a rotation, several agents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input

from snapshots.drive import (
    SIZE_IDS,
    SIZES,
    TOKEN,
    base_env,
    existing_token_state,
    make_app,
    to_profile,
)
from tests.provider_server import ProviderServer

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
