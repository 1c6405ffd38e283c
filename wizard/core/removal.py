"""From (current state, profile id, agents) to the new content of every file once the profile is
gone: its config entry, its store entries, and every order, lastGood and usage entry naming it.

Pure. Also says who is left without a credential for the provider, and what OpenClaw then uses
instead (the next profile, an environment variable, ``models.providers.<p>.apiKey`` or nothing).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from wizard.core.candidates import STRICT, Rules, resolve, usable_map
from wizard.core.fallbacks import EnvCredential, models_api_key
from wizard.core.plan import (
    CONFIG,
    FileChange,
    WritePlan,
    render_config,
    render_store,
    state_target,
    store_target,
)
from wizard.core.profiles import entry_provider
from wizard.core.snapshot import Snapshot, StoreSnapshot
from wizard.spec.registry import normalize_provider_id

KEYCHAIN_ALIAS = "authwizard"  # secrets.providers.<alias> of authwizard's keychain resolver


class Afterwards(NamedTuple):
    """What one agent uses for the provider once the profile is gone."""

    agent: str
    provider: str
    uses: str | None  # "profile X", "environment variable NAME", …; None: nothing
    lost: bool  # it had a usable credential for the provider before, and has none now

    def sentence(self) -> str:
        if self.uses is None:
            return (f"agent {self.agent} is left without any {self.provider} credential: "
                    "OpenClaw will fail with 'No API key found'")
        if self.lost:
            return (f"agent {self.agent} is left without a {self.provider} profile: OpenClaw "
                    f"will use {self.uses} instead")
        return f"agent {self.agent} will use {self.uses} for {self.provider}"


class Removal(NamedTuple):
    profile_id: str
    provider: str | None
    agents: tuple[str, ...]  # the stores it is removed from (those that held it)
    plan: WritePlan  # no changes: nothing to remove
    keychain: tuple[str, ...]  # keychain item ids (ref ids) its entries pointed at
    afterwards: tuple[Afterwards, ...]

    @property
    def nothing_to_do(self) -> bool:
        return not self.plan.changes

    @property
    def left_without(self) -> tuple[Afterwards, ...]:
        return tuple(a for a in self.afterwards if a.lost)


def keychain_ref(entry: Any) -> str | None:
    """The keychain item an entry points at (authwizard's exec SecretRef), if any."""
    if not isinstance(entry, Mapping):
        return None
    for field in ("keyRef", "tokenRef"):
        ref = entry.get(field)
        if (isinstance(ref, Mapping) and ref.get("source") == "exec"
                and ref.get("provider") == KEYCHAIN_ALIAS and isinstance(ref.get("id"), str)):
            return str(ref["id"])
    return None


def _provider_of(snap: Snapshot, pid: str, agents: Iterable[str]) -> str | None:
    for agent in agents:
        entry = snap.stores[agent].profiles().get(pid)
        if isinstance(entry, Mapping) and (p := entry_provider(entry)):
            return p
    cfg = snap.config_profiles().get(pid)
    if isinstance(cfg, Mapping) and isinstance(cfg.get("provider"), str):
        return normalize_provider_id(cfg["provider"])
    head, sep, _ = pid.partition(":")
    return normalize_provider_id(head) if sep and head else None


def _drop_from_orders(holder: dict[str, Any], pid: str) -> None:
    order = holder.get("order")
    if not isinstance(order, dict):
        return
    for key, ids in list(order.items()):
        if isinstance(ids, list) and pid in ids:
            kept = [x for x in ids if x != pid]
            if kept:
                order[key] = kept
            else:  # an empty list would leave OpenClaw nothing to try
                del order[key]
    if not order:
        del holder["order"]


def _drop_runtime(data: dict[str, Any], pid: str) -> None:
    """lastGood, usageStats and order entries naming ``pid`` (in a store or auth-state.json)."""
    _drop_from_orders(data, pid)
    last_good = data.get("lastGood")
    if isinstance(last_good, dict):
        for key in [k for k, v in last_good.items() if v == pid]:
            del last_good[key]
        if not last_good:
            del data["lastGood"]
    stats = data.get("usageStats")
    if isinstance(stats, dict):
        stats.pop(pid, None)


def _instead(snap: Snapshot, agent: str, provider: str, now_ms: float,
             env: Iterable[EnvCredential], rules: Rules) -> str | None:
    usable = resolve(snap, agent, provider, now_ms, rules).usable
    if usable:
        return f"profile {usable[0]}"
    for c in env:
        if c.provider == provider and c.in_use and not c.blank:
            return f"environment variable {c.name}"
    if models_api_key(snap.config, provider):
        return f"models.providers.{provider}.apiKey in openclaw.json"
    return None


def plan_removal(
    snap: Snapshot, pid: str, agents: Iterable[str], now_ms: float,
    env: Iterable[EnvCredential] = (), rules: Rules = STRICT,
) -> Removal:
    """Remove ``pid`` from the stores of ``agents`` (and the config entry once no store holds
    it). Raises ``ValueError`` for an agent the snapshot does not know."""
    chosen = list(dict.fromkeys(agents))
    unknown = [a for a in chosen if a not in snap.stores]
    if unknown:
        raise ValueError(f"unknown agent(s): {', '.join(unknown)}")
    env = tuple(env)
    provider = _provider_of(snap, pid, [*chosen, *snap.stores])
    holders = tuple(a for a in chosen if pid in snap.stores[a].profiles())
    keychain = tuple(dict.fromkeys(
        ref for a in holders if (ref := keychain_ref(snap.stores[a].profiles()[pid]))))

    stores: dict[str, StoreSnapshot] = dict(snap.stores)
    for agent in chosen:
        old = snap.stores[agent]
        data = copy.deepcopy(old.data)
        if isinstance(data.get("profiles"), dict):
            data["profiles"].pop(pid, None)
        _drop_runtime(data, pid)
        state = copy.deepcopy(old.state_data) if isinstance(old.state_data, dict) else None
        if state is not None:
            _drop_runtime(state, pid)
        stores[agent] = old._replace(data=data, state_data=state)

    config = copy.deepcopy(snap.config)
    still_held = any(pid in s.profiles() for s in stores.values())
    auth = config.get("auth")
    if not still_held and isinstance(auth, dict):
        profiles = auth.get("profiles")
        if isinstance(profiles, dict):
            profiles.pop(pid, None)
        _drop_from_orders(auth, pid)
    after = snap._replace(config=config, stores=stores)

    changes: list[FileChange] = []
    if config != snap.config:
        changes.append(FileChange(CONFIG, snap.config_text,
                                  render_config(snap.config_text, config, snap.config)))
    for agent in chosen:
        old, new = snap.stores[agent], stores[agent]
        if old.text is not None and new.data != old.data:
            changes.append(FileChange(store_target(agent), old.text, render_store(new.data)))
        if new.state_data is not None and new.state_data != old.state_data:
            changes.append(FileChange(state_target(agent), old.state_text,
                                      render_store(new.state_data)))

    before_map, after_map = usable_map(snap, now_ms), usable_map(after, now_ms)
    afterwards: list[Afterwards] = []
    if changes and provider is not None:
        for agent in snap.stores:
            had = before_map.get((agent, provider), ())
            if pid not in had:
                continue
            lost = not after_map.get((agent, provider))
            afterwards.append(Afterwards(
                agent, provider, _instead(after, agent, provider, now_ms, env, rules), lost))
    plan = WritePlan(pid, False, tuple(changes), after,
                     losses=tuple(a.sentence() for a in afterwards if a.lost))
    return Removal(pid, provider, holders, plan, keychain, tuple(afterwards))
