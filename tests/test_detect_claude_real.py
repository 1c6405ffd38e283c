"""authwizard's file-based Claude Code detection agrees with the real ``claude auth status``.

Needs the pinned Claude Code CLI installed by ``.ci/install-claude.sh`` (npm registry only);
skips otherwise. Every case builds a fresh HOME in a temp dir with fake tokens, runs the real
CLI there (offline), and compares its JSON with ``detect_claude_login(..., run_cli=False)``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from wizard.detect.claude import (
    ClaudeLoginSummary,
    CliStatusResult,
    claude_auth_status,
    detect_claude_login,
)

CLAUDE_CODE_VERSION = "2.1.328"
CACHE = Path(
    os.environ.get("AUTHWIZARD_COMPAT_CACHE") or Path.home() / ".cache" / "authwizard-compat"
)
CLAUDE_BIN = CACHE / f"claude-code@{CLAUDE_CODE_VERSION}" / "node_modules" / ".bin" / "claude"

pytestmark = [
    pytest.mark.claude,
    pytest.mark.skipif(
        not (CLAUDE_BIN.exists() and os.access(CLAUDE_BIN, os.X_OK)),
        reason=f"Claude Code {CLAUDE_CODE_VERSION} is not installed at {CLAUDE_BIN}; "
        "run .ci/install-claude.sh",
    ),
]

# Fake tokens only: the CLI never goes online for `auth status`.
ACCESS = "sk-ant-oat01-" + "F" * 90 + "AKE1"
REFRESH = "sk-ant-ort01-" + "F" * 90 + "AKE2"
ENV_TOKEN = "sk-ant-oat01-" + "E" * 90 + "NVT0"
API_KEY = "sk-ant-api03-" + "K" * 90 + "EY00"


def _ms(dt: datetime) -> int:
    return int(dt.timestamp() * 1000)


def _credentials(expires: timedelta, subscription: str = "max", **extra: object) -> str:
    now = datetime.now(UTC)
    oauth: dict[str, object] = {
        "accessToken": ACCESS,
        "refreshToken": REFRESH,
        "expiresAt": _ms(now + expires),
        "scopes": ["user:inference", "user:profile", "user:sessions:claude_code"],
        "subscriptionType": subscription,
    }
    oauth.update(extra)
    return json.dumps({"claudeAiOauth": oauth})


@dataclass(frozen=True)
class Case:
    id: str
    # builds the state under (tmp, home) and returns the extra env vars
    setup: Callable[[Path, Path], dict[str, str]]
    logged_in: bool
    method: str
    subscription: str | None = None
    expired: bool = False
    email: str | None = None
    extra_checks: tuple[str, ...] = field(default=())


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o600)


def _no_file(tmp: Path, home: Path) -> dict[str, str]:
    return {}


def _future_max(tmp: Path, home: Path) -> dict[str, str]:
    _write(home / ".claude" / ".credentials.json", _credentials(timedelta(days=1), "max"))
    return {}


def _expired(tmp: Path, home: Path) -> dict[str, str]:
    _write(home / ".claude" / ".credentials.json", _credentials(timedelta(days=-1), "max"))
    return {}


def _oauth_env_over_file(tmp: Path, home: Path) -> dict[str, str]:
    _future_max(tmp, home)
    return {"CLAUDE_CODE_OAUTH_TOKEN": ENV_TOKEN}


def _oauth_env_only(tmp: Path, home: Path) -> dict[str, str]:
    return {"CLAUDE_CODE_OAUTH_TOKEN": ENV_TOKEN}


def _config_dir(tmp: Path, home: Path) -> dict[str, str]:
    cfg = tmp / "claude-config"
    _write(cfg / ".credentials.json", _credentials(timedelta(days=1), "pro"))
    return {"CLAUDE_CONFIG_DIR": str(cfg)}


def _config_dir_empty(tmp: Path, home: Path) -> dict[str, str]:
    _future_max(tmp, home)  # ignored: the override points elsewhere
    (tmp / "claude-config").mkdir()
    return {"CLAUDE_CONFIG_DIR": str(tmp / "claude-config")}


def _api_key(tmp: Path, home: Path) -> dict[str, str]:
    _future_max(tmp, home)
    return {"ANTHROPIC_API_KEY": API_KEY}


def _no_inference_scope(tmp: Path, home: Path) -> dict[str, str]:
    _write(
        home / ".claude" / ".credentials.json",
        _credentials(timedelta(days=1), scopes=["user:profile"]),
    )
    return {}


def _corrupt(tmp: Path, home: Path) -> dict[str, str]:
    _write(home / ".claude" / ".credentials.json", '{"claudeAiOauth": {"accessToken": "sk-ant-')
    return {}


def _with_account(tmp: Path, home: Path) -> dict[str, str]:
    login_end = datetime.now(UTC) + timedelta(days=30)
    _write(
        home / ".claude" / ".credentials.json",
        _credentials(timedelta(days=1), "pro", refreshTokenExpiresAt=_ms(login_end)),
    )
    _write(
        home / ".claude.json",
        json.dumps({"oauthAccount": {"emailAddress": "fake@example.com"}}),
    )
    return {}


def _bare_mode(tmp: Path, home: Path) -> dict[str, str]:
    _future_max(tmp, home)
    return {"CLAUDE_CODE_SIMPLE": "1"}


CASES = [
    # the states of reference/claude-code-cli.md's table
    Case("no-credentials-file", _no_file, False, "none"),
    Case("future-expiry-max", _future_max, True, "claude.ai", "max"),
    Case("expired", _expired, True, "claude.ai", "max", expired=True),
    Case("oauth-token-env-over-file", _oauth_env_over_file, True, "oauth_token"),
    Case("claude-config-dir", _config_dir, True, "claude.ai", "pro"),
    # more states the detection must get right
    Case("oauth-token-env-only", _oauth_env_only, True, "oauth_token"),
    Case("claude-config-dir-without-file", _config_dir_empty, False, "none"),
    Case("api-key-env", _api_key, True, "api_key"),
    Case("no-inference-scope", _no_inference_scope, False, "none"),
    Case("corrupt-file", _corrupt, False, "none"),
    Case(
        "account-email-and-login-expiry",
        _with_account,
        True,
        "claude.ai",
        "pro",
        email="fake@example.com",
        extra_checks=("login_expires_at",),
    ),
    Case("bare-mode", _bare_mode, False, "none"),
]


def _base_env(home: Path) -> dict[str, str]:
    """A clean environment: nothing of the caller's own Claude/Anthropic setup leaks in."""
    return {
        "HOME": str(home),
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "USER": "authwizard-test",
        "LANG": "C.UTF-8",
        "DISABLE_AUTOUPDATER": "1",
        "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    }


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_detection_agrees_with_claude_auth_status(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(tmp_path)  # the CLI may create files relative to its cwd
    env = _base_env(home) | case.setup(tmp_path, home)

    ours: ClaudeLoginSummary = detect_claude_login(env, home, run_cli=False, keychain=False)
    cli: CliStatusResult = claude_auth_status(env, home, which=lambda _: str(CLAUDE_BIN))

    assert cli.state == "ok", cli.note
    assert cli.binary == str(CLAUDE_BIN)
    seen: dict[str, tuple[object, object]] = {
        "logged_in": (ours.logged_in, cli.logged_in),
        "method": (ours.method, cli.auth_method),
        "subscription": (ours.subscription_type, cli.subscription_type),
        "config_dir": (ours.config_dir, Path(cli.config_directory or "")),
        "email": (ours.email, cli.email),
    }
    if "login_expires_at" in case.extra_checks:
        seen["login_expires_at"] = (ours.login_expires_at, cli.login_expires_at)
    disagreements = {k: v for k, v in seen.items() if v[0] != v[1]}
    assert not disagreements, f"authwizard vs claude auth status: {disagreements}"

    # and both say what the reference table says
    assert (ours.logged_in, ours.method, ours.subscription_type) == (
        case.logged_in,
        case.method,
        case.subscription,
    )
    assert ours.expired is case.expired
    assert ours.email == case.email
    # the CLI's exit status: 0 when logged in, 1 when not (observed with 2.1.328)
    assert cli.exit_code == (0 if case.logged_in else 1)
    # no token reaches any result
    for secret in (ACCESS, REFRESH, ENV_TOKEN, API_KEY):
        assert secret not in repr(ours) and secret not in repr(cli)


def test_combined_summary_with_the_real_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the CLI on PATH, the summary runs it, and finds nothing to disagree about."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.chdir(tmp_path)
    _expired(tmp_path, home)
    env = _base_env(home) | {"PATH": f"{CLAUDE_BIN.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    summary = detect_claude_login(env, home, keychain=False)
    assert summary.cli is not None and summary.cli.state == "ok"
    assert summary.cli.binary == str(CLAUDE_BIN)
    assert (summary.logged_in, summary.method, summary.subscription_type, summary.expired) == (
        True,
        "claude.ai",
        "max",
        True,
    )
    assert "trusting the CLI" not in summary.note
