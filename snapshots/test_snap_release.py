"""The question asked before writing when nothing says which OpenClaw release is in use."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from snapshots.drive import SIZE_IDS, SIZES, TOKEN, make_app, to_review
from tests.provider_server import ProviderServer

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def test_which_release_before_writing(snap_compare: Any, home: Path,
                                      provider_server: ProviderServer, size: Size) -> None:
    provider_server.add_credential("anthropic", TOKEN)

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_review(pilot)
        await pilot.press("w")
        await pilot.pause()

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)
