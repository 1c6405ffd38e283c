"""OpenClaw's candidate rules: which profiles an agent will really use for a provider.

``resolveAuthProfileOrder`` (src/agents/auth-profiles/order.ts, reference §4), in its strictest
JSON-era form (2026.1.30): a state that passes here works on every JSON-reading release.
"""


from collections.abc import Mapping
from typing import Any, NamedTuple

from wizard.core.profiles import entry_provider, is_loaded, is_usable_entry
from wizard.core.snapshot import Snapshot
from wizard.spec.registry import normalize_provider_id
from wizard.spec.releases import DRIFT_FALLBACK, STORE_ALIASES, Version, has

_TYPE_RANK = {"oauth": 0, "token": 1, "api_key": 2}


class Rules(NamedTuple):
    """Leniencies later JSON-era releases added (reference: openclaw-versions.md §1). The
    default is the strictest release: files that pass it work on every JSON-reading release."""

    aliases: bool = False  # 2026.2.26+: store ``mode``/``apiKey`` read as ``type``/``key``
    drift_fallback: bool = False  # 2026.2.21+: config ids all absent → the store's profiles


STRICT = Rules()


def rules_for(version: Version | None) -> Rules:
    """The rules of a known release; unknown releases get the strict ones."""
    return Rules(aliases=has(STORE_ALIASES, version), drift_fallback=has(DRIFT_FALLBACK, version))


def with_aliases(entry: Any) -> Any:
    """The entry as a 2026.2.26+ release reads it: ``mode`` as ``type``, ``apiKey`` as ``key``."""
    if not isinstance(entry, Mapping) or entry.get("type") in ("api_key", "token", "oauth"):
        return entry
    out = dict(entry)
    if out.get("mode") in ("api_key", "token", "oauth"):
        out["type"] = out["mode"]
    if out.get("type") == "api_key" and not out.get("key") and out.get("apiKey"):
        out["key"] = out["apiKey"]
    return out


class Resolution(NamedTuple):
    provider: str
    base: str  # where the base list came from: store-order | config-order | config | store
    listed: tuple[str, ...]  # the base list before filtering
    usable: tuple[str, ...]  # what survives, in the order OpenClaw tries them
    dropped: Mapping[str, str]  # id → why OpenClaw skips it


def _stats(store: Mapping[str, Any], pid: str) -> Mapping[str, Any]:
    stats = store.get("usageStats")
    entry = stats.get(pid) if isinstance(stats, Mapping) else None
    return entry if isinstance(entry, Mapping) else {}


def _cooling(stats: Mapping[str, Any], now_ms: float) -> bool:
    for name in ("cooldownUntil", "disabledUntil"):
        v = stats.get(name)
        if isinstance(v, (int, float)) and v > now_ms:
            return True
    return False


def resolve(
    snapshot: Snapshot, agent: str, provider: str, now_ms: float, rules: Rules = STRICT
) -> Resolution:
    provider = normalize_provider_id(provider)
    store_data = snapshot.stores[agent].data if agent in snapshot.stores else {}
    raw = snapshot.effective_profiles(agent)
    if rules.aliases:
        raw = {k: with_aliases(v) for k, v in raw.items()}
    profiles = {k: v for k, v in raw.items() if is_loaded(v)}
    cfg_profiles = snapshot.config_profiles()
    store_order = store_data.get("order")
    cfg_order = snapshot.config_order()

    def _ids(v: Any) -> list[str] | None:
        return [x for x in v if isinstance(x, str)] if isinstance(v, list) else None

    base_list: list[str] | None = None
    base = ""
    if isinstance(store_order, Mapping):
        base_list = _ids(_lookup(store_order, provider))
        base = "store-order"
    if base_list is None:
        base_list = _ids(_lookup(cfg_order, provider))
        base = "config-order"
    if base_list is None:
        listed = [
            pid for pid, e in cfg_profiles.items()
            if isinstance(e, Mapping) and isinstance(e.get("provider"), str)
            and normalize_provider_id(e["provider"]) == provider
        ]
        if listed:
            base_list, base = listed, "config"
    if base_list is None:
        base_list = [pid for pid, e in profiles.items() if entry_provider(e) == provider]
        base = "store"

    usable, dropped = _filter(base_list, profiles, cfg_profiles, provider, now_ms)
    if (
        rules.drift_fallback and not usable and base == "config"
        and not any(pid in profiles for pid in base_list)
    ):
        # The config names only ids the store lacks: later releases use the store instead.
        base_list = [pid for pid, e in profiles.items() if entry_provider(e) == provider]
        base = "store-drift"
        usable, more = _filter(base_list, profiles, cfg_profiles, provider, now_ms)
        dropped.update(more)

    if base in ("store-order", "config-order"):
        ordered = [p for p in usable if not _cooling(_stats(store_data, p), now_ms)]
        ordered += [p for p in usable if p not in ordered]
    else:
        def key(pid: str) -> tuple[int, int, float]:
            st = _stats(store_data, pid)
            last = st.get("lastUsed")
            return (
                1 if _cooling(st, now_ms) else 0,
                _TYPE_RANK.get(str(profiles[pid].get("type")), 9),
                float(last) if isinstance(last, (int, float)) else 0.0,
            )
        ordered = sorted(usable, key=key)
    return Resolution(provider, base, tuple(base_list), tuple(ordered), dropped)


def _filter(
    ids: list[str], profiles: Mapping[str, Any], cfg_profiles: Mapping[str, Any], provider: str,
    now_ms: float,
) -> tuple[list[str], dict[str, str]]:
    usable: list[str] = []
    dropped: dict[str, str] = {}
    for pid in ids:
        why = _drop_reason(pid, profiles.get(pid), cfg_profiles.get(pid), provider, now_ms)
        if why:
            dropped[pid] = why
        elif pid not in usable:
            usable.append(pid)
    return usable, dropped


def _lookup(mapping: Mapping[str, Any], provider: str) -> Any:
    for k, v in mapping.items():
        if normalize_provider_id(k) == provider:
            return v
    return None


def _drop_reason(
    pid: str, entry: Any, cfg: Any, provider: str, now_ms: float
) -> str | None:
    if entry is None:
        return "not in the agent's auth-profiles.json"
    if entry_provider(entry) != provider:
        return f"store provider is {entry.get('provider')!r}"
    if isinstance(cfg, Mapping):
        cp = cfg.get("provider")
        if isinstance(cp, str) and normalize_provider_id(cp) != provider:
            return f"config provider is {cp!r}"
        mode = cfg.get("mode")
        t = entry.get("type")
        if mode is not None and mode != t and not (mode == "oauth" and t == "token"):
            return f"config mode {mode!r} does not match store type {t!r}"
    if not is_usable_entry(entry, now_ms):
        if entry.get("type") == "token" and entry.get("token"):
            return "token expired"
        return "empty secret"
    return None


def providers_in(snapshot: Snapshot, agent: str) -> set[str]:
    out = {
        p for e in snapshot.effective_profiles(agent).values()
        if isinstance(e, Mapping) and (p := entry_provider(e))
    }
    for e in snapshot.config_profiles().values():
        if isinstance(e, Mapping) and isinstance(e.get("provider"), str):
            out.add(normalize_provider_id(e["provider"]))
    return out


def usable_map(snapshot: Snapshot, now_ms: float) -> dict[tuple[str, str], tuple[str, ...]]:
    """(agent, provider) → usable ids, for every known agent and provider."""
    out: dict[tuple[str, str], tuple[str, ...]] = {}
    for agent in snapshot.stores:
        for provider in sorted(providers_in(snapshot, agent)):
            out[(agent, provider)] = resolve(snapshot, agent, provider, now_ms).usable
    return out
