"""Method: API key (recommended) or setup token, with and without `claude` on PATH."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from snapshots.drive import SIZE_IDS, SIZES, make_app, start
from tests.provider_server import ProviderServer

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


async def to_method(pilot: Pilot[Any]) -> None:
    await start(pilot)
    pilot.app.screen.choose("anthropic")  # type: ignore[attr-defined]  # what Enter does
    await pilot.pause()


def test_method_api_key_highlighted(snap_compare: Any, home: Path,
                                    provider_server: ProviderServer, size: Size) -> None:
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=to_method)


def test_method_setup_token_without_claude(snap_compare: Any, home: Path,
                                           provider_server: ProviderServer, size: Size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_method(pilot)
        await pilot.press("down")

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_method_setup_token_with_claude(snap_compare: Any, home: Path,
                                        provider_server: ProviderServer, size: Size) -> None:
    """`claude` on PATH: the footer offers to run `claude setup-token`."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_method(pilot)
        await pilot.press("down")

    app = make_app(home, provider_server,
                   which=lambda name: "/opt/claude/bin/claude" if name == "claude" else None)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
