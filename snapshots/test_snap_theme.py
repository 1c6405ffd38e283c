"""A light theme (Textual's own, chosen with Ctrl+P → Change theme) at 80x24: legible, its
errors too (the theme's own error colour, not the CSS red #ff0000)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from snapshots.drive import API_KEY, TOKEN, make_app, paste, settle, to_secret, to_verdict
from tests.provider_server import ProviderServer


def light(then: Any) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        pilot.app.theme = "textual-light"
        await then(pilot)
        await settle(pilot)

    return run_before


def test_light_secret(snap_compare: Any, home: Path, provider_server: ProviderServer) -> None:
    async def secret(pilot: Pilot[Any]) -> None:
        await to_secret(pilot)
        await paste(pilot, API_KEY)

    assert snap_compare(make_app(home, provider_server), terminal_size=(80, 24),
                        run_before=light(secret))


def test_light_verify(snap_compare: Any, home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN, "claude_code_only")

    async def verify(pilot: Pilot[Any]) -> None:
        await to_verdict(pilot, TOKEN)

    assert snap_compare(make_app(home, provider_server), terminal_size=(80, 24),
                        run_before=light(verify))


def test_light_secret_refused(snap_compare: Any, home: Path,
                              provider_server: ProviderServer) -> None:
    """A token cut at the line wrap, then Enter: the refusal in the theme's error colour."""
    async def refused(pilot: Pilot[Any]) -> None:
        await to_secret(pilot)
        await paste(pilot, TOKEN[:60])
        await pilot.press("enter")

    assert snap_compare(make_app(home, provider_server), terminal_size=(80, 24),
                        run_before=light(refused))
