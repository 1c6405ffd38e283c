"""Where Claude Code keeps its login on disk, and what a stored login says — never its tokens.

The credentials file ``$CLAUDE_CONFIG_DIR/.credentials.json`` (default
``~/.claude/.credentials.json``) and the macOS keychain item (:mod:`.claude_keychain`) hold the
same ``claudeAiOauth`` JSON; :func:`parse_login` reads either the way Claude Code does.
Token values are read transiently to test their presence and are never returned, stored, logged
or put into a note.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

CREDENTIALS_FILE = ".credentials.json"
GLOBAL_CONFIG_FILE = ".claude.json"
INFERENCE_SCOPE = "user:inference"
MAX_FILE_BYTES = 1 << 20

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
    # sha256 of each token ("access", "refresh"): enough to recognise a paste, never the token
    token_digests: tuple[tuple[str, str], ...] = field(default=(), repr=False, compare=False)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, kw_only=True)
class CredentialsFileResult(StoredLogin):
    path: Path


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


def read_capped(path: Path) -> bytes | None:
    """The file's bytes, or ``None`` when it is larger than :data:`MAX_FILE_BYTES`.
    Raises ``OSError``."""
    with path.open("rb") as fh:
        data = fh.read(MAX_FILE_BYTES + 1)
    return None if len(data) > MAX_FILE_BYTES else data


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


def parse_login(text: str, where: str, now: datetime) -> StoredLogin:
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
    digests = tuple(
        (which, token_digest(value))
        for which, key in (("access", "accessToken"), ("refresh", "refreshToken"))
        if isinstance(value := oauth.get(key), str) and value
    )
    common: dict[str, Any] = {
        "token_digests": digests,
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


def login_fields(login: StoredLogin) -> dict[str, Any]:
    """The :class:`StoredLogin` fields of ``login``, to build a source-specific result."""
    return {f.name: getattr(login, f.name) for f in fields(StoredLogin)}


# ---------------------------------------------------------------------------------------------
# The credentials file, and the account e-mail of the global config


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
        data = read_capped(path)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return CredentialsFileResult(
            path=path, state="unreadable", note=f"cannot read {path}: {reason}"
        )
    if data is None:
        return CredentialsFileResult(
            path=path, state="corrupt", note=f"{path} is larger than 1 MiB"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return CredentialsFileResult(path=path, state="corrupt", note=f"{path} is not UTF-8 text")
    login = parse_login(text, str(path), now)
    return CredentialsFileResult(path=path, **login_fields(login))


def account_email(env: Mapping[str, str], home: Path) -> str | None:
    """``oauthAccount.emailAddress`` from Claude Code's global config (which holds no tokens)."""
    try:
        raw = read_capped(global_config_path(env, home))
        if raw is None:
            return None
        data = json.loads(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return None
    account = data.get("oauthAccount") if isinstance(data, dict) else None
    email = account.get("emailAddress") if isinstance(account, dict) else None
    return email if isinstance(email, str) and email else None
