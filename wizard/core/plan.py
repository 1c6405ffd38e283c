"""From (current state, intent) to the exact new content of every file: DESIGN §3 lives here.

Pure: the snapshot comes in as data, the plan goes out as texts. Nothing here reads a file,
opens a socket or knows about Textual.
"""


import copy
import json
from collections.abc import Iterable, Mapping
from typing import Any, Literal, NamedTuple

from wizard.core import jsontext
from wizard.core.candidates import resolve, usable_map
from wizard.core.profiles import (
    CREDENTIAL_FIELDS,
    REF_FIELD,
    VALUE_FIELD,
    effective_type,
    entry_provider,
    is_loaded,
)
from wizard.core.snapshot import Snapshot, StoreSnapshot
from wizard.spec.registry import normalize_provider_id

WriteType = Literal["api_key", "token"]
CONFIG = "config"
# usageStats fields that describe failures; a rotated credential starts clean (DESIGN §8).
FAILURE_FIELDS = (
    "cooldownUntil", "disabledUntil", "disabledReason", "errorCount", "failureCounts",
    "lastFailureAt", "cooldownReason", "cooldownModel",
)


class Intent(NamedTuple):
    provider: str
    type: WriteType
    secret: str
    agents: tuple[str, ...]
    profile: str | None = None  # a full, already validated id; None = choose by rule 6
    email: str | None = None
    # Per agent, the SecretRef written instead of the secret (keychain or env storage).
    refs: Mapping[str, Mapping[str, str]] = {}
    # secrets.providers entries the refs need in openclaw.json, by alias.
    secret_providers: Mapping[str, Mapping[str, Any]] = {}
    expires: int | None = None  # epoch ms; written only when the user gave it

    def __repr__(self) -> str:  # never the secret
        return (f"Intent(provider={self.provider!r}, type={self.type!r}, agents={self.agents!r}, "
                f"profile={self.profile!r}, email={self.email!r}, refs={dict(self.refs)!r})")


class FileChange(NamedTuple):
    target: str  # "config" or "store:<agent id>"
    old_text: str | None
    new_text: str

    def __repr__(self) -> str:  # the text holds secrets
        old = "None" if self.old_text is None else f"<{len(self.old_text)} chars>"
        new = f"<{len(self.new_text)} chars>"
        return f"FileChange(target={self.target!r}, old_text={old}, new_text={new})"


class WritePlan(NamedTuple):
    profile_id: str
    rotated: bool  # the id already held a credential of this provider in a written store
    changes: tuple[FileChange, ...]
    after: Snapshot  # the state once written; holds the secret: not in repr
    notes: tuple[str, ...] = ()
    losses: tuple[str, ...] = ()  # agents that would lose their usable credential (rule 8)

    @property
    def nothing_to_do(self) -> bool:
        return not self.changes

    def __repr__(self) -> str:
        return (f"WritePlan(profile_id={self.profile_id!r}, rotated={self.rotated!r}, "
                f"changes={self.changes!r}, notes={self.notes!r}, losses={self.losses!r})")


def store_target(agent: str) -> str:
    return f"store:{agent}"


def state_target(agent: str) -> str:
    return f"state:{agent}"


def render_store(data: Mapping[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def render_config(
    old_text: str | None, config: Mapping[str, Any], old: Mapping[str, Any] | None = None
) -> str:
    """The config's text with its ``auth`` member (and ``secrets``, where it changed) replaced;
    the rest stays byte for byte."""
    auth = config.get("auth", {})
    secrets_changed = "secrets" in config and config.get("secrets") != (old or {}).get("secrets")
    if old_text is None:
        doc: dict[str, Any] = {"auth": auth}
        if "secrets" in config:
            doc["secrets"] = config["secrets"]
        return jsontext.new_document(doc)
    text = jsontext.set_root_member(jsontext.parse(old_text), "auth", auth)
    if secrets_changed:
        text = jsontext.set_root_member(jsontext.parse(text), "secrets", config["secrets"])
    return text


# ---------------------------------------------------------------- rule 6: which id


def _all_entries(snapshot: Snapshot) -> Iterable[tuple[str, str, Mapping[str, Any]]]:
    for agent, store in snapshot.stores.items():
        for pid, entry in store.profiles().items():
            if isinstance(entry, Mapping):
                yield agent, pid, entry


def _compatible(snapshot: Snapshot, pid: str, provider: str, wtype: str) -> bool:
    """An id can carry our credential if nothing else already means something else by it."""
    for _agent, other, entry in _all_entries(snapshot):
        if other == pid and (
            entry_provider(entry) not in (None, provider) or effective_type(entry) != wtype
        ):
            return False
    cfg = snapshot.config_profiles().get(pid)
    if isinstance(cfg, Mapping) and isinstance(cfg.get("provider"), str):
        if normalize_provider_id(cfg["provider"]) != provider:
            return False
    return True


def _taken(snapshot: Snapshot, pid: str) -> bool:
    return pid in snapshot.config_profiles() or any(p == pid for _, p, _ in _all_entries(snapshot))


def choose_profile_id(snapshot: Snapshot, provider: str, wtype: str, agents: Iterable[str]) -> str:
    provider = normalize_provider_id(provider)
    targets = list(dict.fromkeys([*agents, snapshot.default_agent]))
    existing: list[str] = []
    for agent in targets:
        if agent in snapshot.stores:
            for pid, entry in snapshot.stores[agent].profiles().items():
                if (
                    isinstance(entry, Mapping)
                    and entry_provider(entry) == provider
                    and effective_type(entry) == wtype
                    and pid not in existing
                ):
                    existing.append(pid)
    for pid, cfg in snapshot.config_profiles().items():
        if (
            isinstance(cfg, Mapping)
            and isinstance(cfg.get("provider"), str)
            and normalize_provider_id(cfg["provider"]) == provider
            and cfg.get("mode") == wtype
            and pid not in existing
        ):
            existing.append(pid)
    existing = [p for p in existing if _compatible(snapshot, p, provider, wtype)]
    if existing:
        preferred: list[str] = []
        for agent in targets:
            data = snapshot.stores[agent].data if agent in snapshot.stores else {}
            last_good = data.get("lastGood")
            if isinstance(last_good, Mapping) and isinstance(last_good.get(provider), str):
                preferred.append(last_good[provider])
        for agent in targets:
            data = snapshot.stores[agent].data if agent in snapshot.stores else {}
            order = data.get("order")
            if isinstance(order, Mapping) and isinstance(order.get(provider), list):
                preferred += [x for x in order[provider] if isinstance(x, str)]
        cfg_order = snapshot.config_order().get(provider)
        if isinstance(cfg_order, list):
            preferred += [x for x in cfg_order if isinstance(x, str)]
        for pid in preferred:
            if pid in existing:
                return pid
        return existing[0]
    for candidate in (f"{provider}:default", f"{provider}:{wtype}"):
        if not _taken(snapshot, candidate):
            return candidate
    n = 2
    while _taken(snapshot, f"{provider}:{wtype}-{n}"):
        n += 1
    return f"{provider}:{wtype}-{n}"


# ---------------------------------------------------------------- the plan


def _front(ids: list[Any], pid: str, keep: set[str]) -> list[Any]:
    """``pid`` first, then the others that still exist, each once."""
    out: list[Any] = [pid]
    for x in ids:
        if isinstance(x, str) and x != pid and x in keep and x not in out:
            out.append(x)
    return out


def _promote(order: Any, provider: str, pid: str, keep: set[str]) -> None:
    """In an ``order`` map (config, store or auth-state), put ``pid`` first in the provider's
    list and drop the ids that no longer exist (rule 4)."""
    if not isinstance(order, dict):
        return
    for key, ids in list(order.items()):
        if normalize_provider_id(key) == provider and isinstance(ids, list):
            order[key] = _front(ids, pid, keep)


def _new_entry(old: Any, intent: Intent, provider: str, agent: str) -> dict[str, Any]:
    extras = (
        {k: v for k, v in old.items() if k not in CREDENTIAL_FIELDS}
        if isinstance(old, Mapping)
        else {}
    )
    if intent.email and "email" not in extras:
        extras["email"] = intent.email
    ref = intent.refs.get(agent)
    value: dict[str, Any] = (
        {REF_FIELD[intent.type]: dict(ref)} if ref else {VALUE_FIELD[intent.type]: intent.secret}
    )
    if intent.expires is not None:
        extras["expires"] = intent.expires
    return {"type": intent.type, "provider": provider, **value, **extras}


def _add_secret_providers(config: dict[str, Any], wanted: Mapping[str, Mapping[str, Any]]) -> None:
    if not wanted:
        return
    secrets = config.get("secrets")
    if not isinstance(secrets, dict):
        secrets = config["secrets"] = {}
    providers = secrets.get("providers")
    if not isinstance(providers, dict):
        providers = secrets["providers"] = {}
    for alias, entry in wanted.items():
        providers[alias] = dict(entry)


def _fresh_runtime(data: dict[str, Any], pid: str, provider: str) -> None:
    """A (re)written credential starts clean: no failure or cooldown stats, and it is the
    provider's ``lastGood`` (DESIGN §8)."""
    stats = data.get("usageStats")
    if isinstance(stats, dict) and isinstance(stats.get(pid), dict):
        stats[pid] = {k: v for k, v in stats[pid].items() if k not in FAILURE_FIELDS}
    last_good = data.get("lastGood")
    if not isinstance(last_good, dict):
        last_good = data["lastGood"] = {}
    last_good[provider] = pid


def plan(snapshot: Snapshot, intent: Intent, now_ms: float) -> WritePlan:
    provider = normalize_provider_id(intent.provider)
    agents = list(dict.fromkeys(intent.agents or (snapshot.default_agent,)))
    missing = [a for a in agents if a not in snapshot.stores]
    if missing:
        raise ValueError(f"unknown agent(s): {', '.join(missing)}")
    pid = intent.profile or choose_profile_id(snapshot, provider, intent.type, agents)
    before = usable_map(snapshot, now_ms)
    notes: list[str] = []

    # -- stores of the agents we write (rules 2, 3, 4)
    stores: dict[str, StoreSnapshot] = dict(snapshot.stores)
    rotated = False
    for agent in agents:
        data = copy.deepcopy(snapshot.stores[agent].data)
        if not isinstance(data.get("profiles"), dict):
            data["profiles"] = {}
        data.setdefault("version", 1)
        profiles: dict[str, Any] = data["profiles"]
        old = profiles.get(pid)
        if isinstance(old, Mapping) and entry_provider(old) == provider:
            rotated = True
        profiles[pid] = _new_entry(old, intent, provider, agent)
        _fresh_runtime(data, pid, provider)
        old_state = snapshot.stores[agent].state_data
        state = None
        if isinstance(old_state, dict):
            state = copy.deepcopy(old_state)
            _fresh_runtime(state, pid, provider)
        stores[agent] = snapshot.stores[agent]._replace(data=data, state_data=state)

    # -- config (rules 1, 4, 5)
    config = copy.deepcopy(snapshot.config)
    auth = config.get("auth")
    if not isinstance(auth, dict):
        auth = config["auth"] = {}
    cfg_profiles = auth.get("profiles")
    if not isinstance(cfg_profiles, dict):
        cfg_profiles = auth["profiles"] = {}
    listed_before = any(
        isinstance(e, Mapping) and isinstance(e.get("provider"), str)
        and normalize_provider_id(e["provider"]) == provider
        for e in cfg_profiles.values()
    )
    old_cfg = cfg_profiles.get(pid)
    entry: dict[str, Any] = {"provider": provider, "mode": intent.type}
    email = (old_cfg.get("email") if isinstance(old_cfg, Mapping) else None) or intent.email
    if isinstance(email, str):
        entry["email"] = email
    cfg_profiles[pid] = entry
    _add_secret_providers(config, intent.secret_providers)
    if not listed_before:
        # Listing P hides every store-only profile of the provider (order.ts): list the ones
        # that were in use too, for every agent (rule 5, rule 8).
        for agent in snapshot.stores:
            for other in before.get((agent, provider), ()):
                if other in cfg_profiles:
                    continue
                ent = snapshot.effective_profiles(agent).get(other)
                if isinstance(ent, Mapping) and is_loaded(ent):
                    cfg_profiles[other] = {"provider": provider, "mode": ent["type"]}
    after = snapshot._replace(config=config, stores=stores)
    order = auth.get("order")
    _promote(order, provider, pid, set(cfg_profiles) | {p for _, p, _ in _all_entries(after)})

    for agent in agents:
        visible = set(after.effective_profiles(agent))
        state = stores[agent].state_data
        _promote(state.get("order") if isinstance(state, dict) else None, provider, pid, visible)
        data = stores[agent].data
        order = data.get("order")
        _promote(order, provider, pid, visible)
        # The credential the user just set up must be the one OpenClaw tries first.
        res = resolve(after, agent, provider, now_ms)
        if res.usable and res.usable[0] != pid:
            if not isinstance(order, dict):
                order = data["order"] = {}
            order[provider] = _front([*res.usable], pid, set(res.usable))
            notes.append(
                f"agent {agent}: set order.{provider} so that {pid} is tried before "
                f"{', '.join(x for x in res.usable if x != pid)}"
            )

    after_usable = usable_map(after, now_ms)
    losses: list[str] = []
    for (agent, prov), ids in before.items():
        if ids and not after_usable.get((agent, prov)):
            losses.append(f"agent {agent} would lose its usable {prov} credential")

    # A file whose content would not change is not rewritten (DESIGN §8): re-rendering an
    # unchanged value would lose its JSON5 formatting and comments for nothing.
    changes: list[FileChange] = []
    if config != snapshot.config or snapshot.config_text is None:
        new_config_text = render_config(snapshot.config_text, config, snapshot.config)
        if new_config_text != snapshot.config_text:
            changes.append(FileChange(CONFIG, snapshot.config_text, new_config_text))
    for agent in agents:
        old_store = snapshot.stores[agent]
        if old_store.text is not None and stores[agent].data == old_store.data:
            continue
        new_text = render_store(stores[agent].data)
        if new_text != snapshot.stores[agent].text:
            changes.append(FileChange(store_target(agent), snapshot.stores[agent].text, new_text))
    for agent in agents:
        old_store, state = snapshot.stores[agent], stores[agent].state_data
        if state is not None and state != old_store.state_data:
            changes.append(
                FileChange(state_target(agent), old_store.state_text, render_store(state))
            )
    return WritePlan(pid, rotated, tuple(changes), after, tuple(notes), tuple(losses))
