"""Provider: the searchable list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from snapshots.drive import SIZE_IDS, SIZES, existing_token_state, make_app, start
from tests.provider_server import ProviderServer

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def test_provider_list(snap_compare: Any, home: Path, provider_server: ProviderServer,
                       size: Size) -> None:
    existing_token_state(home)  # Anthropic shows the profile it already has
    assert snap_compare(make_app(home, provider_server), terminal_size=size, run_before=start)


def test_provider_search(snap_compare: Any, home: Path, provider_server: ProviderServer,
                         size: Size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await start(pilot)
        pilot.app.screen.query_one("#search", Input).value = "open"
        await pilot.pause()

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_provider_no_match(snap_compare: Any, home: Path, provider_server: ProviderServer,
                           size: Size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await start(pilot)
        pilot.app.screen.query_one("#search", Input).value = "zzz"
        await pilot.pause()

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)
