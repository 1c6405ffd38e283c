"""Review: the redacted diff of both files, backups, dry run."""

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
    to_profile,
    to_review,
)
from tests.provider_server import ProviderServer
from wizard.options import Options

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def test_review_first_install(snap_compare: Any, home: Path, provider_server: ProviderServer,
                              size: Size) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=to_review)


def test_review_rotation(snap_compare: Any, home: Path, provider_server: ProviderServer,
                         size: Size) -> None:
    existing_token_state(home)
    provider_server.add_credential("anthropic", TOKEN)
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=to_review)


def test_review_dry_run(snap_compare: Any, home: Path, provider_server: ProviderServer,
                        size: Size) -> None:
    existing_token_state(home)
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server, opts=Options(dry_run=True))
    assert snap_compare(app, terminal_size=size, run_before=to_review)


def test_review_rotation_with_expiry(snap_compare: Any, home: Path,
                                     provider_server: ProviderServer, size: Size) -> None:
    """365 days chosen on the Profile step: the title says when, the diff writes it."""
    existing_token_state(home)
    provider_server.add_credential("anthropic", TOKEN)

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_profile(pilot)
        pilot.app.screen.query_one("#expiry").focus()
        await keys(pilot, "up", "up", "enter")

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)
