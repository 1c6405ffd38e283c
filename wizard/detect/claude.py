"""Detect an existing Claude Code login — report it, never copy it.

Claude Code's refresh tokens are single-use and Anthropic's terms forbid third-party apps from
collecting Claude.ai tokens (reference/provider-auth.md §0, §2), so this package only answers
"is there a login, of which kind, until when". Token values are read transiently to test their
presence and are never returned, stored, logged or put into a note; an env token is kept only in
redacted form (prefix + last 4).

Three sources, each with its own module and result type, combined here into a
:class:`ClaudeLoginSummary` by :func:`detect_claude_login`:

* the credentials file ``$CLAUDE_CONFIG_DIR/.credentials.json`` (default
  ``~/.claude/.credentials.json``) — :func:`read_credentials_file` in :mod:`.claude_store`, which
  also holds the paths and the parse of the stored login JSON;
* the keychain item ``Claude Code-credentials`` (macOS; same JSON as the file) through
  ``keyring``, in a daemon thread with a timeout — :func:`read_keychain` in
  :mod:`.claude_keychain`;
* ``claude auth status`` when the binary is on ``PATH`` — :func:`claude_auth_status` in
  :mod:`.claude_cli`.

Every public name of those modules is re-exported here. The file-based rules mirror what
``claude auth status`` of Claude Code 2.1.328 reports (reference/claude-code-cli.md; checked by
tests/test_detect_claude_real.py).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, cast, get_args

from wizard.detect.claude_cli import (
    DEFAULT_CLI_TIMEOUT,
    CliState,
    CliStatusResult,
    Runner,
    Which,
    claude_auth_status,
)
from wizard.detect.claude_keychain import (
    DEFAULT_KEYCHAIN_TIMEOUT,
    KEYCHAIN_SERVICE,
    KeychainResult,
    keychain_service,
    read_keychain,
)
from wizard.detect.claude_store import (
    CREDENTIALS_FILE,
    GLOBAL_CONFIG_FILE,
    INFERENCE_SCOPE,
    MAX_FILE_BYTES,
    CredentialsFileResult,
    LoginState,
    StoredLogin,
    account_email,
    claude_config_dir,
    credentials_path,
    global_config_path,
    read_credentials_file,
)
from wizard.detect.env import redact

__all__ = [
    "CREDENTIALS_FILE",
    "DEFAULT_CLI_TIMEOUT",
    "DEFAULT_KEYCHAIN_TIMEOUT",
    "GLOBAL_CONFIG_FILE",
    "INFERENCE_SCOPE",
    "KEYCHAIN_SERVICE",
    "MAX_FILE_BYTES",
    "ClaudeLoginSummary",
    "ClaudeMethod",
    "CliState",
    "CliStatusResult",
    "CredentialsFileResult",
    "KeychainResult",
    "LoginState",
    "Runner",
    "StoredLogin",
    "Which",
    "claude_auth_status",
    "claude_config_dir",
    "credentials_path",
    "detect_claude_login",
    "global_config_path",
    "keychain_service",
    "read_credentials_file",
    "read_keychain",
]

ClaudeMethod = Literal["claude.ai", "oauth_token", "api_key", "third_party", "none"]

_THIRD_PARTY_FLAGS = (
    ("CLAUDE_CODE_USE_BEDROCK", "bedrock"),
    ("CLAUDE_CODE_USE_VERTEX", "vertex"),
    ("CLAUDE_CODE_USE_FOUNDRY", "foundry"),
)
_METHOD_ALIASES = {"apiKey": "api_key", "oauthToken": "oauth_token", "thirdParty": "third_party"}
_TOKEN_ENV_VARS = ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN")


@dataclass(frozen=True, kw_only=True)
class ClaudeLoginSummary:
    logged_in: bool
    method: ClaudeMethod
    subscription_type: str | None
    expires_at: datetime | None  # access token expiry of the stored login in use, UTC
    expired: bool
    login_expires_at: datetime | None
    config_dir: Path
    email: str | None
    note: str
    api_provider: str = "firstParty"
    env_var: str | None = None  # the env var that decides the method, if one does
    env_token_redacted: str | None = None
    stored_login: bool = False  # a claude.ai login is stored, whether or not it is in use
    credentials_file: CredentialsFileResult
    keychain: KeychainResult | None = None
    cli: CliStatusResult | None = None


# ---------------------------------------------------------------------------------------------
# Combined summary


def _env_set(env: Mapping[str, str], name: str) -> bool:
    return bool(env.get(name, "").strip())


def _env_flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


def _stored_login_in_use(
    file_result: CredentialsFileResult, keychain: KeychainResult | None
) -> StoredLogin | None:
    if file_result.logged_in:
        return file_result
    if keychain is not None and keychain.logged_in:
        return keychain
    return None


def detect_claude_login(
    env: Mapping[str, str],
    home: Path,
    *,
    which: Which | None = None,
    runner: Runner | None = None,
    run_cli: bool = True,
    keychain: bool | None = None,
    keychain_backend: object | None = None,
    keychain_timeout: float = DEFAULT_KEYCHAIN_TIMEOUT,
    cli_timeout: float = DEFAULT_CLI_TIMEOUT,
    now: datetime | None = None,
) -> ClaudeLoginSummary:
    """Combine the three sources into one answer, as ``claude auth status`` would give it.

    The method follows Claude Code's precedence: a cloud-provider flag (``third_party``) →
    ``ANTHROPIC_AUTH_TOKEN`` (``oauth_token``) → ``ANTHROPIC_API_KEY`` (``api_key``) →
    ``CLAUDE_CODE_OAUTH_TOKEN`` (``oauth_token``, ignored in bare mode) → the stored claude.ai
    login (``claude.ai``, ignored in bare mode) → ``none``. ``keychain=None`` queries the
    keychain only on macOS, the one platform where Claude Code keeps its login there. When the
    CLI ran and answered, its answer wins and a disagreement is named in the note.
    """
    now = now or datetime.now(UTC)
    config_dir = claude_config_dir(env, home)
    file_result = read_credentials_file(env, home, now=now)
    use_keychain = sys.platform == "darwin" if keychain is None else keychain
    kc = (
        read_keychain(env, backend=keychain_backend, timeout=keychain_timeout, now=now)
        if use_keychain
        else None
    )
    cli = (
        claude_auth_status(env, home, which=which, runner=runner, timeout=cli_timeout)
        if run_cli
        else None
    )

    stored = _stored_login_in_use(file_result, kc)
    bare = _env_flag(env, "CLAUDE_CODE_SIMPLE")
    method: ClaudeMethod = "none"
    api_provider = "firstParty"
    env_var: str | None = None
    notes: list[str] = []
    flagged = next(((flag, p) for flag, p in _THIRD_PARTY_FLAGS if _env_flag(env, flag)), None)
    if flagged is not None:
        env_var, api_provider = flagged
        method = "third_party"
        notes.append(f"Claude Code uses {api_provider} ({env_var})")
    elif _env_set(env, "ANTHROPIC_AUTH_TOKEN"):
        method, env_var = "oauth_token", "ANTHROPIC_AUTH_TOKEN"
    elif _env_set(env, "ANTHROPIC_API_KEY"):
        method, env_var = "api_key", "ANTHROPIC_API_KEY"
    elif not bare and _env_set(env, "CLAUDE_CODE_OAUTH_TOKEN"):
        method, env_var = "oauth_token", "CLAUDE_CODE_OAUTH_TOKEN"
    elif not bare and stored is not None:
        method = "claude.ai"
    if env_var is not None and method != "third_party":
        notes.append(f"{env_var} is set and takes precedence")
        if stored is not None:
            notes.append("the stored claude.ai login is not in use")
    if bare and method == "none" and (stored or _env_set(env, "CLAUDE_CODE_OAUTH_TOKEN")):
        notes.append(
            "bare mode (CLAUDE_CODE_SIMPLE) ignores the claude.ai login and CLAUDE_CODE_OAUTH_TOKEN"
        )

    in_use = stored if method == "claude.ai" else None
    if in_use is not None and in_use.note:
        notes.append(in_use.note)
    if method == "none":
        for src in (file_result, kc):
            if src is not None and src.state not in ("absent", "skipped") and src.note:
                notes.append(src.note)
        if not notes:
            notes.append("no Claude Code login found")
    if kc is not None and kc.state in ("no_backend", "locked", "timeout", "error"):
        notes.append(kc.note)
    logged_in = method != "none"
    subscription = in_use.subscription_type if in_use else None
    email = account_email(env, home) if method == "claude.ai" else None

    if cli is not None and cli.state == "ok":
        cli_method = _as_method(cli.auth_method or "none", method)
        if cli.logged_in != logged_in or cli_method != method:
            notes.append(
                f"`claude auth status` reports {cli.auth_method or 'none'} "
                f"(file-based detection said {method}); trusting the CLI"
            )
        logged_in = bool(cli.logged_in)
        method = cli_method
        api_provider = cli.api_provider or api_provider
        if method == "claude.ai":
            subscription = cli.subscription_type
            email = cli.email or email
        else:
            in_use, subscription, email = None, None, None
        if cli.config_directory is not None:
            config_dir = Path(cli.config_directory)
    elif cli is not None and cli.state in ("timeout", "error"):
        notes.append(cli.note)

    env_token = env.get(env_var, "") if env_var in _TOKEN_ENV_VARS else ""
    return ClaudeLoginSummary(
        logged_in=logged_in,
        method=method,
        subscription_type=subscription,
        expires_at=in_use.expires_at if in_use else None,
        expired=in_use.expired if in_use else False,
        login_expires_at=in_use.login_expires_at if in_use else None,
        config_dir=config_dir,
        email=email,
        note="; ".join(dict.fromkeys(n for n in notes if n)),
        api_provider=api_provider,
        env_var=env_var,
        env_token_redacted=redact(env_token) if env_token.strip() else None,
        stored_login=stored is not None,
        credentials_file=file_result,
        keychain=kc,
        cli=cli,
    )


def _as_method(value: str, fallback: ClaudeMethod) -> ClaudeMethod:
    """The CLI's ``authMethod`` as a :data:`ClaudeMethod` (older builds spell ``apiKey``);
    an unknown spelling keeps the file-based answer."""
    value = _METHOD_ALIASES.get(value, value)
    for known in get_args(ClaudeMethod):
        if value == known:
            return cast(ClaudeMethod, known)
    return fallback
