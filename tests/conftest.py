"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Iterator

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
