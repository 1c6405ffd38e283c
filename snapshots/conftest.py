"""Shared fixtures of the snapshot tests: a fake HOME, a fresh loopback provider server per test
(so request ids on screen start at 1 every time), no NO_COLOR/TEXTUAL_* leaking in from the
developer's shell. The app itself pins the theme, the clock and the cursor blink (drive.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import home  # noqa: F401 - shared fixture
from tests.provider_server import ProviderServer


@pytest.fixture(autouse=True)
def _clean_environ(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_COLOR", "TEXTUAL_THEME", "TEXTUAL_PRESS", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _keyring(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No OS keychain, whatever the developer's machine has (keyring's own setting), unless a
    test chooses a backend with ``use_keyring``."""
    import keyring.core

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    keyring.core.init_backend()
    yield
    monkeypatch.undo()
    keyring.core.init_backend()


@pytest.fixture
def provider_server() -> Iterator[ProviderServer]:
    """A fresh server per test: its request ids (shown in some verdicts) are deterministic."""
    with ProviderServer() as server:
        yield server
