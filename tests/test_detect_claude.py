"""Claude Code login detection against a fake HOME: file, keychain (keyring backends), CLI."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import keyring.compat
import keyring.core
import keyring.errors
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.detect.claude import (
    ClaudeLoginSummary,
    CliStatusResult,
    claude_auth_status,
    claude_config_dir,
    detect_claude_login,
    keychain_service,
    read_credentials_file,
    read_keychain,
)

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
FUTURE = NOW + timedelta(days=1)
PAST = NOW - timedelta(days=1)
ACCESS = "sk-ant-oat01-" + "A" * 80 + "wxyz"
REFRESH = "sk-ant-ort01-" + "B" * 80 + "rfsh"
ENV_TOKEN = "sk-ant-oat01-" + "C" * 80 + "envt"
API_KEY = "sk-ant-api03-" + "D" * 80 + "apik"
SECRETS = (ACCESS, REFRESH, ENV_TOKEN, API_KEY)


def ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def login_json(
    *,
    expires: datetime = FUTURE,
    subscription: str | None = "max",
    scopes: object = ("user:inference", "user:profile"),
    refresh: bool = True,
    refresh_expires: datetime | None = None,
) -> str:
    oauth: dict[str, object] = {
        "accessToken": ACCESS,
        "expiresAt": ms(expires),
        "scopes": list(scopes) if isinstance(scopes, tuple) else scopes,
    }
    if refresh:
        oauth["refreshToken"] = REFRESH
    if subscription is not None:
        oauth["subscriptionType"] = subscription
    if refresh_expires is not None:
        oauth["refreshTokenExpiresAt"] = ms(refresh_expires)
    return json.dumps({"claudeAiOauth": oauth, "mcpOAuth": {}})


def write_creds(directory: Path, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / ".credentials.json"
    path.write_text(text)
    path.chmod(0o600)
    return path


@pytest.fixture
def env(tmp_path: Path, home: Path) -> dict[str, str]:
    empty_bin = tmp_path / "empty-bin"
    empty_bin.mkdir()
    return {"HOME": str(home), "PATH": str(empty_bin), "USER": "alice"}


def detect(env: Mapping[str, str], home: Path, **kw: object) -> ClaudeLoginSummary:
    kw.setdefault("run_cli", False)
    kw.setdefault("keychain", False)
    summary = detect_claude_login(env, home, now=NOW, **kw)  # type: ignore[arg-type]
    assert_no_secret(summary)
    return summary


def assert_no_secret(obj: object) -> None:
    text = repr(obj)
    for secret in SECRETS:
        assert secret not in text
        assert secret[20:60] not in text


# --- (a) the credentials file ---------------------------------------------------------------


def test_absent(env: dict[str, str], home: Path) -> None:
    result = read_credentials_file(env, home, now=NOW)
    assert result.state == "absent"
    assert result.path == home / ".claude" / ".credentials.json"
    s = detect(env, home)
    assert (s.logged_in, s.method, s.subscription_type, s.expires_at) == (False, "none", None, None)
    assert s.config_dir == home / ".claude"
    assert "no Claude Code login" in s.note


def test_present_future_max(env: dict[str, str], home: Path) -> None:
    write_creds(home / ".claude", login_json(expires=FUTURE, subscription="max"))
    result = read_credentials_file(env, home, now=NOW)
    assert result.state == "present"
    assert result.logged_in and result.has_refresh_token and not result.expired
    assert result.expires_at == FUTURE.replace(microsecond=0)
    assert result.scopes == ("user:inference", "user:profile")
    s = detect(env, home)
    assert (s.logged_in, s.method, s.subscription_type, s.expired) == (
        True,
        "claude.ai",
        "max",
        False,
    )
    assert s.expires_at is not None and s.expires_at.tzinfo is not None
    assert s.stored_login


def test_expired_still_logged_in(env: dict[str, str], home: Path) -> None:
    write_creds(home / ".claude", login_json(expires=PAST))
    result = read_credentials_file(env, home, now=NOW)
    assert result.state == "expired" and result.expired and result.logged_in
    s = detect(env, home)
    assert (s.logged_in, s.method, s.expired) == (True, "claude.ai", True)
    assert "refreshes it itself" in s.note


def test_expired_without_refresh_token_says_login(env: dict[str, str], home: Path) -> None:
    write_creds(home / ".claude", login_json(expires=PAST, refresh=False))
    s = detect(env, home)
    assert s.logged_in and s.expired
    assert "claude /login" in s.note


def test_login_expiry_from_refresh_token_expiry(env: dict[str, str], home: Path) -> None:
    write_creds(home / ".claude", login_json(refresh_expires=PAST))
    s = detect(env, home)
    assert s.login_expires_at == PAST.replace(microsecond=0)
    assert s.credentials_file.login_expired
    assert "sign-in may have ended" in s.note


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ('{"claudeAiOauth": {"accessToken": "' + ACCESS[:40], "not valid JSON"),
        ("", "is empty"),
        ("[1, 2]", "JSON array"),
        ('"just a string"', "JSON string"),
        ('{"claudeAiOauth": "' + ACCESS + '"}', "claudeAiOauth is a JSON string"),
        ('{"claudeAiOauth": [1]}', "claudeAiOauth is a JSON array"),
    ],
)
def test_corrupt_is_a_note_not_an_exception(
    env: dict[str, str], home: Path, text: str, expect: str
) -> None:
    write_creds(home / ".claude", text)
    result = read_credentials_file(env, home, now=NOW)
    assert result.state == "corrupt"
    assert expect in result.note
    assert not result.logged_in
    s = detect(env, home)
    assert (s.logged_in, s.method) == (False, "none")
    assert expect in s.note


def test_binary_garbage_is_corrupt(env: dict[str, str], home: Path) -> None:
    path = write_creds(home / ".claude", "")
    path.write_bytes(b"\xff\xfe\x00garbage")
    assert read_credentials_file(env, home, now=NOW).state == "corrupt"


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ('{"mcpOAuth": {}}', "no claudeAiOauth"),
        (
            json.dumps({"claudeAiOauth": {"refreshToken": REFRESH, "scopes": ["user:inference"]}}),
            "no accessToken",
        ),
        (
            json.dumps({"claudeAiOauth": {"accessToken": "", "scopes": ["user:inference"]}}),
            "no accessToken",
        ),
        (login_json(scopes=("user:profile",)), "user:inference"),
        (login_json(scopes="user:inference"), "user:inference"),
    ],
)
def test_well_formed_but_not_a_login(
    env: dict[str, str], home: Path, text: str, expect: str
) -> None:
    write_creds(home / ".claude", text)
    result = read_credentials_file(env, home, now=NOW)
    assert result.state == "no_login" and not result.logged_in
    assert expect in result.note
    s = detect(env, home)
    assert (s.logged_in, s.method) == (False, "none")


def test_odd_field_types_follow_claude_code(env: dict[str, str], home: Path) -> None:
    oauth = {"accessToken": ACCESS, "expiresAt": "soon", "scopes": ["user:inference"]}
    write_creds(home / ".claude", json.dumps({"claudeAiOauth": oauth}))
    s = detect(env, home)
    assert (s.logged_in, s.method, s.subscription_type, s.expires_at) == (
        True,
        "claude.ai",
        None,
        None,
    )
    assert "no usable expiresAt" in s.note


def test_unreadable_file(env: dict[str, str], home: Path) -> None:
    (home / ".claude" / ".credentials.json").mkdir(parents=True)
    result = read_credentials_file(env, home, now=NOW)
    assert result.state == "unreadable"
    if os.geteuid() != 0:  # root reads anything
        path = write_creds(home / "other", login_json())
        path.chmod(0)
        result = read_credentials_file({"CLAUDE_CONFIG_DIR": str(path.parent)}, home, now=NOW)
        assert result.state == "unreadable"
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_claude_config_dir(env: dict[str, str], home: Path, tmp_path: Path) -> None:
    cfg = tmp_path / "elsewhere"
    write_creds(cfg, login_json(subscription="pro"))
    write_creds(home / ".claude", login_json(subscription="max"))  # ignored with the override
    env["CLAUDE_CONFIG_DIR"] = str(cfg)
    assert claude_config_dir(env, home) == cfg
    s = detect(env, home)
    assert (s.logged_in, s.method, s.subscription_type) == (True, "claude.ai", "pro")
    assert s.config_dir == cfg
    assert s.credentials_file.path == cfg / ".credentials.json"


def test_claude_config_dir_without_file(env: dict[str, str], home: Path, tmp_path: Path) -> None:
    write_creds(home / ".claude", login_json())
    env["CLAUDE_CONFIG_DIR"] = str(tmp_path / "empty")
    s = detect(env, home)
    assert (s.logged_in, s.method) == (False, "none")


def test_email_from_global_config(env: dict[str, str], home: Path, tmp_path: Path) -> None:
    write_creds(home / ".claude", login_json())
    account = {"oauthAccount": {"emailAddress": "fake@example.com"}}
    (home / ".claude.json").write_text(json.dumps(account))
    assert detect(env, home).email == "fake@example.com"
    # with CLAUDE_CONFIG_DIR the global config lives in that directory
    cfg = tmp_path / "cfg"
    write_creds(cfg, login_json())
    env["CLAUDE_CONFIG_DIR"] = str(cfg)
    assert detect(env, home).email is None
    (cfg / ".claude.json").write_text(json.dumps({"oauthAccount": {"emailAddress": "d@x.io"}}))
    assert detect(env, home).email == "d@x.io"


# --- environment precedence -------------------------------------------------------------------


def test_oauth_token_env_wins_over_file(env: dict[str, str], home: Path) -> None:
    write_creds(home / ".claude", login_json())
    env["CLAUDE_CODE_OAUTH_TOKEN"] = ENV_TOKEN
    s = detect(env, home)
    assert (s.logged_in, s.method, s.subscription_type) == (True, "oauth_token", None)
    assert s.env_var == "CLAUDE_CODE_OAUTH_TOKEN"
    assert s.env_token_redacted == "sk-ant-oat01-…envt"
    assert s.expires_at is None and s.stored_login
    assert "not in use" in s.note


def test_oauth_token_env_without_file(env: dict[str, str], home: Path) -> None:
    env["CLAUDE_CODE_OAUTH_TOKEN"] = ENV_TOKEN
    s = detect(env, home)
    assert (s.logged_in, s.method, s.stored_login) == (True, "oauth_token", False)


def test_blank_env_token_is_ignored(env: dict[str, str], home: Path) -> None:
    write_creds(home / ".claude", login_json())
    env["CLAUDE_CODE_OAUTH_TOKEN"] = "  "
    env["ANTHROPIC_API_KEY"] = ""
    assert detect(env, home).method == "claude.ai"


def test_api_key_beats_oauth_token(env: dict[str, str], home: Path) -> None:
    write_creds(home / ".claude", login_json())
    env["CLAUDE_CODE_OAUTH_TOKEN"] = ENV_TOKEN
    env["ANTHROPIC_API_KEY"] = API_KEY
    s = detect(env, home)
    assert (s.method, s.env_var, s.env_token_redacted) == (
        "api_key",
        "ANTHROPIC_API_KEY",
        "sk-ant-api03-…apik",
    )


def test_auth_token_beats_api_key(env: dict[str, str], home: Path) -> None:
    env["ANTHROPIC_API_KEY"] = API_KEY
    env["ANTHROPIC_AUTH_TOKEN"] = ENV_TOKEN
    assert detect(env, home).method == "oauth_token"


@pytest.mark.parametrize(
    ("flag", "provider"),
    [("CLAUDE_CODE_USE_BEDROCK", "bedrock"), ("CLAUDE_CODE_USE_VERTEX", "vertex")],
)
def test_third_party(env: dict[str, str], home: Path, flag: str, provider: str) -> None:
    env[flag] = "1"
    s = detect(env, home)
    assert (s.logged_in, s.method, s.api_provider) == (True, "third_party", provider)
    env[flag] = "false"
    assert detect(env, home).method == "none"


def test_bare_mode_ignores_login_and_oauth_token(env: dict[str, str], home: Path) -> None:
    write_creds(home / ".claude", login_json())
    env["CLAUDE_CODE_SIMPLE"] = "1"
    env["CLAUDE_CODE_OAUTH_TOKEN"] = ENV_TOKEN
    s = detect(env, home)
    assert (s.logged_in, s.method) == (False, "none")
    assert "bare mode" in s.note
    env["ANTHROPIC_API_KEY"] = API_KEY
    assert detect(env, home).method == "api_key"


# --- (b) the keychain through keyring ---------------------------------------------------------


class _TestBackend(keyring.backend.KeyringBackend):
    """Never viable for keyring's own discovery: only used when passed explicitly."""

    @keyring.compat.properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("test backend only")

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError("read-only")

    def delete_password(self, service: str, username: str) -> None:
        raise keyring.errors.PasswordDeleteError("read-only")


def fail_backend() -> keyring.backend.KeyringBackend:
    """keyring's own "no backend" backend: every call raises NoKeyringError."""
    return keyring.backends.fail.Keyring()  # type: ignore[no-untyped-call]


class MemoryKeyring(_TestBackend):
    def __init__(self, items: dict[tuple[str, str], str] | None = None) -> None:
        super().__init__()
        self.items = dict(items or {})
        self.asked: list[tuple[str, str]] = []

    def get_password(self, service: str, username: str) -> str | None:
        self.asked.append((service, username))
        return self.items.get((service, username))


class LockedKeyring(_TestBackend):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("Can't get password from keychain: (-128, 'denied')")


class BrokenKeyring(_TestBackend):
    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringError("backend exploded")


class HangingKeyring(_TestBackend):
    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None


def test_keychain_present(env: dict[str, str], home: Path) -> None:
    backend = MemoryKeyring({("Claude Code-credentials", "alice"): login_json(subscription="pro")})
    result = read_keychain(env, backend=backend, now=NOW)
    assert backend.asked == [("Claude Code-credentials", "alice")]
    assert (result.state, result.logged_in, result.subscription_type) == ("present", True, "pro")
    assert_no_secret(result)
    s = detect(env, home, keychain=True, keychain_backend=backend)
    assert (s.logged_in, s.method, s.subscription_type) == (True, "claude.ai", "pro")
    assert s.keychain is not None and s.keychain.state == "present"


def test_keychain_expired_and_corrupt(env: dict[str, str]) -> None:
    svc = ("Claude Code-credentials", "alice")
    expired = read_keychain(env, backend=MemoryKeyring({svc: login_json(expires=PAST)}), now=NOW)
    assert expired.state == "expired" and expired.logged_in
    corrupt = read_keychain(env, backend=MemoryKeyring({svc: "{nope"}), now=NOW)
    assert corrupt.state == "corrupt" and "not valid JSON" in corrupt.note


def test_keychain_absent(env: dict[str, str], home: Path) -> None:
    result = read_keychain(env, backend=MemoryKeyring(), now=NOW)
    assert result.state == "absent"
    s = detect(env, home, keychain=True, keychain_backend=MemoryKeyring())
    assert (s.logged_in, s.method) == (False, "none")


def test_keychain_service_with_config_dir(env: dict[str, str], tmp_path: Path) -> None:
    assert keychain_service(env) == "Claude Code-credentials"
    env["CLAUDE_CONFIG_DIR"] = "/opt/claude"
    # sha256("/opt/claude")[:8]; a trailing slash names another item
    import hashlib

    expected = "Claude Code-credentials-" + hashlib.sha256(b"/opt/claude").hexdigest()[:8]
    assert keychain_service(env) == expected
    env["CLAUDE_CONFIG_DIR"] = "/opt/claude/"
    assert keychain_service(env) != expected
    backend = MemoryKeyring()
    read_keychain(env, backend=backend)
    assert backend.asked[0][0].startswith("Claude Code-credentials-")


def test_keychain_no_backend(env: dict[str, str], home: Path) -> None:
    result = read_keychain(env, backend=fail_backend())
    assert result.state == "no_backend"
    assert "No recommended backend" in result.note
    s = detect(env, home, keychain=True, keychain_backend=fail_backend())
    assert not s.logged_in and "no keyring backend" in s.note


def test_keychain_locked(env: dict[str, str], home: Path) -> None:
    result = read_keychain(env, backend=LockedKeyring())
    assert result.state == "locked" and "locked" in result.note
    write_creds(home / ".claude", login_json())
    s = detect(env, home, keychain=True, keychain_backend=LockedKeyring())
    assert s.method == "claude.ai"  # the file still counts
    assert "locked" in s.note


def test_keychain_other_error(env: dict[str, str]) -> None:
    result = read_keychain(env, backend=BrokenKeyring())
    assert result.state == "error" and "backend exploded" in result.note


def test_keychain_hang_is_a_timeout(env: dict[str, str], home: Path) -> None:
    backend = HangingKeyring()
    try:
        started = time.monotonic()
        result = read_keychain(env, backend=backend, timeout=0.2)
        assert time.monotonic() - started < 2
        assert result.state == "timeout" and "0.2 s" in result.note
        started = time.monotonic()
        s = detect(env, home, keychain=True, keychain_backend=backend, keychain_timeout=0.2)
        assert time.monotonic() - started < 2
        assert not s.logged_in and "did not answer" in s.note
    finally:
        backend.release.set()


def test_keychain_through_configured_keyring(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without an explicit backend, ``keyring.get_password`` and its configured backend are used."""
    backend = MemoryKeyring({("Claude Code-credentials", "alice"): login_json()})
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    assert read_keychain(env, now=NOW).state == "present"
    monkeypatch.setattr(keyring.core, "_keyring_backend", fail_backend())
    assert read_keychain(env, now=NOW).state == "no_backend"


def test_keychain_not_queried_by_default_off_macos(
    env: dict[str, str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = MemoryKeyring()
    monkeypatch.setattr(sys, "platform", "linux")
    s = detect_claude_login(env, home, run_cli=False, keychain_backend=backend, now=NOW)
    assert s.keychain is None and backend.asked == []


# --- (c) `claude auth status` -----------------------------------------------------------------


def test_cli_absent(env: dict[str, str], home: Path) -> None:
    result = claude_auth_status(env, home)
    assert result.state == "not_installed"
    s = detect(env, home, run_cli=True)
    assert s.cli is not None and s.cli.state == "not_installed"
    assert (s.logged_in, s.method) == (False, "none")


def _fake_claude(bin_dir: Path, body: str) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "claude"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(0o755)
    return script


def test_cli_json_parsed_with_env_passed_through(
    env: dict[str, str], home: Path, tmp_path: Path
) -> None:
    bin_dir = tmp_path / "bin"
    _fake_claude(
        bin_dir,
        """[ "$1 $2" = "auth status" ] || exit 9
printf '{"loggedIn": true, "authMethod": "claude.ai", "apiProvider": "firstParty",'
printf ' "configDirectory": "%s",' "${CLAUDE_CONFIG_DIR:-$HOME/.claude}"
printf ' "loginExpiresAt": "2026-12-25T14:34:21.000Z", "email": "fake@example.com",'
printf ' "orgName": "Fake Org", "subscriptionType": "pro"}'""",
    )
    env["PATH"] = str(bin_dir)
    env["CLAUDE_CONFIG_DIR"] = str(tmp_path / "cfg")
    result = claude_auth_status(env, home)
    assert result == CliStatusResult(
        state="ok",
        binary=str(bin_dir / "claude"),
        exit_code=0,
        logged_in=True,
        auth_method="claude.ai",
        api_provider="firstParty",
        subscription_type="pro",
        config_directory=str(tmp_path / "cfg"),
        login_expires_at=datetime(2026, 12, 25, 14, 34, 21, tzinfo=UTC),
        email="fake@example.com",
        org_name="Fake Org",
    )
    # the file says nothing, the CLI says logged in: the CLI wins and the note says so
    s = detect(env, home, run_cli=True)
    assert (s.logged_in, s.method, s.subscription_type, s.email) == (
        True,
        "claude.ai",
        "pro",
        "fake@example.com",
    )
    assert "trusting the CLI" in s.note


def test_cli_not_logged_in_exit_1(env: dict[str, str], home: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    _fake_claude(
        bin_dir,
        'echo \'{"loggedIn": false, "authMethod": "none", "apiProvider": "firstParty",'
        ' "configDirectory": "\'"$HOME"\'/.claude"}\'; exit 1',
    )
    env["PATH"] = str(bin_dir)
    result = claude_auth_status(env, home)
    assert (result.state, result.exit_code, result.logged_in) == ("ok", 1, False)
    assert result.config_directory == f"{home}/.claude"


def test_cli_timeout_is_quick(env: dict[str, str], home: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    sleep = shutil.which("sleep")
    assert sleep is not None
    _fake_claude(bin_dir, f"exec {sleep} 30")
    env["PATH"] = str(bin_dir)
    started = time.monotonic()
    result = claude_auth_status(env, home, timeout=0.5)
    assert time.monotonic() - started < 5
    assert result.state == "timeout"


def test_cli_garbage_output(env: dict[str, str], home: Path, tmp_path: Path) -> None:
    bin_dir = tmp_path / "bin"
    _fake_claude(bin_dir, f"echo 'crashed near {ACCESS}' >&2; exit 3")
    env["PATH"] = str(bin_dir)
    result = claude_auth_status(env, home)
    assert result.state == "error" and result.exit_code == 3
    assert "crashed near sk-ant-oat01-…wxyz" in result.note
    assert_no_secret(result)


def test_cli_injected_which_and_runner(env: dict[str, str], home: Path) -> None:
    calls: list[tuple[list[str], dict[str, str], float]] = []

    def runner(
        args: Sequence[str], child_env: Mapping[str, str], timeout: float
    ) -> subprocess.CompletedProcess[str]:
        calls.append((list(args), dict(child_env), timeout))
        out = json.dumps({"loggedIn": True, "authMethod": "apiKey", "apiKeySource": "X"})
        return subprocess.CompletedProcess(list(args), 0, out, "")

    def timeout_runner(
        args: Sequence[str], child_env: Mapping[str, str], timeout: float
    ) -> subprocess.CompletedProcess[str]:
        raise subprocess.TimeoutExpired(list(args), timeout)

    env2 = {**env, "HOME": "/somewhere/else"}
    result = claude_auth_status(env2, home, which=lambda _: "/x/claude", runner=runner, timeout=4)
    assert calls == [(["/x/claude", "auth", "status"], {**env2, "HOME": str(home)}, 4)]
    assert result.auth_method == "apiKey" and result.api_key_source == "X"
    s = detect(env, home, run_cli=True, which=lambda _: "/x/claude", runner=runner)
    assert s.method == "api_key"  # older spelling normalised
    assert "trusting the CLI" in s.note  # the file-based answer was "none"
    env["ANTHROPIC_API_KEY"] = API_KEY
    s = detect(env, home, run_cli=True, which=lambda _: "/x/claude", runner=runner)
    assert s.method == "api_key" and "trusting the CLI" not in s.note
    s = detect(env, home, run_cli=True, which=lambda _: "/x/claude", runner=timeout_runner)
    assert s.cli is not None and s.cli.state == "timeout"


# --- secrets never leave ----------------------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(
    token=st.text(
        alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
        min_size=20,
        max_size=120,
    ),
    expired=st.booleans(),
    env_token=st.booleans(),
)
def test_no_token_in_any_result(token: str, expired: bool, env_token: bool) -> None:
    access, refresh, other = "sk-ant-oat01-" + token, "sk-ant-ort01-" + token[::-1], token + "Q"
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        oauth = {
            "accessToken": access,
            "refreshToken": refresh,
            "expiresAt": ms(PAST if expired else FUTURE),
            "scopes": ["user:inference"],
            "subscriptionType": "max",
        }
        write_creds(home / ".claude", json.dumps({"claudeAiOauth": oauth}))
        env = {"USER": "u", "PATH": ""}
        if env_token:
            env["CLAUDE_CODE_OAUTH_TOKEN"] = other
        backend = MemoryKeyring(
            {("Claude Code-credentials", "u"): json.dumps({"claudeAiOauth": oauth})}
        )
        s = detect_claude_login(
            env, home, run_cli=False, keychain=True, keychain_backend=backend, now=NOW
        )
        text = repr(s) + str(s.note)
        for secret in (access, refresh, other):
            assert secret not in text
            assert secret[-12:-4] not in text


def test_imports_stay_light() -> None:
    code = (
        "import sys, wizard.detect.claude, wizard.detect.env, wizard.detect.clipboard\n"
        "bad = [m for m in ('keyring', 'pyperclip', 'textual') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parent.parent)
