"""Welcome: what exists, at 80x24 and 120x40."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from snapshots.drive import (
    API_KEY,
    DAY_MS,
    NOW_MS,
    SIZE_IDS,
    SIZES,
    TOKEN2,
    base_env,
    existing_token_state,
    make_app,
    settle,
    write_config,
    write_store,
)
from tests.provider_server import ProviderServer

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def claude_login(home: Path) -> None:
    """A Claude Code login file (fake tokens; only its metadata is ever shown)."""
    path = home / ".claude" / ".credentials.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"claudeAiOauth": {
        "accessToken": "sk-ant-oat01-" + "Cl4udeAc" * 12,
        "refreshToken": "sk-ant-ort01-" + "Cl4udeRf" * 12,
        "expiresAt": int(NOW_MS + 5 * DAY_MS),
        "scopes": ["user:inference", "user:profile"],
        "subscriptionType": "max",
    }}))


def test_welcome_first_install(snap_compare: Any, home: Path, provider_server: ProviderServer,
                               size: Size) -> None:
    """Nothing yet: no state dir, no profiles, no login, no env vars."""
    assert snap_compare(make_app(home, provider_server), terminal_size=size, run_before=settle)


def test_welcome_existing_setup(snap_compare: Any, home: Path, provider_server: ProviderServer,
                                size: Size) -> None:
    """A token profile for two agents, a Claude Code login, an env var OpenClaw would use."""
    existing_token_state(home, agents=("main", "work"))
    claude_login(home)
    env = base_env(home, provider_server, OPENAI_API_KEY="sk-proj-" + "Env0nlyK" * 16)
    app = make_app(home, provider_server, env=env)
    assert snap_compare(app, terminal_size=size, run_before=settle)


def test_welcome_unreadable_config(snap_compare: Any, home: Path,
                                   provider_server: ProviderServer, size: Size) -> None:
    """A config that does not parse: the error with file, line, column and the fix."""
    write_config(home, '{\n  "auth": {\n    "profiles": {,\n}\n')
    app = make_app(home, provider_server)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        assert not app.ready

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_welcome_no_color(snap_compare: Any, home: Path, provider_server: ProviderServer,
                          size: Size) -> None:
    """NO_COLOR in the (injected) environment: monochrome."""
    existing_token_state(home)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, NO_COLOR="1", ANTHROPIC_API_KEY=API_KEY))
    assert snap_compare(app, terminal_size=size, run_before=settle)


def broken_state(home: Path) -> None:
    """A setup token stored as an API key (both files say api_key), store file 0644."""
    write_config(home, {"auth": {"profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "api_key"}}}})
    store = write_store(home, {"version": 1, "profiles": {"anthropic:default": {
        "type": "api_key", "provider": "anthropic", "key": TOKEN2}}})
    store.chmod(0o644)


def test_welcome_doctor_findings(snap_compare: Any, home: Path,
                                 provider_server: ProviderServer, size: Size) -> None:
    """Doctor findings with their fixes; f offered in the footer."""
    broken_state(home)
    assert snap_compare(make_app(home, provider_server), terminal_size=size, run_before=settle)


def test_welcome_after_fix(snap_compare: Any, home: Path, provider_server: ProviderServer,
                           size: Size) -> None:
    """f: the doctor's fix ran; what changed, and the clean state after it."""
    broken_state(home)
    app = make_app(home, provider_server)

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("f")
        await settle(pilot)
        assert app.fixed_something

    assert snap_compare(app, terminal_size=size, run_before=run_before)
