"""The one right repair of a profile entry, where there is one.

Pure helpers shared by the doctor's findings (which describe a repair) and its fixes (which
apply it), so that what ``doctor`` promises and what ``doctor --fix`` does cannot drift apart.
Every text built here names secrets only in their redacted form.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wizard.core.fallbacks import secret_digest
from wizard.core.profiles import CRED_TYPES, VALUE_FIELD, entry_ref, id_provider, secret_kind
from wizard.core.secrets import redact
from wizard.spec.registry import PROVIDERS, normalize_provider_id

DEPRECATED_IDS = frozenset({"anthropic:claude-cli", "openai-codex:codex-cli"})
CONFIG_KEYS = ("provider", "mode", "email", "displayName")
# Fields of a store entry the repair rewrites; every other field is kept as it is.
_REWRITTEN = frozenset(
    {"type", "mode", "provider", "key", "apiKey", "token", "accessToken", "access", "refresh",
     "refreshToken", "expires"}
)
_SECRET_FIELDS = ("key", "token", "apiKey", "accessToken")
CONFIG_SECRET_FIELDS = frozenset(
    {"key", "token", "apiKey", "access", "accessToken", "refresh", "refreshToken"}
)
_TYPE_SPELLINGS = {
    "api_key": "api_key", "api-key": "api_key", "apikey": "api_key", "apiKey": "api_key",
    "token": "token", "setup-token": "token", "setup_token": "token", "oauth": "oauth",
}  # fmt: skip
_KIND_WORDS = {"token": "a setup token", "api_key": "an API key", "oauth": "an OAuth login"}


def spelled_type(value: Any) -> str | None:
    return _TYPE_SPELLINGS.get(value) if isinstance(value, str) else None


def secret_provider(secret: str | None) -> str | None:
    """The provider a secret's own prefix names, where the prefix is specific enough
    (a bare ``sk-`` is shared by several providers and proves nothing)."""
    if not secret:
        return None
    best: tuple[int, str] | None = None
    for p in PROVIDERS.values():
        for prefix in (*p.key_prefixes, *p.token_prefixes, p.family_prefix):
            if len(prefix) > 3 and secret.startswith(prefix):
                if best is None or len(prefix) > best[0]:
                    best = (len(prefix), p.id)
    return best[1] if best else None


def describe_secret(secret: str) -> str:
    kind = secret_kind(secret)
    return f"{_KIND_WORDS[kind]} ({redact(secret)})" if kind else redact(secret)


def provider_side(cfg_provider: str, store_provider: str, secret: str | None) -> str | None:
    """Which file is right when they name different providers for one id: "config", "store"
    or None (no single right answer). Only the secret's own prefix may decide."""
    says = secret_provider(secret)
    if says == normalize_provider_id(cfg_provider):
        return "config"
    if says == normalize_provider_id(store_provider):
        return "store"
    return None


class Repair:
    """An entry as the repair leaves it; ``changes``/``blocked`` are keyed by finding code."""

    __slots__ = ("blocked", "changes", "value")

    def __init__(self, value: Any, changes: dict[str, list[str]] | None = None,
                 blocked: dict[str, str] | None = None) -> None:
        self.value = value
        self.changes = changes if changes is not None else {}
        self.blocked = blocked if blocked is not None else {}

    def change(self, code: str, text: str) -> None:
        self.changes.setdefault(code, []).append(text)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


def _str(v: Any) -> str | None:
    return v.strip() if isinstance(v, str) and v.strip() else None


def _raw(fields: Mapping[str, Any], *names: str) -> str | None:
    for name in names:
        v = fields.get(name)
        if isinstance(v, str) and v.strip():
            return v
    return None


def _one(options: Iterable[str | None]) -> str | None:
    found = {o for o in options if o}
    return found.pop() if len(found) == 1 else None


def repair_store_entry(pid: str, entry: Any, cfg: Any) -> Repair:
    """The canonical ``{type, provider, <value field>}`` form of a store entry: aliases renamed,
    ``type`` from the secret's prefix, a missing ``provider`` from the id, the config or the
    secret, the provider from the config where the secret proves the store wrong."""
    if isinstance(entry, str) and entry.strip():
        fields: dict[str, Any] = {"token": entry.strip()}
        loose = True
    elif isinstance(entry, Mapping):
        fields, loose = dict(entry), False
    else:
        return Repair(entry, blocked={"store-entry-dropped": "it is not an object"})
    if "keyRef" in fields or "tokenRef" in fields:
        return Repair(entry)  # a SecretRef entry (later releases): not ours to rewrite
    rep = Repair(entry)
    cfg_map = cfg if isinstance(cfg, Mapping) else {}
    declared = spelled_type(fields.get("type")) or (
        None if "type" in fields else spelled_type(fields.get("mode"))
    )
    secrets = {n: s for n in _SECRET_FIELDS if (s := _str(fields.get(n)))}
    access = _raw(fields, "access", "accessToken")
    refresh = _raw(fields, "refresh", "refreshToken")
    oauth_like = declared == "oauth" or (declared is None and bool(refresh))
    if len(set(secrets.values())) > 1 and not (oauth_like and access):
        return Repair(entry, blocked={
            "store-entry-dropped": f"it holds different secrets in {', '.join(sorted(secrets))}"
        })
    # the secret as written (whitespace included: changing it is not the doctor's business)
    secret = access if oauth_like and access else (
        fields[next(iter(secrets))] if secrets else None)
    kind = secret_kind(_str(secret))

    # -- type (an oauth entry with only a setup token under `token` is a token entry)
    if oauth_like and kind != "api_key" and not (
        kind == "token" and not access and not refresh and "token" in secrets
    ):
        new_type: str | None = "oauth"
    elif kind:
        new_type = kind
    elif declared:
        new_type = declared
    else:
        by_field = {"key": "api_key", "apiKey": "api_key", "token": "token", "accessToken": "token"}
        new_type = _one([*(by_field[n] for n in secrets), spelled_type(cfg_map.get("mode"))])
    if new_type is None:
        return Repair(entry, blocked={
            "store-entry-dropped": "nothing says whether it is an API key, a token or an OAuth "
            "login"
        })

    # -- provider
    store_prov = _str(fields.get("provider"))
    cfg_prov = _str(cfg_map.get("provider"))
    new_prov = store_prov
    if store_prov is None:
        new_prov = _one([id_provider(pid), cfg_prov and normalize_provider_id(cfg_prov),
                         secret_provider(_str(secret))])
        if new_prov is None:
            rep.blocked["store-entry-dropped"] = (
                "it has no provider, and the id, the config and the secret do not name exactly "
                "one"
            )
    elif cfg_prov and normalize_provider_id(cfg_prov) != normalize_provider_id(store_prov):
        if provider_side(cfg_prov, store_prov, _str(secret)) == "config":
            new_prov = cfg_prov
            rep.change("provider-mismatch", f"set provider to {cfg_prov!r} (the secret is "
                       f"{describe_secret(_str(secret) or '')})")

    # -- the canonical entry
    new: dict[str, Any] = {"type": new_type}
    if new_prov is not None:
        new["provider"] = new_prov
    if new_type == "oauth":
        if access:
            new["access"] = access
        if refresh:
            new["refresh"] = refresh
        if "expires" in fields:
            new["expires"] = fields["expires"]
    else:
        if secret:
            new[VALUE_FIELD[new_type]] = secret
        if new_type == "token" and "expires" in fields:
            new["expires"] = fields["expires"]
    new.update({k: v for k, v in fields.items() if k not in _REWRITTEN})
    if loose:
        rep.change("store-entry-dropped", f"turn the bare string into a {new_type} entry")
    elif new != dict(fields):
        _describe(rep, fields, new, kind)
    if new != dict(fields) or loose:
        rep = Repair(new, rep.changes, rep.blocked)
    if not secret and not (new_type == "oauth" and (access or refresh)):
        rep.blocked["store-entry-dropped"] = "it holds no secret"
    return rep


def usable_shape(old: Mapping[str, Any]) -> bool:
    """OpenClaw keeps the entry and finds its secret where its type says."""
    t = old.get("type")
    if t not in CRED_TYPES or not _str(old.get("provider")):
        return False
    if t == "oauth":
        return bool(_str(old.get("access")) or _str(old.get("refresh")))
    return bool(_str(old.get(VALUE_FIELD[str(t)]))) or entry_ref(old) is not None


def _describe(
    rep: Repair, old: Mapping[str, Any], new: Mapping[str, Any], kind: str | None
) -> None:
    code = "store-entry-alias" if usable_shape(old) else "store-entry-dropped"
    old_type, new_type = old.get("type"), str(new["type"])
    value_field = VALUE_FIELD[new_type]
    mode_renamed = "type" not in old and spelled_type(old.get("mode")) == new_type
    if old_type in CRED_TYPES and old_type != new_type:
        moved = next((f for f in ("key", "token", "apiKey", "accessToken") if f in old), None)
        where = f" and move the secret from `{moved}` to `{value_field}`" if moved and (
            moved != value_field) else ""
        rep.change("type-contradicts-secret", f"change type {old_type} → {new_type}{where}")
    elif old_type not in CRED_TYPES and not mode_renamed:
        how = " (from the secret's prefix)" if kind else ""
        was = old.get("type", old.get("mode"))
        rep.change(code, f"set type {new_type!r}{how}" + (f" (was {was!r})" if was else ""))
    elif old_type == new_type and new_type != "oauth":
        moved = next((f for f in ("key", "token") if f in old and f not in new), None)
        if moved:
            rep.change(code, f"move the secret from `{moved}` to `{value_field}`")
    for alias, canon in (("mode", "type"), ("apiKey", value_field),
                         ("accessToken", value_field), ("refreshToken", "refresh")):
        if alias not in old or (alias == "mode" and "type" not in old and not mode_renamed):
            continue
        if canon in old or (alias != "mode" and any(f in old for f in ("key", "token"))):
            rep.change(code, f"remove the alias `{alias}`")
        else:
            rep.change(code, f"rename `{alias}` to `{canon}`")
    if not _str(old.get("provider")) and "provider" in new:
        rep.change(code, f"add provider {new['provider']!r}")
    if "expires" in old and "expires" not in new:
        rep.change("type-contradicts-secret", "drop `expires` (an API key does not expire)")


def repair_config_entry(
    pid: str, cfg: Any, stored: Iterable[Mapping[str, Any]]
) -> Repair:
    """``{provider, mode[, email]}`` as OpenClaw's strict schema wants it, with ``mode`` in step
    with the store's (repaired) ``type``. ``stored``: the repaired store entries for the id."""
    if not isinstance(cfg, Mapping):
        return Repair(cfg, blocked={"config-schema": "it is not an object {provider, mode}"})
    entries = [e for e in stored if isinstance(e, Mapping)]
    types = {str(e["type"]) for e in entries if e.get("type") in CRED_TYPES}
    provs = {normalize_provider_id(p) for e in entries if (p := _str(e.get("provider")))}
    rep = Repair(cfg)
    new: dict[str, Any] = dict(cfg)

    prov = _str(new.get("provider")) if isinstance(new.get("provider"), str) else None
    if prov is None:
        guess = _one([id_provider(pid), *provs])
        if guess:
            new["provider"] = guess
            rep.change("config-schema", f"add provider {guess!r}")
        else:
            rep.blocked["config-schema"] = (
                "it has no provider, and the id and the store do not name exactly one")
    elif provs and normalize_provider_id(prov) not in provs:
        secrets: list[str | None] = [s for e in entries if (s := _entry_secret(e))]
        sides = {provider_side(prov, p, s) for p in provs for s in secrets or [None]}
        if sides == {"store"} and len(provs) == 1:
            new["provider"] = next(iter(provs))
            rep.change("provider-mismatch", f"set provider to {new['provider']!r} (the stored "
                       "secret belongs to it)")
        elif sides != {"config"}:
            rep.blocked["provider-mismatch"] = (
                "nothing proves which provider is right (the secret's prefix names neither)")

    mode = new.get("mode")
    if mode not in CRED_TYPES:
        guess = _one(types) if types else (spelled_type(new.get("type")) or spelled_type(mode))
        if guess:
            new["mode"] = guess
            rep.change("config-schema", f"set mode {guess!r}"
                       + (f" (was {mode!r})" if mode is not None else ""))
        else:
            rep.blocked["config-schema"] = (
                f"its mode {mode!r} is not api_key, oauth or token, and the store does not say "
                "which it is")
    elif types and mode not in types:
        if len(types) == 1:
            new["mode"] = next(iter(types))
            rep.change("mode-type-mismatch", f"set mode {mode!r} → {new['mode']!r}, the type "
                       "of the stored credential")
        else:
            rep.blocked["mode-type-mismatch"] = (
                f"the agents' stores disagree on its type ({', '.join(sorted(types))})")

    digests = {secret_digest(s) for e in entries if (s := _entry_secret(e))}
    for key in [k for k in new if k not in CONFIG_KEYS]:
        value = new[key]
        if key in CONFIG_SECRET_FIELDS and isinstance(value, str) and value.strip():
            if secret_digest(value) not in digests:
                rep.blocked["config-schema"] = (
                    f"it holds a secret in `{key}` that auth-profiles.json does not have; "
                    "OpenClaw never reads secrets from openclaw.json")
                continue
        del new[key]
        rep.change("config-schema", f"remove the key `{key}` OpenClaw's schema rejects")
    if "email" in new and not isinstance(new["email"], str):
        del new["email"]
        rep.change("config-schema", "remove the non-text `email`")
    if rep.changed:
        ordered = {k: new[k] for k in CONFIG_KEYS if k in new}
        rep = Repair({**ordered, **new}, rep.changes, rep.blocked)
    return rep


def config_secret(cfg: Any) -> tuple[str, str] | None:
    """A secret someone put into a config entry: (field, value)."""
    if isinstance(cfg, Mapping):
        for key in sorted(CONFIG_SECRET_FIELDS):
            v = _str(cfg.get(key))
            if v:
                return key, v
    return None


def _entry_secret(entry: Mapping[str, Any]) -> str | None:
    for name in ("key", "token", "access"):
        v = _str(entry.get(name))
        if v:
            return v
    return None
