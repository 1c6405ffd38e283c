"""Small terminals: Provider, Method, Review and Done at 60x20 (the step bar keeps the current
step whole and says `…` where it leaves steps out; the key bar leaves out whole keys), and a
write that failed at 80x24 (the error and "Nothing was written." in sight)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from snapshots.drive import TOKEN, base_env, keys, make_app, start, state_dir, to_done, to_review
from tests.provider_server import ProviderServer


def test_review_at_60x20(snap_compare: Any, home: Path,
                         provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    env = base_env(home, provider_server, AUTHWIZARD_GENERATION="G1")
    assert snap_compare(make_app(home, provider_server, env=env), terminal_size=(60, 20),
                        run_before=to_review)


def test_provider_at_60x20(snap_compare: Any, home: Path,
                           provider_server: ProviderServer) -> None:
    assert snap_compare(make_app(home, provider_server), terminal_size=(60, 20),
                        run_before=start)


def test_method_at_60x20(snap_compare: Any, home: Path,
                         provider_server: ProviderServer) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await start(pilot)
        await keys(pilot, "enter")

    assert snap_compare(make_app(home, provider_server), terminal_size=(60, 20),
                        run_before=run_before)


def test_done_at_60x20(snap_compare: Any, home: Path,
                       provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    env = base_env(home, provider_server, AUTHWIZARD_GENERATION="G1")
    assert snap_compare(make_app(home, provider_server, env=env), terminal_size=(60, 20),
                        run_before=to_done)


def test_write_failed_at_80x24(snap_compare: Any, home: Path,
                               provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    env = base_env(home, provider_server, AUTHWIZARD_GENERATION="G1")

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_review(pilot)
        agents = state_dir(home) / "agents"
        agents.mkdir(parents=True)
        (agents / "main").write_text("in the way\n")
        await keys(pilot, "enter")

    assert snap_compare(make_app(home, provider_server, env=env), terminal_size=(80, 24),
                        run_before=run_before)
