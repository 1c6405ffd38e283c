"""Textual's theme switching works (the command palette), and a light theme is legible."""

from __future__ import annotations

from pathlib import Path

from snapshots.drive import base_env, keys, make_app, settle
from tests.provider_server import ProviderServer


async def test_the_command_palette_changes_the_theme(tmp_path: Path,
                                                     provider_server: ProviderServer) -> None:
    home = tmp_path / "home"
    home.mkdir()
    app = make_app(home, provider_server, env=base_env(home, provider_server))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await keys(pilot, "ctrl+p")
        await pilot.press(*"theme")
        await keys(pilot, "enter")
        await pilot.press(*"textual-light")
        await keys(pilot, "enter")
        assert app.theme == "textual-light"
        assert not app.current_theme.dark
