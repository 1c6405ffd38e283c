"""Property tests of the plan: DESIGN §3 rules 1–8 on arbitrary valid starting states."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from typing import Any

import json5
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.core import jsontext
from wizard.core.candidates import resolve, usable_map
from wizard.core.plan import (
    CONFIG,
    FAILURE_FIELDS,
    Intent,
    WritePlan,
    plan,
    render_store,
    store_target,
)
from wizard.core.profiles import CREDENTIAL_FIELDS, VALUE_FIELD, secret_kind
from wizard.core.snapshot import Snapshot, StoreSnapshot

NOW = 1_800_000_000_000.0
PROVIDERS = ("anthropic", "openai", "openrouter")
NAMES = ("default", "work", "home", "token", "api_key", "backup", "team.1", "x_y-z")
AGENTS = ("main", "work", "ops")
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_ID = re.compile(r"[a-z0-9-]+:[a-z0-9._-]+")

# ---------------------------------------------------------------- secrets


def secret_for(provider: str, ctype: str, body: str) -> str:
    if provider == "anthropic":
        return {"token": "sk-ant-oat01-", "api_key": "sk-ant-api03-"}[ctype] + body
    if provider == "openai":
        return ("sk-proj-" if ctype == "api_key" else "oai-tok-") + body
    return ("sk-or-v1-" if ctype == "api_key" else "or-tok-") + body


bodies = st.text(ALNUM, min_size=80, max_size=96)


@st.composite
def credentials(draw: st.DrawFn, provider: str, ctype: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": ctype, "provider": provider}
    if ctype == "oauth":
        entry["access"] = draw(st.sampled_from(["", "acc-" + draw(bodies)]))
        entry["refresh"] = draw(st.sampled_from(["", "ref-" + draw(bodies)]))
        entry["expires"] = NOW + draw(st.sampled_from([-3_600_000, 3_600_000]))
    else:
        value = draw(st.sampled_from(["", secret_for(provider, ctype, draw(bodies))]))
        if draw(st.integers(0, 9)) == 0:
            value = ""  # an empty secret now and then (unusable, still valid)
        else:
            value = value or secret_for(provider, ctype, draw(bodies))
        entry[VALUE_FIELD[ctype]] = value
        if ctype == "token" and draw(st.booleans()):
            entry["expires"] = NOW + draw(st.sampled_from([-86_400_000, 86_400_000, 0]))
    if draw(st.booleans()):
        entry["email"] = draw(st.sampled_from(["me@example.com", "team@example.org"]))
    if draw(st.integers(0, 3)) == 0:
        entry["note"] = draw(st.sampled_from(["kept", {"nested": [1, 2]}, 7]))
    return entry


usage_stats = st.fixed_dictionaries(
    {},
    optional={
        "lastUsed": st.sampled_from([NOW - 5_000, NOW - 1, 1.0]),
        "cooldownUntil": st.sampled_from([NOW - 1_000, NOW + 60_000]),
        "disabledUntil": st.sampled_from([NOW - 1_000, NOW + 3_600_000]),
        "disabledReason": st.sampled_from(["billing", "auth"]),
        "errorCount": st.integers(0, 5),
        "failureCounts": st.dictionaries(
            st.sampled_from(["auth", "rate_limit", "billing"]), st.integers(1, 4), max_size=2
        ),
        "lastFailureAt": st.just(NOW - 10),
        "futureStat": st.just({"x": 1}),
    },
)


# ---------------------------------------------------------------- states


@dataclass(frozen=True)
class Case:
    snapshot: Snapshot
    pool: dict[str, tuple[str, str]]  # id → (provider, type), consistent across files


def _maybe_dangling(draw: st.DrawFn, ids: list[str], provider: str) -> list[str]:
    out = list(ids)
    if draw(st.integers(0, 3)) == 0:
        out.insert(draw(st.integers(0, len(out))), f"{provider}:ghost")
    return out


def _render_config(draw: st.DrawFn, config: dict[str, Any]) -> str:
    text = json.dumps(config, indent=2, ensure_ascii=False) + "\n"
    style = draw(st.sampled_from(["json", "json5", "compact"]))
    if style == "compact":
        return json.dumps(config, ensure_ascii=False)
    if style == "json5" and config:
        text = "// my OpenClaw config\n" + text.replace("{\n", "{\n  /* top */\n", 1)
        cut = text.rstrip().rfind("\n}")
        text = text[:cut] + ",\n  // trailing comment\n}\n"
    return text


@st.composite
def cases(draw: st.DrawFn) -> Case:
    # the ids that exist anywhere, each with one provider and one type
    pool: dict[str, tuple[str, str]] = {}
    for _ in range(draw(st.integers(0, 7))):
        provider = draw(st.sampled_from(PROVIDERS))
        ctype = draw(st.sampled_from(["api_key", "token", "oauth"]))
        name = (
            draw(st.sampled_from(["me@example.com", "default", "work"]))
            if ctype == "oauth"
            else draw(st.sampled_from(NAMES))
        )
        pool.setdefault(f"{provider}:{name}", (provider, ctype))
    pool_ids = sorted(pool)

    agents = ["main", *draw(st.lists(st.sampled_from(AGENTS[1:]), unique=True, max_size=2))]
    stores: dict[str, StoreSnapshot] = {}
    for agent in agents:
        if agent != "main" and draw(st.integers(0, 3)) == 0:
            stores[agent] = StoreSnapshot.missing()
            continue
        ids = draw(st.lists(st.sampled_from(pool_ids), unique=True)) if pool_ids else []
        data: dict[str, Any] = {"version": 1, "profiles": {}}
        for pid in ids:
            data["profiles"][pid] = draw(credentials(*pool[pid]))
        if draw(st.booleans()):
            order: dict[str, list[str]] = {}
            for provider in draw(st.lists(st.sampled_from(PROVIDERS), unique=True)):
                mine = [p for p in ids if pool[p][0] == provider]
                chosen = draw(st.permutations(mine)) if mine else []
                order[provider] = _maybe_dangling(draw, list(chosen), provider)
            data["order"] = order
        if draw(st.booleans()):
            last_good = {}
            for provider in draw(st.lists(st.sampled_from(PROVIDERS), unique=True)):
                mine = [p for p in ids if pool[p][0] == provider] or [f"{provider}:ghost"]
                last_good[provider] = draw(st.sampled_from(mine))
            data["lastGood"] = last_good
        if draw(st.booleans()) and ids:
            data["usageStats"] = {
                pid: draw(usage_stats)
                for pid in draw(st.lists(st.sampled_from(ids), unique=True, min_size=1))
            }
        if draw(st.integers(0, 3)) == 0:
            data["x-unknown"] = {"kept": True}
        text = (
            render_store(data)
            if draw(st.booleans())
            else json.dumps(data, separators=(",", ":"))
        )
        stores[agent] = StoreSnapshot(text, data)

    config: dict[str, Any] = {}
    default_agent = "main"
    has_config = draw(st.integers(0, 5)) > 0
    if has_config:
        others = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "gateway": st.just({"port": 18789, "auth": {"mode": "token",
                                                                "token": "${GW_TOKEN}"}}),
                    "models": st.just({"providers": {"p": {"baseUrl": "http://127.0.0.1:1",
                                                           "apiKey": "${P_KEY}"}}}),
                    "env": st.just({"vars": {"A": "$${LITERAL}"}}),
                    "$include": st.just("./more.json5"),
                    "meta": st.just({"lastTouchedVersion": "2026.1.30"}),
                },
            )
        )
        config.update(others)
        if len(agents) > 1 or draw(st.booleans()):
            entries: list[dict[str, Any]] = [{"id": a} for a in agents]
            if draw(st.booleans()):
                default_agent = draw(st.sampled_from(agents))
                entries[agents.index(default_agent)]["default"] = True
            config["agents"] = {"list": entries}
        if draw(st.integers(0, 4)) > 0:
            auth: dict[str, Any] = {}
            listed = draw(st.lists(st.sampled_from(pool_ids), unique=True)) if pool_ids else []
            if draw(st.booleans()) or listed:
                auth["profiles"] = {}
                for pid in listed:
                    provider, ctype = pool[pid]
                    entry: dict[str, Any] = {"provider": provider, "mode": ctype}
                    if draw(st.integers(0, 3)) == 0:
                        entry["email"] = "cfg@example.com"
                    auth["profiles"][pid] = entry
            if draw(st.booleans()):
                corder: dict[str, list[str]] = {}
                for provider in draw(st.lists(st.sampled_from(PROVIDERS), unique=True)):
                    mine = [p for p in pool_ids if pool[p][0] == provider]
                    chosen = draw(st.permutations(mine)) if mine else []
                    corder[provider] = _maybe_dangling(draw, list(chosen), provider)
                auth["order"] = corder
            if draw(st.booleans()):
                auth["cooldowns"] = {"billingBackoffHours": 5}
            keys = list(config)
            config["auth"] = auth
            if draw(st.booleans()) and keys:  # auth somewhere in the middle
                at = draw(st.integers(0, len(keys)))
                config = {
                    **{k: config[k] for k in keys[:at]},
                    "auth": auth,
                    **{k: config[k] for k in keys[at:]},
                }
    config_text = _render_config(draw, config) if has_config else None
    if config_text is not None:
        config = jsontext.parse(config_text).value
    main_agent = "main" if draw(st.integers(0, 4)) > 0 else None
    snap = Snapshot(config_text, config, stores, default_agent, main_agent)
    return Case(snap, pool)


@st.composite
def intents(draw: st.DrawFn, case: Case) -> Intent:
    provider = draw(st.sampled_from(PROVIDERS))
    wtype = draw(st.sampled_from(["token", "api_key"])) if provider == "anthropic" else "api_key"
    secret = secret_for(provider, wtype, draw(bodies))
    profile = None
    if draw(st.integers(0, 3)) == 0:
        same = [p for p, (pv, t) in case.pool.items() if pv == provider and t == wtype]
        fresh = [
            f"{provider}:{n}" for n in ("mine", "default", "new.one")
            if f"{provider}:{n}" not in case.pool
        ]
        profile = draw(st.sampled_from(sorted(same) + fresh))
    agents = draw(st.lists(st.sampled_from(sorted(case.snapshot.stores)), unique=True))
    email = draw(st.sampled_from([None, None, "new@example.com"]))
    return Intent(provider, wtype, secret, tuple(agents), profile, email)  # type: ignore[arg-type]


# ---------------------------------------------------------------- helpers


def reread(before: Snapshot, p: WritePlan) -> Snapshot:
    texts = {c.target: c.new_text for c in p.changes}
    config_text = texts.get(CONFIG, before.config_text)
    config = json5.loads(config_text) if config_text is not None else {}
    stores = {}
    for agent, old in before.stores.items():
        text = texts.get(store_target(agent), old.text)
        stores[agent] = old if text is None else StoreSnapshot(text, json.loads(text))
    return Snapshot(config_text, config, stores, before.default_agent, before.main_agent)


def _auth(config: dict[str, Any]) -> dict[str, Any]:
    auth = config.get("auth")
    return auth if isinstance(auth, dict) else {}


def _all_ids(s: Snapshot) -> set[str]:
    ids = set(s.config_profiles())
    for store in s.stores.values():
        ids |= set(store.profiles())
    return ids


def check_config_text(old: str | None, new: str) -> None:
    """Rule 7: outside the ``auth`` member, the config text is byte-identical."""
    if old is None:
        return
    old_doc, new_doc = jsontext.parse(old), jsontext.parse(new)
    om, nm = old_doc.member("auth"), new_doc.member("auth")
    assert nm is not None
    if om is not None:
        assert new[: nm.value_start] == old[: om.value_start]
        assert new[nm.value_end :] == old[om.value_end :]
    else:
        i = 0
        while i < min(len(old), len(new)) and old[i] == new[i]:
            i += 1
        if old_doc.root_members:
            assert new.endswith(old[i:])
        else:  # an empty root: only the inside of the braces may change
            assert new.endswith(old[old_doc.root_close :])


# ---------------------------------------------------------------- the properties


def check_plan(case: Case, intent: Intent) -> None:
    s = case.snapshot
    p = plan(s, intent, NOW)
    a = reread(s, p)
    provider = intent.provider
    pid = p.profile_id
    written = list(dict.fromkeys(intent.agents or (s.default_agent,)))
    changed = {c.target for c in p.changes}

    # the plan's own view agrees with the texts it would write
    assert a.config == p.after.config
    for agent in s.stores:
        assert a.stores[agent].data == p.after.stores[agent].data
        if agent not in written:
            assert store_target(agent) not in changed
            assert a.stores[agent].text == s.stores[agent].text
            assert a.stores[agent].data == s.stores[agent].data
    for c in p.changes:
        assert c.old_text == (
            s.config_text if c.target == CONFIG else s.stores[c.target[6:]].text
        )
        assert c.new_text.endswith("\n") or c.target == CONFIG

    # rule 6: the id
    assert _ID.fullmatch(pid), pid
    assert pid.startswith(provider + ":")
    if intent.profile is not None:
        assert pid == intent.profile
    else:
        # rotation: ids of this provider and type in the stores being written (or the
        # default agent's), or listed in the config with that mode
        same = {x for x, (pv, t) in case.pool.items() if pv == provider and t == intent.type}
        seen = set(s.config_profiles())
        for agent in {*written, s.default_agent}:
            if agent in s.stores:
                seen |= set(s.stores[agent].profiles())
        existing = same & seen
        if existing:
            assert pid in existing
            for agent in written:
                lg = s.stores[agent].data.get("lastGood", {}).get(provider)
                if lg in existing and agent in s.stores and lg in (
                    set(s.stores[agent].profiles()) | set(s.config_profiles())
                ):
                    assert pid == lg
                    break
        elif f"{provider}:default" not in _all_ids(s):
            assert pid == f"{provider}:default"
        elif f"{provider}:{intent.type}" not in _all_ids(s):
            assert pid == f"{provider}:{intent.type}"

    # rule 1: the config entry
    cfg_entry = a.config_profiles()[pid]
    assert cfg_entry["provider"] == provider
    assert cfg_entry["mode"] == intent.type
    assert set(cfg_entry) <= {"provider", "mode", "email"}

    for agent in written:
        data = a.stores[agent].data
        entry = data["profiles"][pid]
        # rule 2: the store entry
        assert entry["type"] == intent.type == cfg_entry["mode"]
        assert entry["provider"] == provider
        assert entry[VALUE_FIELD[intent.type]] == intent.secret
        for alias in ("mode", "apiKey", "accessToken", "refresh", "expires", "access"):
            assert alias not in entry
        old_entry = s.stores[agent].profiles().get(pid)
        if isinstance(old_entry, dict):
            for k, v in old_entry.items():
                if k not in CREDENTIAL_FIELDS:
                    assert entry[k] == v
        # rule 3
        assert secret_kind(entry[VALUE_FIELD[intent.type]]) in (None, intent.type)
        # rule 4 (and §8): order first, lastGood, no dangling ids
        assert data["lastGood"][provider] == pid
        store_order = data.get("order", {}).get(provider)
        if store_order is not None:
            assert store_order[0] == pid
            assert set(store_order) <= set(a.effective_profiles(agent))
            assert len(store_order) == len(set(store_order))
        # P is what OpenClaw will try first
        res = resolve(a, agent, provider, NOW)
        assert res.usable and res.usable[0] == pid, (agent, res)

    cfg_order = _auth(a.config).get("order", {}).get(provider)
    if cfg_order is not None:
        assert cfg_order[0] == pid
        assert set(cfg_order) <= _all_ids(a)

    # rules 5 and 8: nobody loses a usable credential; what was usable for the provider stays
    before, after = usable_map(s, NOW), usable_map(a, NOW)
    for (agent, prov), ids in before.items():
        if ids:
            assert after.get((agent, prov)), (agent, prov, ids)
        if prov == provider:
            assert set(ids) <= set(after[(agent, prov)]), (agent, ids, after[(agent, prov)])
    assert not p.losses

    # rule 7: everything else as it was
    if CONFIG in changed:
        check_config_text(s.config_text, next(c.new_text for c in p.changes
                                                if c.target == CONFIG))
    assert {k: v for k, v in a.config.items() if k != "auth"} == {
        k: v for k, v in s.config.items() if k != "auth"
    }
    old_auth, new_auth = _auth(s.config), _auth(a.config)
    assert {k: v for k, v in new_auth.items() if k not in ("profiles", "order")} == {
        k: v for k, v in old_auth.items() if k not in ("profiles", "order")
    }
    for other, value in (old_auth.get("profiles") or {}).items():
        if other != pid:
            assert new_auth["profiles"][other] == value
    for other, value in new_auth["profiles"].items():
        if other not in (old_auth.get("profiles") or {}):
            assert value["provider"] == provider  # only listings of the same provider added
    for prov, ids in (old_auth.get("order") or {}).items():
        if prov != provider:
            assert new_auth["order"][prov] == ids
    for agent in written:
        old = s.stores[agent].data
        new = a.stores[agent].data
        for k, v in old.items():
            if k not in ("profiles", "order", "lastGood", "usageStats"):
                assert new[k] == v
        for other, value in old.get("profiles", {}).items():
            if other != pid:
                assert new["profiles"][other] == value
        assert set(new["profiles"]) == set(old.get("profiles", {})) | {pid}
        for prov, ids in (old.get("order") or {}).items():
            if prov != provider:
                assert new["order"][prov] == ids
        for prov, lg in (old.get("lastGood") or {}).items():
            if prov != provider:
                assert new["lastGood"][prov] == lg
        for other, stats in (old.get("usageStats") or {}).items():
            if other != pid:
                assert new["usageStats"][other] == stats
            else:
                assert new["usageStats"][pid] == {
                    k: v for k, v in stats.items() if k not in FAILURE_FIELDS
                }

    # the same intent again: nothing left to do
    again = plan(a, intent, NOW)
    assert again.nothing_to_do, [c.target for c in again.changes]
    assert again.profile_id == pid


@st.composite
def case_and_intent(draw: st.DrawFn) -> tuple[Case, Intent]:
    case = draw(cases())
    return case, draw(intents(case))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case_and_intent())
def test_plan_keeps_every_rule(ci: tuple[Case, Intent]) -> None:
    case, intent = ci
    check_plan(case, intent)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case_and_intent())
def test_plan_is_pure(ci: tuple[Case, Intent]) -> None:
    case, intent = ci
    frozen = copy.deepcopy((case.snapshot.config, {a: s.data for a, s in
                                                   case.snapshot.stores.items()}))
    first = plan(case.snapshot, intent, NOW)
    assert (case.snapshot.config, {a: s.data for a, s in case.snapshot.stores.items()}) == frozen
    second = plan(case.snapshot, intent, NOW)
    assert [(c.target, c.new_text) for c in first.changes] == [
        (c.target, c.new_text) for c in second.changes
    ]


def test_generated_states_are_valid() -> None:
    """The generator only makes states OpenClaw loads without complaint."""
    from wizard.spec.schemas import config_auth_errors, store_errors

    @settings(max_examples=80, deadline=None)
    @given(cases())
    def inner(case: Case) -> None:
        assert not config_auth_errors(case.snapshot.config.get("auth", {}))
        for store in case.snapshot.stores.values():
            if store.text is not None:
                assert not store_errors(json.loads(store.text))

    inner()
