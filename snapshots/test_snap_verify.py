"""Verify: every kind of answer, from the loopback provider server."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from snapshots.drive import (
    API_KEY,
    OPENAI_KEY,
    SIZE_IDS,
    SIZES,
    TOKEN,
    base_env,
    make_app,
    server_on_port,
    to_verdict,
    verify_state,
)
from tests.provider_server import ProviderServer

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def verdict(pilot_state: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_verdict(pilot, TOKEN)
        assert verify_state(pilot) == pilot_state

    return run_before


def test_verify_valid(snap_compare: Any, home: Path, provider_server: ProviderServer,
                      size: Size) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=verdict("valid"))


def test_verify_limited_claude_code_only(snap_compare: Any, home: Path,
                                         provider_server: ProviderServer, size: Size) -> None:
    provider_server.add_credential("anthropic", TOKEN, "claude_code_only")
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=verdict("limited"))


@pytest.mark.parametrize("state", ["unknown", "expired", "invalid_token", "revoked"])
def test_verify_rejected(snap_compare: Any, home: Path, provider_server: ProviderServer,
                         size: Size, state: str) -> None:
    if state != "unknown":
        provider_server.add_credential("anthropic", TOKEN, state)
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=verdict("rejected"))


def test_verify_rejected_api_key(snap_compare: Any, home: Path,
                                 provider_server: ProviderServer, size: Size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_verdict(pilot, API_KEY, method="api-key")
        assert verify_state(pilot) == "rejected"

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_verify_rejected_openai(snap_compare: Any, home: Path,
                                provider_server: ProviderServer, size: Size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_verdict(pilot, OPENAI_KEY, provider="openai", method="api-key")
        assert verify_state(pilot) == "rejected"

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_verify_could_not_verify(snap_compare: Any, home: Path,
                                 provider_server: ProviderServer, size: Size) -> None:
    """529 three times: could not verify; Retry, Save unverified, Back."""
    provider_server.add_credential("anthropic", TOKEN)
    provider_server.fault("anthropic", "529", times=3, retry_after="0")
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=verdict("unverified"))


def test_verify_no_credit(snap_compare: Any, home: Path, provider_server: ProviderServer,
                          size: Size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_verdict(pilot, API_KEY, method="api-key")
        assert verify_state(pilot) == "limited"

    provider_server.add_credential("anthropic", API_KEY, "no_credit")
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_verify_plain_http_refused(snap_compare: Any, home: Path,
                                   provider_server: ProviderServer, size: Size) -> None:
    """A plain-http base URL off loopback: refused before any connection, with the fix."""
    from snapshots.drive import base_env

    env = base_env(home, provider_server,
                   AUTHWIZARD_ANTHROPIC_BASE_URL="http://proxy.example.com/anthropic")
    assert snap_compare(make_app(home, provider_server, env=env), terminal_size=size,
                        run_before=verdict("error"))


def test_verify_limited_restricted(snap_compare: Any, home: Path,
                                   provider_server: ProviderServer, size: Size) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_verdict(pilot, API_KEY, method="api-key")
        assert verify_state(pilot) == "limited"

    provider_server.add_credential("anthropic", API_KEY, "restricted")
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_verify_rejected_wrong_region(snap_compare: Any, home: Path, size: Size) -> None:
    """A MiniMax key of the China region, checked at the global API: named, with the fix.
    The message names the API root, port included: this test has a fixed port per size."""
    key = "sk-cp-" + "M1n1MaxCn" * 10

    async def run_before(pilot: Pilot[Any]) -> None:
        await to_verdict(pilot, key, provider="minimax", method="api-key")
        assert verify_state(pilot) == "rejected"

    with server_on_port(47311 if size == (80, 24) else 47312) as server:
        server.add_credential("minimax-cn", key)
        assert snap_compare(make_app(home, server), terminal_size=size, run_before=run_before)


def test_verify_test_message_no_credit(snap_compare: Any, home: Path,
                                       provider_server: ProviderServer, size: Size) -> None:
    """t on an accepted key: the one test message shows what the free check cannot."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_verdict(pilot, API_KEY, method="api-key")
        assert verify_state(pilot) == "valid"
        await pilot.press("t")
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert verify_state(pilot) == "limited"

    provider_server.add_credential("anthropic", API_KEY, "message_no_credit")
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_verify_could_not_reach(snap_compare: Any, home: Path, size: Size) -> None:
    """Nothing listens at the base URL: "Could not reach Anthropic", not "Checked … with"."""
    env = base_env(home, None, AUTHWIZARD_ANTHROPIC_BASE_URL="http://127.0.0.1:9")
    assert snap_compare(make_app(home, None, env=env), terminal_size=size,
                        run_before=verdict("unverified"))
