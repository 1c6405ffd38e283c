"""Done: what was written, the status line, the next command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from snapshots.drive import (
    SIZE_IDS,
    SIZES,
    TOKEN,
    existing_token_state,
    keys,
    make_app,
    to_done,
)
from tests.provider_server import ProviderServer

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def test_done_first_install(snap_compare: Any, home: Path, provider_server: ProviderServer,
                            size: Size) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    assert snap_compare(make_app(home, provider_server), terminal_size=size, run_before=to_done)


def test_done_rotation(snap_compare: Any, home: Path, provider_server: ProviderServer,
                       size: Size) -> None:
    existing_token_state(home)
    provider_server.add_credential("anthropic", TOKEN)
    assert snap_compare(make_app(home, provider_server), terminal_size=size, run_before=to_done)


def test_done_nothing_to_change(snap_compare: Any, home: Path, provider_server: ProviderServer,
                                size: Size) -> None:
    existing_token_state(home, secret=TOKEN, expires_ms=None)  # as authwizard wrote it
    provider_server.add_credential("anthropic", TOKEN)
    assert snap_compare(make_app(home, provider_server), terminal_size=size, run_before=to_done)


def test_done_saved_unverified(snap_compare: Any, home: Path, provider_server: ProviderServer,
                               size: Size) -> None:
    """Could not verify, saved anyway (the explicit choice): the warning stays on Done."""
    provider_server.fault("anthropic", "529", times=3, retry_after="0")
    assert snap_compare(make_app(home, provider_server), terminal_size=size, run_before=to_done)


def test_done_old_backups_offered(snap_compare: Any, home: Path,
                                  provider_server: ProviderServer, size: Size) -> None:
    """A rotation over backups of older tokens: the offer to remove them, with its key."""
    from tests.test_tui_old_copies import with_old_backups

    with_old_backups(home)
    provider_server.add_credential("anthropic", TOKEN)
    assert snap_compare(make_app(home, provider_server), terminal_size=size, run_before=to_done)


def test_done_old_backups_removed(snap_compare: Any, home: Path,
                                  provider_server: ProviderServer, size: Size) -> None:
    """d pressed: what was removed, and no offer left."""
    from tests.test_tui_old_copies import with_old_backups

    with_old_backups(home)
    provider_server.add_credential("anthropic", TOKEN)

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_done(pilot)
        await keys(pilot, "d")

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)
