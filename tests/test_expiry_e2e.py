"""Expiry end to end: answers ``expires`` written only when given, ``status`` shows the days
left, ``status --check`` exits 0 / 1 / 2 like OpenClaw's own check with a 30-day window."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.test_remove_e2e import PID
from tests.test_replay_e2e import TOKEN, Run, answers, run, store
from wizard.core.expiry import DAY_MS, days_left, parse_expires

__all__ = ["run"]


def write_token(home: Path, expires_ms: float | None) -> None:
    sd = home / ".openclaw"
    folder = sd / "agents" / "main" / "agent"
    folder.mkdir(parents=True)
    os.chmod(sd, 0o700)
    (sd / "openclaw.json").write_text(json.dumps(
        {"auth": {"profiles": {PID: {"provider": "anthropic", "mode": "token"}}}}))
    entry: dict[str, object] = {"type": "token", "provider": "anthropic", "token": TOKEN}
    if expires_ms is not None:
        entry["expires"] = int(expires_ms)
    path = folder / "auth-profiles.json"
    path.write_text(json.dumps({"version": 1, "profiles": {PID: entry}}))
    os.chmod(path, 0o600)


NOW = time.time() * 1000


@pytest.mark.parametrize(("expires", "code", "days"), [
    (NOW + 300 * DAY_MS, 0, 300),
    (NOW + 10 * DAY_MS - 60_000, 2, 10),
    (NOW - DAY_MS, 1, 0),
    (None, 0, None),
], ids=["fresh", "10-days-left", "expired", "no-expiry"])
def test_status_check_exit_codes(run: Callable[..., Run], home: Path, expires: float | None,
                                 code: int, days: int | None) -> None:
    write_token(home, expires)
    r = run("status", "--check", "--json")
    assert r.code == code, r.out + r.err
    doc = r.json()
    assert doc["check"]["exit_code"] == code and doc["exit_code"] == code
    (profile,) = doc["agents"][0]["providers"][0]["profiles"]
    assert profile["days_left"] == days
    text = run("status", "--check")
    assert text.code == code
    if code == 2:
        assert f"{PID} expires in 10 day(s)" in text.out and "(10 days left)" in text.out
    if code == 1:
        assert f"{PID} expired" in text.out
    assert run("status").code == 0  # without --check, status reports and exits 0


def test_nothing_configured_is_missing(run: Callable[..., Run]) -> None:
    assert run("status", "--check").code == 1


def test_answers_expires_written_only_when_given(run: Callable[..., Run], home: Path) -> None:
    assert run(answers=answers(validate=False)).code == 0
    assert "expires" not in store(home)["profiles"][PID]
    r = run("--json", answers=answers(validate=False, expires="365d"))
    assert r.code == 0, r.err
    written = store(home)["profiles"][PID]["expires"]
    assert days_left(written, time.time() * 1000) == 365
    r = run("--json", answers=answers(validate=False, expires="2099-06-30"))
    assert r.code == 0, r.err
    assert store(home)["profiles"][PID]["expires"] == parse_expires("2099-06-30", NOW)
    # a rotation without an expiry drops the old token's one: never guessed
    assert run(answers=answers(validate=False)).code == 0
    assert "expires" not in store(home)["profiles"][PID]


@pytest.mark.parametrize(("over", "needle"), [
    ({"expires": "2001-01-01"}, "not in the future"),
    ({"expires": "next year"}, "ISO date"),
    ({"expires": "365d", "method": "api-key"}, "only a setup token"),
])
def test_bad_expires_is_exit_2_and_nothing_written(run: Callable[..., Run], home: Path,
                                                   over: dict[str, str], needle: str) -> None:
    r = run(answers=answers(validate=False, **over))
    assert r.code == 2, r.err
    assert needle in r.err and "expires" in r.err
    assert not (home / ".openclaw").exists()


def test_status_shows_claude_codes_login_expiry(run: Callable[..., Run], home: Path) -> None:
    write_token(home, None)
    path = home / ".claude" / ".credentials.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"claudeAiOauth": {
        "accessToken": "sk-ant-oat01-" + "Cl4udeAc" * 12,
        "refreshToken": "sk-ant-ort01-" + "Cl4udeRf" * 12,
        "expiresAt": int(NOW + 5 * DAY_MS - 60_000),
        "refreshTokenExpiresAt": int(NOW + 200 * DAY_MS - 60_000),
        "scopes": ["user:inference"], "subscriptionType": "max",
    }}))
    doc = run("status", "--json").json()
    claude = doc["claude_code"]
    assert claude["days_left"] == 5 and claude["login_days_left"] == 200, claude
    out = run("status").out
    assert "access token expires" in out and "(200 day(s) left)" in out, out
    assert "Cl4ude" not in out
    assert run("status", "--check").code == 0  # Claude Code's login is not OpenClaw's
