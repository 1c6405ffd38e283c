"""OpenClaw's two auth files as pydantic core schemas, as strict as OpenClaw itself.

``openclaw.json`` ``auth`` mirrors the zod schema (strict objects: unknown keys are errors).
``auth-profiles.json`` mirrors ``coerceAuthStore``: a union on ``type``; unknown fields on
entries are kept (OpenClaw keeps them across rewrites). Core schemas build in well under a
millisecond, so checking a config costs a run nothing it would notice (DESIGN §7).
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic_core import CoreSchema, SchemaValidator, ValidationError
from pydantic_core import core_schema as cs

MODES = ("api_key", "oauth", "token")


def _optional(schema: CoreSchema) -> cs.TypedDictField:
    return cs.typed_dict_field(cs.nullable_schema(schema), required=False)


def _object(extra: str, required: dict[str, CoreSchema] | None = None,
            **optional: CoreSchema) -> CoreSchema:
    fields = {name: cs.typed_dict_field(s) for name, s in (required or {}).items()}
    fields.update({name: _optional(s) for name, s in optional.items()})
    return cs.typed_dict_schema(fields, extra_behavior=extra)  # type: ignore[arg-type]


_STR = cs.str_schema()
_NUMBER = cs.float_schema()
_POSITIVE = cs.float_schema(gt=0)
_ORDER = cs.dict_schema(_STR, cs.list_schema(_STR))

CONFIG_AUTH = _object(
    "forbid",
    profiles=cs.dict_schema(_STR, _object(
        "forbid",
        {"provider": _STR, "mode": cs.literal_schema(list(MODES))},
        email=_STR, displayName=_STR,
    )),
    order=_ORDER,
    cooldowns=_object(
        "forbid",
        billingBackoffHours=_POSITIVE,
        billingBackoffHoursByProvider=cs.dict_schema(_STR, _POSITIVE),
        billingMaxHours=_POSITIVE,
        failureWindowHours=_POSITIVE,
        authPermanentBackoffMinutes=_POSITIVE,
        authPermanentMaxMinutes=_POSITIVE,
        overloadedProfileRotations=_NUMBER,
        overloadedBackoffMs=_NUMBER,
        rateLimitedProfileRotations=_NUMBER,
    ),
)


def _credential(kind: str, **secrets: CoreSchema) -> CoreSchema:
    return _object(
        "allow",
        {"type": cs.literal_schema([kind]), "provider": cs.str_schema(min_length=1)},
        email=_STR, **secrets,
    )


AUTH_STORE = cs.typed_dict_schema(
    {
        "version": cs.typed_dict_field(cs.int_schema(), required=False),
        "profiles": cs.typed_dict_field(cs.dict_schema(_STR, cs.tagged_union_schema(
            {
                "api_key": _credential("api_key", key=_STR),
                "token": _credential("token", token=_STR, expires=_NUMBER),
                "oauth": _credential("oauth", access=_STR, refresh=_STR, expires=_NUMBER),
            },
            discriminator="type",
        ))),
        "order": _optional(_ORDER),
        "lastGood": _optional(cs.dict_schema(_STR, _STR)),
        "usageStats": _optional(cs.dict_schema(_STR, _object(
            "allow",
            lastUsed=_NUMBER, cooldownUntil=_NUMBER, disabledUntil=_NUMBER,
            disabledReason=_STR, errorCount=cs.int_schema(),
            failureCounts=cs.dict_schema(_STR, cs.int_schema()), lastFailureAt=_NUMBER,
        ))),
    },
    extra_behavior="allow",
)


@functools.cache
def _validator(name: str) -> SchemaValidator:
    return SchemaValidator({"config_auth": CONFIG_AUTH, "auth_store": AUTH_STORE}[name])


def _errors(name: str, value: Any, prefix: tuple[str, ...]) -> list[str]:
    try:
        _validator(name).validate_python(value)
    except ValidationError as exc:
        return [f"{'.'.join(str(p) for p in (*prefix, *err['loc']))}: {err['msg']}"
                for err in exc.errors(include_url=False)]
    return []


def config_auth_errors(auth: Any) -> list[str]:
    """OpenClaw-style ``path: message`` lines for a config ``auth`` value; empty when valid."""
    if auth == {}:
        return []
    return _errors("config_auth", auth, ("auth",))


def store_errors(store: Any) -> list[str]:
    """``path: message`` lines for a parsed ``auth-profiles.json``; empty when OpenClaw keeps
    every entry as it is."""
    return _errors("auth_store", store, ())


def credential_error(entry: Any) -> str | None:
    """Why OpenClaw would drop this store entry at load, or None when it keeps it."""
    if not isinstance(entry, dict):
        return "not an object"
    if entry.get("type") not in MODES:
        if "mode" in entry:
            return "written with 'mode' instead of 'type'"
        return "no valid 'type' (api_key, token or oauth)"
    if not entry.get("provider"):
        return "no 'provider'"
    return None
