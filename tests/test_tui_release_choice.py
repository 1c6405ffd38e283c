"""With no evidence of the OpenClaw release the wizard asks before writing (Pilot): the latest
OpenClaw (install it first; nothing is written) or a release that reads the JSON files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import Static

from snapshots.drive import (
    TOKEN,
    base_env,
    files_under,
    jump,
    keys,
    make_app,
    screen_name,
    store_path,
)
from tests.provider_server import ProviderServer
from wizard.flow import Step

SIZE = (80, 24)


def shown(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def test_no_evidence_asks_before_writing(home: Path, provider_server: ProviderServer
                                               ) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await jump(pilot, Step.REVIEW)
        before = files_under(home)
        await keys(pilot, "w")
        assert screen_name(pilot) == "WhichRelease"
        text = shown(app, "#which-release-text")
        assert "no `openclaw` on PATH" in text and "up to 2026.6.1: the JSON files" in text
        await keys(pilot, "escape")  # back to the review, nothing chosen, nothing written
        assert screen_name(pilot) == "ReviewScreen" and files_under(home) == before
        await keys(pilot, "w", "l")  # the latest OpenClaw: install it first
        assert screen_name(pilot) == "ReviewScreen" and files_under(home) == before
        assert "npm install -g openclaw@latest" in shown(app, "#review-problem")
        await keys(pilot, "w", "j")  # an older release: the JSON files
        assert screen_name(pilot) == "DoneScreen"
    store = json.loads(store_path(home).read_text())
    assert store["profiles"]["anthropic:default"]["token"] == TOKEN


async def test_a_named_release_is_not_asked(home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G2"))
    async with app.run_test(size=SIZE) as pilot:
        await jump(pilot, Step.REVIEW)
        await keys(pilot, "w")
        assert screen_name(pilot) == "DoneScreen"
    assert store_path(home).exists()
