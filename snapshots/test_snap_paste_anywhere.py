"""A secret pasted outside the secret field: the secret step with the paste in place, or the
provider list holding a key whose provider the prefix does not name. Never shown in clear."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from snapshots.drive import SIZE_IDS, SIZES, TOKEN, make_app, paste, settle, start
from tests.provider_server import ProviderServer

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def test_token_pasted_into_the_search(snap_compare: Any, home: Path,
                                      provider_server: ProviderServer, size: Size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await start(pilot)
        await paste(pilot, TOKEN)
        await settle(pilot)

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_unknown_key_pasted_into_the_search(snap_compare: Any, home: Path,
                                            provider_server: ProviderServer,
                                            size: Size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await start(pilot)
        await paste(pilot, "q8Zr41mWk2Lp0sT7vB3nX9cYq8Zr41mW")
        await settle(pilot)

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)
