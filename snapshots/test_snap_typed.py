"""A secret the terminal typed key by key (no bracketed paste): the provider list holding it,
masked, when its prefix names no provider; the secret step with every key, when it does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from snapshots.drive import TOKEN, make_app, start
from tests.provider_server import ProviderServer
from tests.test_tui_typed_secret import BARE, burst


def test_key_typed_into_the_search_waits_for_its_provider(
        snap_compare: Any, home: Path, provider_server: ProviderServer) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await start(pilot)
        await burst(pilot, BARE)

    assert snap_compare(make_app(home, provider_server), terminal_size=(80, 24),
                        run_before=run_before)


def test_token_typed_into_the_search_at_the_secret_step(
        snap_compare: Any, home: Path, provider_server: ProviderServer) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await start(pilot)
        await burst(pilot, TOKEN)

    assert snap_compare(make_app(home, provider_server), terminal_size=(80, 24),
                        run_before=run_before)
