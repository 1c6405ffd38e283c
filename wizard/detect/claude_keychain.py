"""Claude Code's login in the keychain, looked up through ``keyring`` without ever blocking.

The item ``Claude Code-credentials`` (macOS) holds the same JSON as the credentials file
(:mod:`.claude_store`). ``keyring`` is imported only inside the lookup thread, so importing this
module never imports it.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from wizard.detect.claude_redact import describe_error
from wizard.detect.claude_store import StoredLogin, login_fields, parse_login

KEYCHAIN_SERVICE = "Claude Code-credentials"
DEFAULT_KEYCHAIN_TIMEOUT = 3.0


@dataclass(frozen=True, kw_only=True)
class KeychainResult(StoredLogin):
    service: str
    username: str


def keychain_service(env: Mapping[str, str]) -> str:
    """``Claude Code-credentials``, suffixed with 8 hex of sha256(CLAUDE_CONFIG_DIR) when set."""
    raw = env.get("CLAUDE_CONFIG_DIR")
    if raw is None:
        return KEYCHAIN_SERVICE
    return f"{KEYCHAIN_SERVICE}-{hashlib.sha256(raw.encode()).hexdigest()[:8]}"


def _keychain_username(env: Mapping[str, str]) -> str:
    for name in ("USER", "LOGNAME", "USERNAME"):
        if env.get(name):
            return env[name]
    try:
        import getpass

        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


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
    login = parse_login(value, f"keychain item {service!r}", now)
    return KeychainResult(**base, **login_fields(login))


def _keyring_error(exc: BaseException) -> dict[str, Any]:
    names = {cls.__name__ for cls in type(exc).__mro__}
    if "NoKeyringError" in names:
        return {
            "state": "no_backend",
            "note": "no keyring backend is available (" + describe_error(exc) + ")",
        }
    if "KeyringLocked" in names:
        return {"state": "locked", "note": "the keychain is locked or access was denied"}
    if "KeyringError" in names:
        return {"state": "error", "note": "keyring error: " + describe_error(exc)}
    if isinstance(exc, ImportError):
        return {"state": "no_backend", "note": "the keyring package is not installed"}
    return {"state": "error", "note": "keychain lookup failed: " + describe_error(exc)}
