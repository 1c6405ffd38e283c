"""The Verify step's opt-in test message (key t), driven with Textual's Pilot against the
loopback provider server: the cost is on screen before anything is sent, one message goes,
and what only a message shows is named."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Static

from snapshots.drive import (
    API_KEY,
    TOKEN,
    base_env,
    keys,
    make_app,
    screen_name,
    store_path,
    to_secret_by_keys,
    verify_state,
)
from snapshots.drive import paste as paste_secret
from tests.provider_server import ProviderServer
from wizard.spec.registry import PROVIDERS

SIZE = (80, 24)
HAIKU = PROVIDERS["anthropic"].message_test.model  # type: ignore[union-attr]


def text_of(app: object, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())  # type: ignore[attr-defined]


async def test_t_sends_one_test_message_and_names_no_credit(
    home: Path, provider_server: ProviderServer,
) -> None:
    provider_server.add_credential("anthropic", API_KEY, "message_no_credit")
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot, method="api-key")
        await paste_secret(pilot, API_KEY)
        await keys(pilot, "enter")
        assert verify_state(pilot) == "valid"
        offer = text_of(app, "#verdict-next")
        assert f"Press t to send a test message: one message to {HAIKU}" in offer
        assert "costs under $0.0001" in offer
        assert [r.method for r in provider_server.requests_to("anthropic")] == ["GET"]
        await keys(pilot, "t")
        assert [r.method for r in provider_server.requests_to("anthropic")] == ["GET", "POST"]
        shown = text_of(app, "#message-test")
        assert "Test message:" in shown and "add credit" in shown
        assert verify_state(pilot) == "limited"
        await keys(pilot, "t")  # one message per check, never a second
        assert len(provider_server.requests_to("anthropic")) == 2
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ProfileScreen"
    body = json.loads(provider_server.requests_to("anthropic")[1].body)
    assert body["max_tokens"] == 1 and body["model"] == HAIKU
    assert not store_path(home).exists()


async def test_without_t_no_message_is_sent(
    home: Path, provider_server: ProviderServer,
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste_secret(pilot, TOKEN)
        await keys(pilot, "enter", "enter", "enter", "w")
        assert screen_name(pilot) == "DoneScreen"
    assert [r.method for r in provider_server.requests_to("anthropic")] == ["GET"]
