"""Pydantic models of OpenClaw's two auth files, as strict as OpenClaw itself.

``openclaw.json`` ``auth`` mirrors the zod schema (strict objects: unknown keys are errors).
``auth-profiles.json`` mirrors ``coerceAuthStore``: a discriminated union on ``type``; unknown
fields on entries are kept (OpenClaw keeps them across rewrites).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PositiveFloat, ValidationError

Mode = Literal["api_key", "oauth", "token"]


class _Strict(BaseModel):
    # Built on first use: most runs never validate a store entry.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class ConfigProfile(_Strict):
    provider: str
    mode: Mode
    email: str | None = None
    displayName: str | None = None


class Cooldowns(_Strict):
    billingBackoffHours: PositiveFloat | None = None
    billingBackoffHoursByProvider: dict[str, PositiveFloat] | None = None
    billingMaxHours: PositiveFloat | None = None
    failureWindowHours: PositiveFloat | None = None
    authPermanentBackoffMinutes: PositiveFloat | None = None
    authPermanentMaxMinutes: PositiveFloat | None = None
    overloadedProfileRotations: float | None = None
    overloadedBackoffMs: float | None = None
    rateLimitedProfileRotations: float | None = None


class ConfigAuth(_Strict):
    profiles: dict[str, ConfigProfile] | None = None
    order: dict[str, list[str]] | None = None
    cooldowns: Cooldowns | None = None


class _Credential(BaseModel):
    model_config = ConfigDict(extra="allow", defer_build=True)
    provider: str = Field(min_length=1)
    email: str | None = None


class ApiKeyCredential(_Credential):
    type: Literal["api_key"]
    key: str | None = None


class TokenCredential(_Credential):
    type: Literal["token"]
    token: str | None = None
    expires: float | None = None


class OAuthCredential(_Credential):
    type: Literal["oauth"]
    access: str | None = None
    refresh: str | None = None
    expires: float | None = None


Credential = Annotated[
    ApiKeyCredential | TokenCredential | OAuthCredential, Field(discriminator="type")
]


class UsageStats(BaseModel):
    model_config = ConfigDict(extra="allow", defer_build=True)
    lastUsed: float | None = None
    cooldownUntil: float | None = None
    disabledUntil: float | None = None
    disabledReason: str | None = None
    errorCount: int | None = None
    failureCounts: dict[str, int] | None = None
    lastFailureAt: float | None = None


class AuthStore(BaseModel):
    """A store as OpenClaw keeps it after loading: entries it would drop are not valid here."""

    model_config = ConfigDict(extra="allow", defer_build=True)
    version: int = 1
    profiles: dict[str, Credential]
    order: dict[str, list[str]] | None = None
    lastGood: dict[str, str] | None = None
    usageStats: dict[str, UsageStats] | None = None


def config_auth_errors(auth: Any) -> list[str]:
    """OpenClaw-style ``path: message`` lines for a config ``auth`` value; empty when valid."""
    if auth == {}:
        return []
    try:
        ConfigAuth.model_validate(auth)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            where = ".".join(str(p) for p in ("auth", *err["loc"]))
            lines.append(f"{where}: {err['msg']}")
        return lines
    return []


def credential_error(entry: Any) -> str | None:
    """Why OpenClaw would drop this store entry at load, or None when it keeps it."""
    if not isinstance(entry, dict):
        return "not an object"
    if entry.get("type") not in ("api_key", "token", "oauth"):
        if "mode" in entry:
            return "written with 'mode' instead of 'type'"
        return "no valid 'type' (api_key, token or oauth)"
    if not entry.get("provider"):
        return "no 'provider'"
    return None
