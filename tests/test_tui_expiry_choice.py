"""The Profile step asks when a setup token expires: 365 days (claude setup-token's lifetime),
a date the user enters, or no expiry (the preset). What the user picks, and only that, is
written: `expires` in the store entry (JSON era), `paste-token --expires-in` (SQLite era).
Driven with real key presses."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from snapshots.drive import (
    API_KEY,
    DAY_MS,
    NOW_MS,
    TOKEN,
    base_env,
    existing_token_state,
    files_under,
    keys,
    make_app,
    paste,
    screen_name,
    store_path,
    to_secret_by_keys,
)
from tests.provider_server import ProviderServer
from tests.test_generation import fake_openclaw
from tests.test_tui_generations import openclaw_env, screen_text
from wizard.core.expiry import parse_expires
from wizard.tui.widgets.expiry_choice import ExpiryChoice

SIZE = (80, 24)
LIFETIME = int(NOW_MS + 365 * DAY_MS)  # 2027-09-21, from the tests' fixed clock


async def to_profile(pilot: Pilot[Any], secret: str = TOKEN, method: str = "setup-token"
                     ) -> None:
    await to_secret_by_keys(pilot, method)
    await paste(pilot, secret)
    await keys(pilot, "enter", "enter")
    assert screen_name(pilot) == "ProfileScreen"


async def answer(pilot: Pilot[Any], choice: str, date: str = "") -> None:
    """Answer the expiry question with the keyboard, then Enter."""
    if choice == "none":
        await keys(pilot, "enter")  # the preset: Enter in the id field moves on
        return
    await keys(pilot, "shift+tab")  # the question is the page's last field
    assert isinstance(pilot.app.focused, ExpiryChoice)
    if choice == "lifetime":
        await keys(pilot, "up", "up", "enter")
    else:
        await keys(pilot, "up", "enter")
        await pilot.press(*date)
        await keys(pilot, "enter")


def entry(home: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(store_path(home).read_text())
    return dict(data["profiles"]["anthropic:default"])


@pytest.mark.parametrize(("choice", "date", "expires", "shown"), [
    ("lifetime", "", LIFETIME, "The token expires 2027-09-21 (in 365 days)"),
    ("date", "2027-06-30", parse_expires("2027-06-30", NOW_MS),
     "The token expires 2027-06-30 (in 283 days)"),
    ("none", "", None, None),
])
async def test_the_expiry_written_is_the_one_chosen(
        home: Path, provider_server: ProviderServer, choice: str, date: str,
        expires: int | None, shown: str | None) -> None:
    """A rotation of a token that had an expiry: the new entry has the expiry chosen for the
    new token, or none (the old one is never carried over)."""
    existing_token_state(home)
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=SIZE) as pilot:
        await to_profile(pilot)
        await answer(pilot, choice, date)
        assert screen_name(pilot) == "ReviewScreen"
        review = " ".join(screen_text(app).split())
        if shown is None:
            assert "The token expires" not in review
            assert f'"expires": {int(NOW_MS + 40 * DAY_MS)}' in review  # removed (the old one)
        else:
            assert shown in review, review
            assert f'+ "expires": {expires}' in review
        await keys(pilot, "enter")
        assert screen_name(pilot) == "DoneScreen"
    assert entry(home)["token"] == TOKEN
    assert entry(home).get("expires") == expires


@pytest.mark.parametrize(("date", "words"), [
    ("2026-01-31", "2026-01-31 is not in the future: OpenClaw would stop using the token"),
    ("next year", 'expected an ISO date ("2027-06-30")'),
    ("", 'expected an ISO date ("2027-06-30")'),
])
async def test_a_bad_date_is_refused_with_the_reason(
        home: Path, provider_server: ProviderServer, date: str, words: str) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=SIZE) as pilot:
        await to_profile(pilot)
        await answer(pilot, "date", date)
        assert screen_name(pilot) == "ProfileScreen"
        text = " ".join(screen_text(app).split())
        assert f"✗ expires: {words}" in text, text
        assert "fix: give a day after today (e.g. 2027-06-30), or record no expiry" in text
        # the user picks another answer: the problem goes, and nothing was written meanwhile
        assert files_under(home) == {}
        await keys(pilot, "shift+tab", "up", "space")  # back to the question: 365 days
        assert isinstance(app.focused, ExpiryChoice) and app.focused.choice == "lifetime"
        assert "✗ expires" not in screen_text(app)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ReviewScreen"


async def test_an_api_key_is_asked_no_expiry(home: Path, provider_server: ProviderServer
                                             ) -> None:
    provider_server.add_credential("anthropic", API_KEY)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=SIZE) as pilot:
        await to_profile(pilot, API_KEY, "api-key")
        assert not app.screen.query(ExpiryChoice)
        assert "expire" not in screen_text(app)
        await keys(pilot, "enter", "enter")
        assert screen_name(pilot) == "DoneScreen"
    assert "expires" not in entry(home)


@pytest.mark.parametrize(("choice", "extra"), [
    ("lifetime", ["--expires-in", "365d"]),
    ("none", []),
])
async def test_sqlite_era_hands_the_expiry_to_paste_token(
        home: Path, provider_server: ProviderServer, tmp_path: Path, choice: str,
        extra: list[str]) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    log = tmp_path / "calls.jsonl"
    fake_openclaw(tmp_path / "bin", "2026.9.6", log)
    app = make_app(home, provider_server, env=openclaw_env(home, provider_server, tmp_path / "bin"))
    async with app.run_test(size=SIZE) as pilot:
        await to_profile(pilot)
        await answer(pilot, choice)
        review = " ".join(screen_text(app).split())
        assert ("--expires-in 365d" in review) == bool(extra), review
        await keys(pilot, "w")
        assert screen_name(pilot) == "DoneScreen"
    calls = [json.loads(line)["argv"] for line in log.read_text().splitlines()]
    (paste_call,) = [c for c in calls if "paste-token" in c]
    assert paste_call == ["models", "auth", "--agent", "main", "paste-token", "--provider",
                          "anthropic", "--profile-id", "anthropic:default", *extra]
