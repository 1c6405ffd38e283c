"""The quit confirmation (something unsaved)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from snapshots.drive import SIZE_IDS, SIZES, TOKEN, make_app, paste, to_secret
from tests.provider_server import ProviderServer

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def test_quit_asks_when_unsaved(snap_compare: Any, home: Path, provider_server: ProviderServer,
                                size: Size) -> None:
    provider_server.add_credential("anthropic", TOKEN)

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_secret(pilot)
        await paste(pilot, TOKEN)
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+c")
        await pilot.pause()

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)
