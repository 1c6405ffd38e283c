"""The installed ``authwizard doctor [--fix]`` on the secrets themselves (the #2697 states the
structure alone calls clean) and on a machine where nothing is set up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

AUTHWIZARD = str(Path(sys.executable).with_name("authwizard"))
TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
REFRESH = "sk-ant-ort01-" + "R5s6T7u8" * 12
OPENAI_KEY = "sk-proj-" + "M3n4O5p6" * 16
SIGN_IN_CODE = "Xq3" * 12 + "#" + "St4" * 12
SESSION = "sk-ant-oat01-" + "S3ss10n0" * 12
SECRETS = (TOKEN, REFRESH, OPENAI_KEY, SIGN_IN_CODE, SESSION)


class Run:
    def __init__(self, proc: subprocess.CompletedProcess[str]) -> None:
        self.code, self.out, self.err = proc.returncode, proc.stdout, proc.stderr

    def json(self) -> dict[str, Any]:
        doc: dict[str, Any] = json.loads(self.out)
        return doc

    def codes(self, key: str = "findings") -> list[tuple[str, str, str | None]]:
        return [(f["code"], f["severity"], f["profile"]) for f in self.json()[key]]


def doctor(home: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    proc = subprocess.run(
        [AUTHWIZARD, "doctor", *args],
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
             "AUTHWIZARD_GENERATION": "G1", **(env or {})},
        capture_output=True, text=True, timeout=60, check=False)
    for secret in SECRETS:
        assert secret not in proc.stdout + proc.stderr, "a secret leaked"
        assert secret[13:40] not in proc.stdout + proc.stderr, "a piece of a secret leaked"
    return Run(proc)


def write(home: Path, config: dict[str, Any] | None, profiles: dict[str, Any],
          **store: Any) -> Path:
    state = home / ".openclaw"
    adir = state / "agents" / "main" / "agent"
    adir.mkdir(parents=True)
    for d in (state, state / "agents", adir.parent, adir):
        os.chmod(d, 0o700)
    if config is not None:
        (state / "openclaw.json").write_text(json.dumps(config, indent=2) + "\n")
        os.chmod(state / "openclaw.json", 0o600)
    path = adir / "auth-profiles.json"
    path.write_text(json.dumps({"version": 1, "profiles": profiles, **store}, indent=2) + "\n")
    os.chmod(path, 0o600)
    return state


def files(state: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(state)): (p.read_bytes(), p.stat().st_mode & 0o777)
            for p in sorted(state.rglob("*")) if p.is_file()}


def store(state: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (state / "agents" / "main" / "agent" / "auth-profiles.json").read_text())
    return data


def token(secret: str = TOKEN) -> dict[str, Any]:
    return {"type": "token", "provider": "anthropic", "token": secret}


def cfg(pid: str, mode: str) -> dict[str, Any]:
    return {"auth": {"profiles": {pid: {"provider": "anthropic", "mode": mode}}}}


# ------------------------------------------------------------------ nothing set up


def test_an_empty_home_is_not_a_green_tick(home: Path) -> None:
    r = doctor(home)
    assert r.code == 1, r.out
    assert "No model credential is set up for OpenClaw yet: run `authwizard`" in r.out
    assert "✓" not in r.out and "both files agree" not in r.out
    assert doctor(home, "--json").codes() == [("no-credential", "error", None)]
    fixed = doctor(home, "--fix")
    assert fixed.code == 1 and not (home / ".openclaw").exists()


def test_an_env_var_alone_is_a_credential(home: Path) -> None:
    r = doctor(home, "--json", env={"OPENAI_API_KEY": OPENAI_KEY})
    assert r.code == 0, r.out
    assert "no-credential" not in [c[0] for c in r.codes()]


def test_a_clean_doctor_says_what_it_checked(home: Path) -> None:
    write(home, {"auth": {"profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "token"},
        "openai:default": {"provider": "openai", "mode": "api_key"}}}},
        {"anthropic:default": token(),
         "openai:default": {"type": "api_key", "provider": "openai", "key": OPENAI_KEY}})
    r = doctor(home)
    assert r.code == 0, r.out
    assert ("✓ No problems found: checked 2 profiles of 2 providers for 1 agent; both files "
            "agree and OpenClaw can use them.") in r.out
    assert doctor(home, "--json").json()["checked"] == "2 profiles of 2 providers for 1 agent"


def test_without_openclaw_json_it_never_says_both_files_agree(home: Path) -> None:
    write(home, None, {"anthropic:default": token()})
    r = doctor(home)
    assert r.code == 0, r.out
    assert "checked 1 profile of 1 provider for 1 agent" in r.out
    assert "both files agree" not in r.out and "there is no openclaw.json" in r.out


# ------------------------------------------------------------------ the secrets themselves


def test_a_sign_in_code_stored_as_token_is_an_error_naming_setup_token(home: Path) -> None:
    state = write(home, cfg("anthropic:default", "token"),
                  {"anthropic:default": token(SIGN_IN_CODE)})
    before = files(state)
    r = doctor(home)
    assert r.code == 1 and "secret-sign-in-code" in r.out and "claude setup-token" in r.out
    fixed = doctor(home, "--fix")
    assert fixed.code == 1 and files(state) == before
    assert "secret-sign-in-code" in fixed.out and "not changed by --fix" in fixed.out


def test_a_cut_short_profile_tried_first_loses_its_place_not_its_secret(home: Path) -> None:
    broken = {"type": "oauth", "provider": "anthropic", "access": "sk-ant-",
              "refresh": "sk-ant-"}
    state = write(home, None, {"anthropic:broken": broken, "anthropic:default": token()})
    r = doctor(home, "--json")
    assert r.code == 1
    assert r.codes() == [("secret-unusable", "error", "anthropic:broken")]
    fixed = doctor(home, "--fix", "--json")
    assert fixed.code == 0, fixed.out
    assert ("secret-unusable", "error", "anthropic:broken") in fixed.codes("fixed")
    after = store(state)
    assert after["profiles"] == {"anthropic:broken": broken, "anthropic:default": token()}
    assert after["order"] == {"anthropic": ["anthropic:default", "anthropic:broken"]}
    again = doctor(home, "--json")
    assert again.code == 0 and again.codes() == [("secret-unusable", "warning",
                                                  "anthropic:broken")]
    assert "anthropic:default first" in doctor(home).out


def test_an_oauth_entry_holding_a_setup_token_becomes_a_token_in_both_files(
    home: Path,
) -> None:
    state = write(home, cfg("anthropic:default", "oauth"),
                  {"anthropic:default": {"type": "oauth", "provider": "anthropic",
                                         "token": TOKEN}})
    assert doctor(home).code == 1
    fixed = doctor(home, "--fix")
    assert fixed.code == 0, fixed.out
    assert store(state)["profiles"]["anthropic:default"] == token()
    config = json.loads((state / "openclaw.json").read_text())
    assert config["auth"]["profiles"]["anthropic:default"]["mode"] == "token"
    assert doctor(home).code == 0


@pytest.mark.parametrize("secret, words", [
    (REFRESH, "is a refresh token"),
    (OPENAI_KEY, "is an OpenAI key, not an Anthropic (Claude) one"),
    (TOKEN[:40] + "\n" + TOKEN[40:], "has whitespace inside"),
    (TOKEN[:30], "is cut short"),
], ids=["refresh-token", "other-provider", "whitespace", "cut-short"])
def test_a_refused_secret_is_an_error(home: Path, secret: str, words: str) -> None:
    state = write(home, None, {"anthropic:default": token(secret)})
    before = files(state)
    r = doctor(home)
    assert r.code == 1 and "secret-unusable" in r.out and words in r.out, r.out
    assert doctor(home, "--fix").code == 1 and files(state) == before


def test_claude_codes_own_session_token_is_an_error_naming_the_profile(home: Path) -> None:
    (home / ".claude").mkdir()
    (home / ".claude" / ".credentials.json").write_text(json.dumps({"claudeAiOauth": {
        "accessToken": SESSION, "refreshToken": REFRESH, "expiresAt": 4_102_444_800_000,
        "scopes": ["user:inference"], "subscriptionType": "pro"}}))
    write(home, cfg("anthropic:work", "token"), {"anthropic:work": token(SESSION)})
    r = doctor(home)
    assert r.code == 1 and "claude-code-session-token" in r.out, r.out
    assert "anthropic:work" in r.out and "claude setup-token" in r.out
    (home / ".claude" / ".credentials.json").unlink()
    assert doctor(home).code == 0
