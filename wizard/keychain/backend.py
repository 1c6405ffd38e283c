"""The keychain through keyring, with keyring's own configuration deciding the backend."""

from __future__ import annotations

import os
from typing import Any, NamedTuple

from wizard.keychain.names import SERVICE

# Backends that store nothing: choosing the keychain there would lose the secret.
_UNUSABLE = {"keyring.backends.fail.Keyring", "keyring.backends.null.Keyring"}
# Backends that keep secrets in an ordinary file: a keychain only when the user chose one.
_FILE_BACKENDS = ("keyrings.alt.",)
# What a backend needs to find its store when run with only these variables (OpenClaw's passEnv).
_BACKEND_ENV = (
    "HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR", "DBUS_SESSION_BUS_ADDRESS",
    "PYTHON_KEYRING_BACKEND", "KEYRING_PROPERTY_FILE_PATH",
)


class Availability(NamedTuple):
    usable: bool
    backend: str  # the backend's dotted class name, or "" when keyring failed to load
    reason: str  # why not, when not usable: plain words with the fix


def _name(kr: Any) -> str:
    cls = type(kr)
    return f"{cls.__module__}.{cls.__qualname__}"


def _keyring() -> Any:
    import keyring

    return keyring.get_keyring()


def availability() -> Availability:
    try:
        kr = _keyring()
    except Exception as exc:  # keyring raises whatever its backends raise
        return Availability(False, "", f"keyring could not load a backend ({type(exc).__name__})")
    name = _name(kr)
    chained = getattr(kr, "backends", None)
    if name in _UNUSABLE or (chained is not None and not chained):
        return Availability(
            False, name,
            "no OS keychain is available to keyring here (no Secret Service, macOS Keychain or "
            "Windows Credential Locker); configure one in keyring's keyringrc.cfg, or keep the "
            "secret in OpenClaw's store",
        )
    if name.startswith(_FILE_BACKENDS) and not _chosen_explicitly():
        return Availability(
            False, name,
            f"keyring would fall back to {name}, a file, not an OS keychain; choose it in "
            "keyring's keyringrc.cfg if that is what you want, or keep the secret in "
            "OpenClaw's store",
        )
    return Availability(True, name, "")


def _chosen_explicitly() -> bool:
    """The user named the backend (PYTHON_KEYRING_BACKEND or keyringrc.cfg)."""
    import keyring.core

    try:
        return keyring.core.load_env() is not None or keyring.core.load_config() is not None
    except Exception:  # a broken configuration chooses nothing
        return False


def pass_env(environ: dict[str, str] | None = None) -> list[str]:
    """The variables the resolver needs from OpenClaw's environment to reach the same backend."""
    env = os.environ if environ is None else environ
    return [name for name in _BACKEND_ENV if name == "HOME" or name in env]


def store(ref: str, secret: str) -> None:
    _keyring().set_password(SERVICE, ref, secret)


def read(ref: str) -> str | None:
    value = _keyring().get_password(SERVICE, ref)
    return value if isinstance(value, str) else None


def delete(ref: str) -> bool:
    """Remove the item; False when there was none."""
    import keyring.errors

    try:
        _keyring().delete_password(SERVICE, ref)
    except keyring.errors.PasswordDeleteError:
        return False
    return True
