"""Facts about one profile entry and its id: what it holds, what it really is, how it is named."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Literal

from wizard.spec.registry import PROVIDERS, normalize_provider_id

CredType = Literal["api_key", "token", "oauth"]
CRED_TYPES: tuple[CredType, ...] = ("api_key", "token", "oauth")
VALUE_FIELD: dict[str, str] = {"api_key": "key", "token": "token", "oauth": "access"}
# Every field that carries or describes the credential itself; the rest of an entry is kept.
CREDENTIAL_FIELDS = frozenset(
    {"type", "mode", "provider", "key", "apiKey", "token", "access", "refresh", "expires",
     "accessToken", "refreshToken", "keyRef", "tokenRef", "clientId"}
)
_NAME = re.compile(r"[a-z0-9._-]+")


def declared_type(entry: Mapping[str, Any]) -> str | None:
    """``type``, or the ``mode`` alias some tools wrote instead."""
    t = entry.get("type", entry.get("mode"))
    return t if isinstance(t, str) else None


def entry_provider(entry: Mapping[str, Any]) -> str | None:
    p = entry.get("provider")
    return normalize_provider_id(p) if isinstance(p, str) and p.strip() else None


def entry_secret(entry: Mapping[str, Any]) -> str | None:
    """The secret an entry carries, wherever (alias fields included); None for an entry
    OpenClaw reported from its SQLite store (G3/G4), whose secret authwizard never sees."""
    if entry.get("reported"):
        return None
    for name in ("key", "token", "access", "apiKey", "accessToken"):
        v = entry.get(name)
        if isinstance(v, str) and v.strip():
            return v
    return None


def secret_kind(secret: str | None) -> CredType | None:
    """The credential type a secret's own shape demands, where the shape says so."""
    if not secret:
        return None
    s = secret.strip()
    for p in PROVIDERS.values():
        if any(s.startswith(t) for t in p.token_prefixes):
            return "token"
        if p.token_prefixes and any(s.startswith(k) for k in p.key_prefixes):
            return "api_key"
    return None


def effective_type(entry: Mapping[str, Any]) -> str | None:
    """What the entry really is: the secret's own kind where known, else its declared type."""
    declared = declared_type(entry)
    if declared == "oauth":
        return "oauth"
    return secret_kind(entry_secret(entry)) or declared


def slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9._-]+", "-", name.strip().lower()).strip("-")


def parse_profile_id(raw: str, provider: str) -> str:
    """``<provider>:<name>`` or a bare ``<name>`` → full id. Raises ValueError naming the fix."""
    provider = normalize_provider_id(provider)
    text = raw.strip()
    if ":" in text:
        given_provider, _, name = text.partition(":")
        if normalize_provider_id(given_provider) != provider:
            raise ValueError(
                f"profile {raw!r} names provider {given_provider!r}, but the provider is "
                f"{provider!r}; use {provider}:{slugify(name) or 'default'}"
            )
    else:
        name = text
    lowered = name.lower()
    if not _NAME.fullmatch(lowered):
        slug = slugify(name) or "default"
        raise ValueError(
            f"profile name {name!r} may only use a-z, 0-9, '.', '_' and '-'; "
            f"it would become {provider}:{slug}"
        )
    return f"{provider}:{lowered}"


REF_FIELD: dict[str, str] = {"api_key": "keyRef", "token": "tokenRef"}
REF_SOURCES = ("env", "file", "exec", "store")


def entry_ref(entry: Mapping[str, Any]) -> dict[str, str] | None:
    """The SecretRef an ``api_key``/``token`` entry carries instead of its secret, if any."""
    field = REF_FIELD.get(str(entry.get("type")))
    ref = entry.get(field) if field else None
    if (
        isinstance(ref, Mapping)
        and ref.get("source") in REF_SOURCES
        and all(isinstance(ref.get(k), str) and ref.get(k) for k in ("provider", "id"))
    ):
        return {"source": ref["source"], "provider": ref["provider"], "id": ref["id"]}
    return None


def is_usable_entry(entry: Mapping[str, Any], now_ms: float) -> bool:
    """OpenClaw's per-credential checks (order.ts): a value (or a SecretRef) present, a token
    not expired."""
    t = entry.get("type")
    if t == "api_key":
        return bool(str(entry.get("key") or "").strip()) or entry_ref(entry) is not None
    if t == "token":
        if not str(entry.get("token") or "").strip() and entry_ref(entry) is None:
            return False
        expires = entry.get("expires")
        return not (isinstance(expires, (int, float)) and 0 < expires <= now_ms)
    if t == "oauth":
        return bool(entry.get("access") or entry.get("refresh"))
    return False


def is_loaded(entry: Any) -> bool:
    """Whether OpenClaw keeps the entry at load (``coerceAuthStore``)."""
    return (
        isinstance(entry, Mapping)
        and entry.get("type") in CRED_TYPES
        and bool(entry.get("provider"))
    )


def id_provider(pid: str) -> str | None:
    head, sep, _ = pid.partition(":")
    return normalize_provider_id(head) if sep and head.strip() else None
