"""Expiry end to end: answers ``expires`` written only when given, ``status`` shows the days
left, ``status --check`` exits 0 / 1 / 2 like OpenClaw's own check with a 30-day window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


def status_as_on_macos(home: Path, *args: str) -> tuple[str, list[str]]:
    """``authwizard status`` in a process that takes itself for macOS: its stdout, and the
    modules of keyring it imported (none: status never opens the keychain)."""
    code = (
        "import sys\n"
        "sys.platform = 'darwin'\n"
        "from wizard.cli import main\n"
        f"rc = main(['status', *{list(args)!r}])\n"
        "print('IMPORTED', sorted(m for m in sys.modules if m.split('.')[0] == 'keyring'),"
        " file=sys.stderr)\n"
    )
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "AUTHWIZARD_GENERATION": "G1"}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=60, check=False)
    imported = proc.stderr.rsplit("IMPORTED ", 1)[-1].strip()
    return proc.stdout, json.loads(imported.replace("'", '"'))


def claude_account(home: Path) -> None:
    """What Claude Code's global config holds after a claude.ai login (no token in it)."""
    (home / ".claude.json").write_text(json.dumps(
        {"oauthAccount": {"emailAddress": "me@example.com", "accountUuid": "u-1"}}))


def test_status_on_macos_says_the_login_is_in_the_keychain(home: Path) -> None:
    write_token(home, None)
    claude_account(home)
    out, keyring_modules = status_as_on_macos(home, "--json")
    assert keyring_modules == []
    assert json.loads(out)["claude_code"] == {
        "path": None, "keychain": "Claude Code-credentials", "expires": None,
        "days_left": None, "login_expires": None, "login_days_left": None,
    }
    out, keyring_modules = status_as_on_macos(home)
    assert keyring_modules == []
    text = " ".join(out.split())
    assert ('Claude Code: logged in with claude.ai; the login lives in the macOS login keychain'
            ' (item "Claude Code-credentials"), which status does not open, so its expiry is'
            ' unknown here (`claude auth status` shows it)') in text, out


def test_status_on_linux_claims_no_login_without_its_file(run: Callable[..., Run],
                                                          home: Path) -> None:
    write_token(home, None)
    claude_account(home)  # an account named, but no credentials file: no login to show
    assert run("status", "--json").json()["claude_code"] is None
    assert "Claude Code" not in run("status").out


def test_status_says_when_the_file_records_no_expiry(run: Callable[..., Run],
                                                     home: Path) -> None:
    write_token(home, None)
    path = home / ".claude" / ".credentials.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"claudeAiOauth": {
        "accessToken": "sk-ant-oat01-" + "Cl4udeAc" * 12, "scopes": ["user:inference"]}}))
    claude = run("status", "--json").json()["claude_code"]
    assert claude["path"] == str(path) and claude["keychain"] is None
    assert claude["expires"] is None and claude["login_expires"] is None
    out = run("status").out
    assert (f"Claude Code: logged in with claude.ai ({path}); its expiry is unknown (the file "
            "records none)") in out, out
