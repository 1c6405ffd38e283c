"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.provider_server import ProviderServer


@pytest.fixture(scope="session")
def _provider_server_session() -> Iterator[ProviderServer]:
    with ProviderServer() as server:
        yield server


@pytest.fixture
def provider_server(_provider_server_session: ProviderServer) -> ProviderServer:
    """The real loopback provider server (tests/provider_server.py), emptied for this test:
    no credentials, no faults, no recorded requests."""
    _provider_server_session.reset()
    return _provider_server_session


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty HOME for the test (OpenClaw's and Claude Code's files go below it)."""
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture(autouse=True)
def _programs_may_run() -> None:
    """Each test is a new run: a wizard that quit in an earlier test of this process stopped
    the programs it had started and refuses new ones until a run starts (wizard.children)."""
    from wizard import children

    children.start()
