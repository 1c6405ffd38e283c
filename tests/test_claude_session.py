"""Claude Code's own session token is refused before any request: it dies within hours."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.widgets import Static

from snapshots.drive import SECRETS, keys, make_app, paste, screen_name, to_secret_by_keys
from tests import test_replay_e2e
from tests.provider_server import ProviderServer
from tests.test_replay_e2e import TOKEN, TOKEN2, Run, answers, state
from wizard.detect.claude_session import own_session_token, session_token_message

run = test_replay_e2e.run  # the installed authwizard, as a fixture
REFRESH = "sk-ant-ort01-" + "R5s6T7u8" * 12


def claude_login(home: Path, access: str, refresh: str = REFRESH, hours: float = 6) -> datetime:
    expires_ms = int((time.time() + hours * 3600) * 1000)
    path = home / ".claude" / ".credentials.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"claudeAiOauth": {
        "accessToken": access, "refreshToken": refresh, "expiresAt": expires_ms,
        "scopes": ["user:inference", "user:profile"], "subscriptionType": "max",
    }}))
    return datetime.fromtimestamp(expires_ms / 1000, UTC)


def test_the_access_token_is_recognised_with_its_expiry(home: Path) -> None:
    expires = claude_login(home, TOKEN)
    found = own_session_token(TOKEN, {"HOME": str(home)}, keychain=False)
    assert found is not None and found.which == "access"
    assert found.where.endswith(".claude/.credentials.json")
    message = session_token_message(found)
    assert f"{expires:%Y-%m-%d %H:%M} UTC" in message and "claude setup-token" in message
    assert TOKEN not in message and TOKEN[-12:] not in message


def test_other_tokens_and_no_login_are_not_matched(home: Path) -> None:
    env = {"HOME": str(home)}
    assert own_session_token(TOKEN, env, keychain=False) is None
    claude_login(home, TOKEN)
    assert own_session_token(TOKEN2, env, keychain=False) is None
    assert own_session_token(REFRESH, env, keychain=False).which == "refresh"  # type: ignore[union-attr]


def test_replay_refuses_it_before_any_request(
    run: Callable[..., Run], home: Path, provider_server: ProviderServer
) -> None:
    claude_login(home, TOKEN)
    provider_server.add_credential("anthropic", TOKEN)
    before = len(provider_server.requests)
    r = run("--json", "--generation", "G2", answers=answers())
    assert r.code == 2, r.err
    assert "Claude Code's own access token" in r.err and "claude setup-token" in r.err
    assert len(provider_server.requests) == before
    assert state(home) == {}


async def test_the_secret_step_refuses_it(home: Path, provider_server: ProviderServer) -> None:
    claude_login(home, TOKEN)
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server)
    async with app.run_test(size=(80, 24)) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "SecretScreen"
        problem = str(app.screen.query_one("#secret-problem", Static).render())
        assert "Claude Code's own access token" in problem and "claude setup-token" in problem
        shown = app.export_screenshot()
        assert all(secret not in shown for secret in SECRETS)
    assert provider_server.requests_to("anthropic") == []


def test_the_keychain_item_is_checked_too(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring

    from tests.test_keychain import FILE_BACKEND, use_backend

    monkeypatch.setenv("HOME", str(home))
    use_backend(home, FILE_BACKEND)
    keyring.core.init_backend()
    try:
        env = {"HOME": str(home), "USER": "someone"}
        keyring.set_password("Claude Code-credentials", "someone", json.dumps({"claudeAiOauth": {
            "accessToken": TOKEN, "refreshToken": REFRESH, "expiresAt": 4102444800000,
            "scopes": ["user:inference"],
        }}))
        found = own_session_token(TOKEN, env, keychain=True)
        assert found is not None and found.which == "access"
        assert found.where == "keychain item 'Claude Code-credentials'"
    finally:
        keyring.core.init_backend()
