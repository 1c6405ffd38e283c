"""Detect an existing Claude Code login — report it, never copy it.

Claude Code's refresh tokens are single-use and Anthropic's terms forbid third-party apps from
collecting Claude.ai tokens (reference/provider-auth.md §0, §2), so this module only answers
"is there a login, of which kind, until when". Token values are read transiently to test their
presence and are never returned, stored, logged or put into a note; an env token is kept only in
redacted form (prefix + last 4).

Three sources, each with its own result type, and a combined :class:`ClaudeLoginSummary`:

* the credentials file ``$CLAUDE_CONFIG_DIR/.credentials.json`` (default
  ``~/.claude/.credentials.json``) — :func:`read_credentials_file`;
* the keychain item ``Claude Code-credentials`` (macOS; same JSON as the file) through
  ``keyring``, in a daemon thread with a timeout — :func:`read_keychain`;
* ``claude auth status`` when the binary is on ``PATH`` — :func:`claude_auth_status`.

The file-based rules mirror what ``claude auth status`` of Claude Code 2.1.328 reports
(reference/claude-code-cli.md; checked by tests/test_detect_claude_real.py).
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, cast, get_args

from wizard.detect.env import redact

CREDENTIALS_FILE = ".credentials.json"
GLOBAL_CONFIG_FILE = ".claude.json"
KEYCHAIN_SERVICE = "Claude Code-credentials"
INFERENCE_SCOPE = "user:inference"
MAX_FILE_BYTES = 1 << 20
DEFAULT_KEYCHAIN_TIMEOUT = 3.0
DEFAULT_CLI_TIMEOUT = 10.0

ClaudeMethod = Literal["claude.ai", "oauth_token", "api_key", "third_party", "none"]
LoginState = Literal[
    "absent",  # no file / no keychain item
    "present",  # a usable login, access token not expired
    "expired",  # a usable login whose access token expired (Claude Code refreshes it itself)
    "no_login",  # well-formed, but Claude Code would not count it as a login (see note)
    "corrupt",  # not JSON, or not the expected shape
    "unreadable",  # the file exists but cannot be read
    "no_backend",  # keychain: no keyring backend available
    "locked",  # keychain: locked / access denied
    "timeout",  # keychain: no answer within the timeout
    "error",  # keychain: any other keyring error
    "skipped",  # keychain: not queried
]
CliState = Literal["ok", "not_installed", "timeout", "error"]
Runner = Callable[[Sequence[str], Mapping[str, str], float], "subprocess.CompletedProcess[str]"]
Which = Callable[[str], "str | None"]

_THIRD_PARTY_FLAGS = (
    ("CLAUDE_CODE_USE_BEDROCK", "bedrock"),
    ("CLAUDE_CODE_USE_VERTEX", "vertex"),
    ("CLAUDE_CODE_USE_FOUNDRY", "foundry"),
)
_METHOD_ALIASES = {"apiKey": "api_key", "oauthToken": "oauth_token", "thirdParty": "third_party"}
_TOKEN_ENV_VARS = ("ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_API_KEY", "CLAUDE_CODE_OAUTH_TOKEN")
_TOKEN_LIKE = re.compile(r"sk-ant-[A-Za-z0-9_-]{4,}")


# ---------------------------------------------------------------------------------------------
# Result types


@dataclass(frozen=True, kw_only=True)
class StoredLogin:
    """What a stored Claude.ai login (file or keychain JSON) says, without any token."""

    state: LoginState
    note: str = ""
    logged_in: bool = False  # Claude Code would count it as a claude.ai login
    subscription_type: str | None = None
    rate_limit_tier: str | None = None
    scopes: tuple[str, ...] = ()
    has_refresh_token: bool = False
    expires_at: datetime | None = None  # access token expiry (``expiresAt``), UTC
    expired: bool = False
    login_expires_at: datetime | None = None  # refresh token expiry (CLI ``loginExpiresAt``)
    login_expired: bool = False


@dataclass(frozen=True, kw_only=True)
class CredentialsFileResult(StoredLogin):
    path: Path


@dataclass(frozen=True, kw_only=True)
class KeychainResult(StoredLogin):
    service: str
    username: str


@dataclass(frozen=True, kw_only=True)
class CliStatusResult:
    """``claude auth status`` (JSON) as reported by the installed CLI."""

    state: CliState
    note: str = ""
    binary: str | None = None
    exit_code: int | None = None
    logged_in: bool | None = None
    auth_method: str | None = None
    api_provider: str | None = None
    api_key_source: str | None = None
    subscription_type: str | None = None
    config_directory: str | None = None
    login_expires_at: datetime | None = None
    email: str | None = None
    org_name: str | None = None


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
# Paths


def claude_config_dir(env: Mapping[str, str], home: Path) -> Path:
    """``CLAUDE_CONFIG_DIR`` verbatim when set (Claude Code neither trims nor expands ``~``),
    else ``~/.claude``."""
    raw = env.get("CLAUDE_CONFIG_DIR")
    return Path(raw) if raw is not None else home / ".claude"


def credentials_path(env: Mapping[str, str], home: Path) -> Path:
    return claude_config_dir(env, home) / CREDENTIALS_FILE


def global_config_path(env: Mapping[str, str], home: Path) -> Path:
    """``~/.claude.json``; with ``CLAUDE_CONFIG_DIR`` it lives inside that directory."""
    raw = env.get("CLAUDE_CONFIG_DIR")
    return Path(raw) / GLOBAL_CONFIG_FILE if raw is not None else home / GLOBAL_CONFIG_FILE


def keychain_service(env: Mapping[str, str]) -> str:
    """``Claude Code-credentials``, suffixed with 8 hex of sha256(CLAUDE_CONFIG_DIR) when set."""
    raw = env.get("CLAUDE_CONFIG_DIR")
    if raw is None:
        return KEYCHAIN_SERVICE
    return f"{KEYCHAIN_SERVICE}-{hashlib.sha256(raw.encode()).hexdigest()[:8]}"


# ---------------------------------------------------------------------------------------------
# Parsing a stored login (file content or keychain password)


def _js_truthy(value: object) -> bool:
    if value is None or value is False:
        return False
    if isinstance(value, int | float):
        return value != 0 and not (isinstance(value, float) and math.isnan(value))
    if isinstance(value, str):
        return value != ""
    return True


def _ms_to_datetime(value: object) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _json_type(value: object) -> str:
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return "null" if value is None else "object"


def _fmt(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M UTC")


def _parse_login(text: str, where: str, now: datetime) -> StoredLogin:
    """Interpret the ``claudeAiOauth`` JSON like Claude Code does. Never keeps a token."""
    if not text.strip():
        return StoredLogin(state="corrupt", note=f"{where} is empty")
    try:
        data: object = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        # The message carries only a position, never the document.
        msg = exc.msg if isinstance(exc, json.JSONDecodeError) else "nested too deeply"
        pos = (
            f" (line {exc.lineno}, column {exc.colno})"
            if isinstance(exc, json.JSONDecodeError)
            else ""
        )
        return StoredLogin(state="corrupt", note=f"{where} is not valid JSON: {msg}{pos}")
    if not isinstance(data, dict):
        return StoredLogin(
            state="corrupt",
            note=f"{where} holds a JSON {_json_type(data)}, expected an object with claudeAiOauth",
        )
    if "claudeAiOauth" not in data or data["claudeAiOauth"] is None:
        return StoredLogin(
            state="no_login", note=f"{where} holds no claude.ai login (no claudeAiOauth)"
        )
    oauth = data["claudeAiOauth"]
    if not isinstance(oauth, dict):
        return StoredLogin(
            state="corrupt",
            note=f"{where}: claudeAiOauth is a JSON {_json_type(oauth)}, expected an object",
        )

    raw_scopes = oauth.get("scopes")
    scopes = (
        tuple(s for s in raw_scopes if isinstance(s, str)) if isinstance(raw_scopes, list) else ()
    )
    sub = oauth.get("subscriptionType")
    tier = oauth.get("rateLimitTier")
    expires_at = _ms_to_datetime(oauth.get("expiresAt"))
    login_expires_at = _ms_to_datetime(oauth.get("refreshTokenExpiresAt"))
    has_refresh = isinstance(oauth.get("refreshToken"), str) and bool(oauth.get("refreshToken"))
    common: dict[str, Any] = {
        "subscription_type": sub if isinstance(sub, str) else None,
        "rate_limit_tier": tier if isinstance(tier, str) else None,
        "scopes": scopes,
        "has_refresh_token": has_refresh,
        "expires_at": expires_at,
        "expired": expires_at is not None and expires_at <= now,
        "login_expires_at": login_expires_at,
        "login_expired": login_expires_at is not None and login_expires_at <= now,
    }

    if not _js_truthy(oauth.get("accessToken")):
        return StoredLogin(
            state="no_login",
            note=f"{where}: claudeAiOauth has no accessToken; Claude Code ignores it",
        )
    if not isinstance(raw_scopes, list) or INFERENCE_SCOPE not in raw_scopes:
        return StoredLogin(
            state="no_login",
            note=f"{where}: no {INFERENCE_SCOPE} scope, so Claude Code does not use this login",
            **common,
        )

    notes: list[str] = []
    if expires_at is None:
        notes.append("no usable expiresAt")
    if common["login_expired"] and login_expires_at is not None:
        notes.append(f"sign-in may have ended at {_fmt(login_expires_at)}; run `claude /login`")
    if common["expired"] and expires_at is not None:
        state: LoginState = "expired"
        if has_refresh:
            notes.insert(
                0, f"access token expired {_fmt(expires_at)}; Claude Code refreshes it itself"
            )
        else:
            notes.insert(
                0,
                f"access token expired {_fmt(expires_at)} and there is no refresh token;"
                " run `claude /login`",
            )
    else:
        state = "present"
        if expires_at is not None:
            notes.insert(0, f"access token valid until {_fmt(expires_at)}")
    return StoredLogin(state=state, logged_in=True, note="; ".join(notes), **common)


def _copy_login(login: StoredLogin) -> dict[str, Any]:
    return {f.name: getattr(login, f.name) for f in fields(StoredLogin)}


# ---------------------------------------------------------------------------------------------
# Source (a): the credentials file


def read_credentials_file(
    env: Mapping[str, str], home: Path, *, now: datetime | None = None
) -> CredentialsFileResult:
    path = credentials_path(env, home)
    now = now or datetime.now(UTC)
    try:
        if not path.exists():
            return CredentialsFileResult(path=path, state="absent", note=f"no {path}")
        if not path.is_file():
            return CredentialsFileResult(
                path=path, state="unreadable", note=f"{path} is not a file"
            )
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return CredentialsFileResult(
            path=path, state="unreadable", note=f"cannot read {path}: {reason}"
        )
    if len(data) > MAX_FILE_BYTES:
        return CredentialsFileResult(
            path=path, state="corrupt", note=f"{path} is larger than 1 MiB"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return CredentialsFileResult(path=path, state="corrupt", note=f"{path} is not UTF-8 text")
    login = _parse_login(text, str(path), now)
    return CredentialsFileResult(path=path, **_copy_login(login))


# ---------------------------------------------------------------------------------------------
# Source (b): the keychain through keyring


def _keychain_username(env: Mapping[str, str]) -> str:
    for name in ("USER", "LOGNAME", "USERNAME"):
        if env.get(name):
            return env[name]
    try:
        import getpass

        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    text = _TOKEN_LIKE.sub(lambda m: redact(m.group(0)), text)
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def read_keychain(
    env: Mapping[str, str],
    *,
    backend: object | None = None,
    timeout: float = DEFAULT_KEYCHAIN_TIMEOUT,
    now: datetime | None = None,
) -> KeychainResult:
    """Look up Claude Code's keychain item through ``keyring`` without ever blocking the caller.

    ``backend`` is a ``keyring.backend.KeyringBackend`` to ask instead of keyring's configured
    one. The lookup (including ``import keyring`` and backend discovery) runs in a daemon thread;
    after ``timeout`` seconds the result is ``timeout`` and the thread is abandoned. On macOS,
    reading another app's item can raise an access prompt: the timeout bounds that too.
    """
    service = keychain_service(env)
    username = _keychain_username(env)
    now = now or datetime.now(UTC)
    box: dict[str, object] = {}

    def lookup() -> None:
        try:
            if backend is not None:
                get = backend.get_password  # type: ignore[attr-defined]
                box["value"] = get(service, username)
            else:
                import keyring

                box["value"] = keyring.get_password(service, username)
        except BaseException as exc:  # reported, never raised
            box["error"] = exc

    worker = threading.Thread(target=lookup, name="authwizard-keychain", daemon=True)
    worker.start()
    worker.join(timeout)
    base: dict[str, Any] = {"service": service, "username": username}
    if worker.is_alive():
        return KeychainResult(
            state="timeout",
            note=f"the keychain did not answer within {timeout:g} s (locked, or showing a prompt)",
            **base,
        )
    if "error" in box:
        exc = box["error"]
        assert isinstance(exc, BaseException)
        return KeychainResult(**base, **_keyring_error(exc))
    value = box.get("value")
    if value is None:
        return KeychainResult(
            state="absent", note=f"no keychain item {service!r} for {username!r}", **base
        )
    if not isinstance(value, str):
        return KeychainResult(state="corrupt", note="the keychain item is not text", **base)
    login = _parse_login(value, f"keychain item {service!r}", now)
    return KeychainResult(**base, **_copy_login(login))


def _keyring_error(exc: BaseException) -> dict[str, Any]:
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "NoKeyringError" in names:
        return {
            "state": "no_backend",
            "note": "no keyring backend is available (" + _short(exc) + ")",
        }
    if "KeyringLocked" in names:
        return {"state": "locked", "note": "the keychain is locked or access was denied"}
    if "KeyringError" in names:
        return {"state": "error", "note": "keyring error: " + _short(exc)}
    if isinstance(exc, ImportError):
        return {"state": "no_backend", "note": "the keyring package is not installed"}
    return {"state": "error", "note": "keychain lookup failed: " + _short(exc)}


# ---------------------------------------------------------------------------------------------
# Source (c): `claude auth status`


def _default_runner(
    args: Sequence[str], env: Mapping[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        list(args),
        env=dict(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout,
        check=False,
        start_new_session=True,  # no controlling terminal: it can never prompt on ours
    )


def _parse_iso(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def claude_auth_status(
    env: Mapping[str, str],
    home: Path,
    *,
    which: Which | None = None,
    runner: Runner | None = None,
    timeout: float = DEFAULT_CLI_TIMEOUT,
) -> CliStatusResult:
    """Run ``claude auth status`` (JSON) with ``env`` (``HOME`` set to ``home``), bounded."""
    path_var = env.get("PATH", os.defpath)
    find = which or (lambda name: shutil.which(name, path=path_var))
    binary = find("claude")
    if not binary:
        return CliStatusResult(state="not_installed", note="the claude CLI is not on PATH")
    child_env = dict(env)
    child_env["HOME"] = str(home)
    try:
        proc = (runner or _default_runner)([binary, "auth", "status"], child_env, timeout)
    except subprocess.TimeoutExpired:
        return CliStatusResult(
            state="timeout",
            binary=binary,
            note=f"`claude auth status` did not finish in {timeout:g} s",
        )
    except OSError as exc:
        return CliStatusResult(
            state="error", binary=binary, note=f"cannot run {binary}: {_short(exc)}"
        )
    out = proc.stdout or ""
    data: object = None
    try:
        data = json.loads(out)
    except json.JSONDecodeError:
        start, end = out.find("{"), out.rfind("}")
        if 0 <= start < end:
            try:
                data = json.loads(out[start : end + 1])
            except json.JSONDecodeError:
                data = None
    if not isinstance(data, dict) or not isinstance(data.get("loggedIn"), bool):
        err = " ".join((proc.stderr or "").split())[:200]
        err = _TOKEN_LIKE.sub(lambda m: redact(m.group(0)), err)
        return CliStatusResult(
            state="error",
            binary=binary,
            exit_code=proc.returncode,
            note=f"`claude auth status` exited {proc.returncode} without JSON"
            + (f": {err}" if err else ""),
        )
    return CliStatusResult(
        state="ok",
        binary=binary,
        exit_code=proc.returncode,
        logged_in=data["loggedIn"],
        auth_method=_str_or_none(data.get("authMethod")),
        api_provider=_str_or_none(data.get("apiProvider")),
        api_key_source=_str_or_none(data.get("apiKeySource")),
        subscription_type=_str_or_none(data.get("subscriptionType")),
        config_directory=_str_or_none(data.get("configDirectory")),
        login_expires_at=_parse_iso(data.get("loginExpiresAt")),
        email=_str_or_none(data.get("email")),
        org_name=_str_or_none(data.get("orgName")),
    )


# ---------------------------------------------------------------------------------------------
# Combined summary


def _env_set(env: Mapping[str, str], name: str) -> bool:
    return bool(env.get(name, "").strip())


def _env_flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() not in ("", "0", "false", "no", "off")


def _account_email(env: Mapping[str, str], home: Path) -> str | None:
    """``oauthAccount.emailAddress`` from Claude Code's global config (which holds no tokens)."""
    try:
        with global_config_path(env, home).open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            return None
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    account = data.get("oauthAccount") if isinstance(data, dict) else None
    email = account.get("emailAddress") if isinstance(account, dict) else None
    return email if isinstance(email, str) and email else None


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
    third_party = next((p for flag, p in _THIRD_PARTY_FLAGS if _env_flag(env, flag)), None)
    if third_party is not None:
        method, api_provider = "third_party", third_party
        env_var = next(flag for flag, p in _THIRD_PARTY_FLAGS if p == third_party)
        notes.append(f"Claude Code uses {third_party} ({env_var})")
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
    email = _account_email(env, home) if method == "claude.ai" else None

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
