"""The Welcome's i on a fenced 2026.9.6 state (a legacy auth-profiles.json whose only
credential is the retired claude-cli copy): what the repairs and OpenClaw's own import would
do, before anything is written, with Import / Cancel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from snapshots.drive import SIZE_IDS, SIZES, base_env, make_app, settle
from tests.provider_server import ProviderServer
from tests.test_legacy_import import SEED, SEED_CFG, write_state

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def test_import_consent_on_a_fenced_store(snap_compare: Any, home: Path,
                                          provider_server: ProviderServer, size: Size) -> None:
    write_state(home, SEED, SEED_CFG)  # and a stand-in `openclaw` answering as 2026.9.6
    env = {**base_env(home, provider_server), "PATH": f"{home.parent / 'bin'}:/usr/bin:/bin"}
    app = make_app(home, provider_server, env=env)

    async def run_before(pilot: Pilot[Any]) -> None:
        from wizard.tui.dialogs.confirm_import import ConfirmImport

        await settle(pilot)
        await pilot.press("i")
        for _ in range(50):
            await settle(pilot)
            if isinstance(app.screen, ConfirmImport):
                break
        assert isinstance(app.screen, ConfirmImport)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
