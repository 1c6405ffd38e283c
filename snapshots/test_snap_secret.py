"""Secret: masked field, live classification, paste problems, no clipboard."""

from __future__ import annotations

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
    jump,
    make_app,
    paste,
    settle,
    to_secret,
    wrapped,
)
from tests.provider_server import ProviderServer
from wizard.steps import Step

Size = tuple[int, int]
pytestmark = pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)


def test_secret_empty(snap_compare: Any, home: Path, provider_server: ProviderServer,
                      size: Size) -> None:
    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=to_secret)


def test_secret_wrapped_paste(snap_compare: Any, home: Path, provider_server: ProviderServer,
                              size: Size) -> None:
    """A token pasted over two lines: rejoined, masked, "Claude setup token, 109 chars"."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_secret(pilot)
        await paste(pilot, wrapped(TOKEN))

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_secret_other_provider(snap_compare: Any, home: Path, provider_server: ProviderServer,
                               size: Size) -> None:
    """An OpenAI key pasted for Anthropic: "this looks like an OpenAI project key"."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await jump(pilot, Step.SECRET, method="api-key")
        await paste(pilot, OPENAI_KEY)

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_secret_cut_at_line_wrap(snap_compare: Any, home: Path, provider_server: ProviderServer,
                                 size: Size) -> None:
    """Only the first line of a wrapped token, then Enter: refused, with the fix."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_secret(pilot)
        await paste(pilot, TOKEN[:60])
        await pilot.press("enter")

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_secret_no_clipboard(snap_compare: Any, home: Path, provider_server: ProviderServer,
                             size: Size) -> None:
    """Ctrl+V without a clipboard tool: a friendly note with the install hint, no crash."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_secret(pilot)
        await pilot.press("ctrl+v")
        await settle(pilot)

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)


def test_secret_api_key_under_setup_token(snap_compare: Any, home: Path,
                                          provider_server: ProviderServer, size: Size) -> None:
    """An API key pasted under "setup token": Ctrl+T switches the method, keeping the paste."""
    async def run_before(pilot: Pilot[Any]) -> None:
        await to_secret(pilot)
        await paste(pilot, API_KEY)

    assert snap_compare(make_app(home, provider_server), terminal_size=size,
                        run_before=run_before)
