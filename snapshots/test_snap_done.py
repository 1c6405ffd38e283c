"""Done: what was written, the status line, the next command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from snapshots.drive import (
    SIZE_IDS,
    SIZES,
    TOKEN,
    existing_token_state,
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
