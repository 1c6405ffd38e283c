"""DESIGN §3 rules 1–7, checked on the files on disk, independently of the product's own code.

Reusable by every test that writes a state::

    before = capture(state_dir)
    ...  # authwizard --replay / doctor --fix / the TUI writes
    assert_consistent(state_dir, "anthropic:default", ["main"], before=before)

``ranked=True`` (default, what the wizard guarantees for the profile it wrote): P is first in
every ``auth.order``/``order`` of its provider and every written store has
``lastGood[provider] == P``. ``ranked=False`` (``doctor --fix``, which must not reorder what
the user chose): P is in every such order, and ``lastGood``, if present, names an existing
profile of the provider. ``before`` (from :func:`capture`) enables rule 7: everything outside
P's provider is as it was, and the config's text outside ``auth`` is byte-identical.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import json5

from wizard.core import jsontext

MODES = ("api_key", "oauth", "token")
VALUE_FIELD = {"api_key": "key", "token": "token", "oauth": "access"}
ALIASES = ("mode", "apiKey", "accessToken")
_ID = re.compile(r"([a-z0-9._-]+):([a-z0-9._-]+)")


def capture(state_dir: Path) -> dict[str, bytes]:
    """Every file under the state dir, by relative path."""
    return {
        str(p.relative_to(state_dir)): p.read_bytes()
        for p in sorted(state_dir.rglob("*")) if p.is_file()
    }


def _norm(provider: Any) -> str:
    p = str(provider).strip().lower()
    return {"z.ai": "zai", "z-ai": "zai"}.get(p, p)


def _store_path(state_dir: Path, config: Mapping[str, Any], agent: str) -> Path:
    agents = config.get("agents")
    for entry in (agents.get("list") or []) if isinstance(agents, Mapping) else []:
        if isinstance(entry, Mapping) and entry.get("id") == agent and entry.get("agentDir"):
            return Path(str(entry["agentDir"])).expanduser() / "auth-profiles.json"
    return state_dir / "agents" / agent / "agent" / "auth-profiles.json"


def _orders(data: Mapping[str, Any], provider: str) -> list[list[Any]]:
    order = data.get("order")
    if not isinstance(order, Mapping):
        return []
    return [ids for k, ids in order.items() if _norm(k) == provider and isinstance(ids, list)]


def assert_consistent(
    state_dir: Path,
    profile_id: str,
    agents: Iterable[str] = ("main",),
    *,
    ranked: bool = True,
    before: Mapping[str, bytes] | None = None,
    config_path: Path | None = None,
) -> None:
    # rule 6: the id
    m = _ID.fullmatch(profile_id)
    assert m, f"rule 6: {profile_id!r} is not <provider>:<name> with name in [a-z0-9._-]+"
    provider = _norm(m.group(1))
    cpath = config_path or state_dir / "openclaw.json"
    config: dict[str, Any] = json5.loads(cpath.read_text("utf-8"))
    auth = config.get("auth") or {}
    cfg_profiles = auth.get("profiles") or {}

    # rule 1: the config entry
    entry = cfg_profiles.get(profile_id)
    assert isinstance(entry, dict), f"rule 1: openclaw.json has no auth.profiles[{profile_id!r}]"
    assert set(entry) <= {"provider", "mode", "email"}, f"rule 1: extra keys in {entry.keys()}"
    assert _norm(entry.get("provider")) == provider, f"rule 1: provider {entry.get('provider')!r}"
    assert entry.get("mode") in MODES, f"rule 1: mode {entry.get('mode')!r}"

    stores: dict[str, dict[str, Any]] = {}
    for agent in agents:
        spath = _store_path(state_dir, config, agent)
        data: dict[str, Any] = json.loads(spath.read_text("utf-8"))
        stores[agent] = data
        profiles = data.get("profiles") or {}
        cred = profiles.get(profile_id)
        where = f"agent {agent} {profile_id}"
        # rule 2: the store entry
        assert isinstance(cred, dict), f"rule 2: {where} missing from {spath}"
        assert not set(ALIASES) & set(cred), f"rule 2: {where} has alias keys {set(cred)}"
        assert cred.get("type") == entry["mode"], (
            f"rule 2: {where} type {cred.get('type')!r} != mode {entry['mode']!r}")
        assert _norm(cred.get("provider")) == provider, f"rule 2: {where} provider"
        value = cred.get(VALUE_FIELD[cred["type"]])
        assert isinstance(value, str) and value.strip(), f"rule 2: {where} has no value field"
        if cred["type"] == "oauth":
            assert isinstance(cred.get("refresh"), str), f"rule 2: {where} oauth without refresh"
            exp = cred.get("expires")
            assert isinstance(exp, (int, float)) and exp > 10**12, f"rule 2: {where} expires ms"
        # rule 3: the type matches the secret
        if value.startswith("sk-ant-oat01-"):
            assert cred["type"] in ("token", "oauth"), f"rule 3: {where} setup token as api_key"
            assert cred["type"] == "token" or cred.get("refresh"), f"rule 3: {where}"
        if value.startswith("sk-ant-api03-"):
            assert cred["type"] == "api_key", f"rule 3: {where} API key stored as {cred['type']}"
        # rule 4: orders and lastGood. A non-main agent also sees the main agent's profiles
        # (OpenClaw merges the main store under every other agent's store).
        ids_known = set(profiles)
        main_path = _store_path(state_dir, config, "main")
        if agent != "main" and main_path.exists():
            ids_known |= set(json.loads(main_path.read_text("utf-8")).get("profiles") or {})
        for ids in _orders(data, provider):
            assert profile_id in ids, f"rule 4: {where} not in the store's order {ids}"
            assert not ranked or ids[0] == profile_id, f"rule 4: {where} not first in {ids}"
            missing = [x for x in ids if x not in ids_known]
            assert not missing, f"rule 4: agent {agent} order names missing {missing}"
        last_good = data.get("lastGood") or {}
        lg = next((v for k, v in last_good.items() if _norm(k) == provider), None)
        if ranked:
            assert lg == profile_id, f"rule 4: agent {agent} lastGood.{provider} is {lg!r}"
        elif lg is not None:
            held = profiles.get(lg)
            assert isinstance(held, dict) and _norm(held.get("provider")) == provider, (
                f"rule 4: agent {agent} lastGood.{provider} names {lg!r}, not a profile")

    all_ids = set(cfg_profiles) | {p for d in stores.values() for p in d.get("profiles") or {}}
    for ids in _orders(auth, provider):
        assert profile_id in ids, f"rule 4: {profile_id} not in auth.order {ids}"
        assert not ranked or ids[0] == profile_id, f"rule 4: {profile_id} not first in {ids}"
        missing = [x for x in ids if x not in all_ids]
        assert not missing, f"rule 4: auth.order names missing {missing}"

    # rule 5: once the config lists the provider, it lists every profile kept for it
    listed = {p for p, e in cfg_profiles.items()
              if isinstance(e, dict) and _norm(e.get("provider")) == provider}
    if listed and not _orders(auth, provider):
        for agent, data in stores.items():
            if _orders(data, provider):
                continue
            for pid, cred in (data.get("profiles") or {}).items():
                if isinstance(cred, dict) and _norm(cred.get("provider")) == provider:
                    assert pid in listed, f"rule 5: agent {agent}'s {pid} is hidden by the config"

    if before is not None:
        _assert_preserved(state_dir, cpath, config, stores, provider, before, agents=stores)


def _assert_preserved(
    state_dir: Path, cpath: Path, config: dict[str, Any], stores: Mapping[str, dict[str, Any]],
    provider: str, before: Mapping[str, bytes], *, agents: Iterable[str],
) -> None:
    """Rule 7: what is not about P's provider is as it was."""
    rel = str(cpath.relative_to(state_dir)) if cpath.is_relative_to(state_dir) else None
    old_text = before[rel].decode("utf-8") if rel and rel in before else None
    if old_text is not None:
        new_text = cpath.read_text("utf-8")
        old_doc, new_doc = jsontext.parse(old_text), jsontext.parse(new_text)
        old_auth, new_auth = old_doc.member("auth"), new_doc.member("auth")
        if old_auth is not None and new_auth is not None:
            assert old_text[: old_auth.value_start] == new_text[: new_auth.value_start], (
                "rule 7: the config text before `auth` changed")
            assert old_text[old_auth.value_end:] == new_text[new_auth.value_end:], (
                "rule 7: the config text after `auth` changed")
        old_cfg: dict[str, Any] = old_doc.value
        for key in set(old_cfg) | set(config):
            if key != "auth":
                assert old_cfg.get(key) == config.get(key), f"rule 7: config {key!r} changed"
        _same_outside(old_cfg.get("auth") or {}, config.get("auth") or {}, provider, "config")
    for agent in agents:
        srel = str(_store_path(state_dir, config, agent).relative_to(state_dir))
        if srel in before:
            _same_outside(json.loads(before[srel]), stores[agent], provider, f"agent {agent}")


def _same_outside(old: Mapping[str, Any], new: Mapping[str, Any], provider: str, who: str) -> None:
    def of_provider(entry: Any) -> bool:
        return isinstance(entry, Mapping) and _norm(entry.get("provider")) == provider

    for key in set(old) | set(new):
        if key in ("profiles", "order", "lastGood", "usageStats"):
            continue
        assert old.get(key) == new.get(key), f"rule 7: {who} {key!r} changed"
    old_p, new_p = old.get("profiles") or {}, new.get("profiles") or {}
    others = {p for p, e in old_p.items() if not of_provider(e) and not p.startswith(
        provider + ":")}
    for pid in others:
        assert old_p.get(pid) == new_p.get(pid), f"rule 7: {who} profile {pid} changed"
    for section in ("order", "lastGood"):
        o, n = old.get(section) or {}, new.get(section) or {}
        for k in set(o) | set(n):
            if _norm(k) != provider:
                assert o.get(k) == n.get(k), f"rule 7: {who} {section}.{k} changed"
    o_stats, n_stats = old.get("usageStats") or {}, new.get("usageStats") or {}
    for pid in others:
        if pid in o_stats:
            assert o_stats.get(pid) == n_stats.get(pid), f"rule 7: {who} usageStats.{pid}"
