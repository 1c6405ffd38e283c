"""Remove a profile from the Welcome: x, pick it, see what changes, confirm (y) or keep (n)."""

from __future__ import annotations

import json
from pathlib import Path

from snapshots.drive import (
    TOKEN2,
    base_env,
    existing_token_state,
    files_under,
    keys,
    make_app,
    settle,
    store_path,
)
from tests.provider_server import ProviderServer
from tests.test_tui_flows import page_text
from wizard.tui.dialogs.confirm_remove import ChooseProfile, ConfirmRemove

PID = "anthropic:default"


async def test_remove_from_the_welcome(home: Path, provider_server: ProviderServer) -> None:
    existing_token_state(home, secret=TOKEN2)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    before = files_under(home)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await keys(pilot, "x")
        assert isinstance(app.screen, ChooseProfile)
        await keys(pilot, "enter")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmRemove)
        assert "left without any anthropic credential" in " ".join(app.screen.lines)
        assert not any(TOKEN2 in line for line in app.screen.lines)
        await keys(pilot, "n")
        assert files_under(home) == before, "keeping it changed a file"

        await keys(pilot, "x", "enter")
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert isinstance(app.screen, ConfirmRemove)
        await keys(pilot, "y")
        for _ in range(20):
            await pilot.pause(0.1)
            if "Removed" in page_text(app):
                break
        text = " ".join(page_text(app).split())
        assert f"Removed {PID}" in text, text
        assert "backup ~/.openclaw/agents/main/agent/auth-profiles.json.bak" in text, text
        assert TOKEN2 not in text
    data = json.loads(store_path(home).read_text())
    assert PID not in data["profiles"]
