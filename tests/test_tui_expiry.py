"""The Welcome warns before a credential expires: at 30, 7 and 1 day(s) left, never earlier."""

from __future__ import annotations

from pathlib import Path

import pytest

from snapshots.drive import (
    DAY_MS,
    NOW_MS,
    base_env,
    existing_token_state,
    make_app,
    settle,
    write_config,
)
from tests.openclaw_standin import install_standin
from tests.provider_server import ProviderServer
from tests.test_tui_flows import page_text
from tests.test_tui_generations import answered, openclaw_env
from wizard.core.expiry import renew_warning


@pytest.mark.parametrize(("days", "words"), [
    (40, None),
    (30, "renew it within 30 days"),
    (7, "renew it this week"),
    (1, "renew it today"),
])
async def test_the_welcome_warns_before_expiry(home: Path, provider_server: ProviderServer,
                                              days: int, words: str | None) -> None:
    existing_token_state(home, expires_ms=NOW_MS + days * DAY_MS - 60_000)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = " ".join(page_text(app).split())
        assert "anthropic:default" in text
        if words is None:
            assert "renew it" not in text
        else:
            assert words in text, text


def test_renew_warning_levels() -> None:
    assert renew_warning(NOW_MS + 31 * DAY_MS, NOW_MS) is None
    assert renew_warning(NOW_MS - 1, NOW_MS) is None
    assert renew_warning(NOW_MS + 20 * DAY_MS, NOW_MS) == ("warn", "renew it within 20 days")
    level, _ = renew_warning(NOW_MS + DAY_MS // 2, NOW_MS) or ("", "")
    assert level == "error"


@pytest.mark.parametrize(("days", "words"), [
    (40, None),
    (30, "renew it within 30 days"),
    (7, "renew it this week"),
    (1, "renew it today"),
])
async def test_the_welcome_warns_on_a_sqlite_release(
        home: Path, provider_server: ProviderServer, tmp_path: Path, days: int,
        words: str | None) -> None:
    """2026.6.5 on: the expiry is OpenClaw's own answer (``models status``'s expiresAt)."""
    standin = install_standin(tmp_path / "oc", stored=[{
        "profileId": "anthropic:default", "provider": "anthropic", "type": "token",
        "status": "static", "expiresAt": int(NOW_MS + days * DAY_MS - 60_000)}])
    write_config(home, {"auth": {"profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}}}})
    app = make_app(home, provider_server,
                   env=openclaw_env(home, provider_server, standin.bin_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await answered(pilot)
        text = " ".join(page_text(app).split())
        assert "anthropic:default (token) secret kept by OpenClaw" in text, text
        if words is None:
            assert "renew it" not in text
        else:
            assert words in text, text
