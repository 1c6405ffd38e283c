"""``plan_removal`` on in-memory states: auth-state.json, keychain references, what is left."""

from __future__ import annotations

import json
from typing import Any

import pytest

from wizard.core.fallbacks import EnvCredential
from wizard.core.plan import CONFIG, state_target, store_target
from wizard.core.removal import keychain_ref, plan_removal
from wizard.core.snapshot import Snapshot, StoreSnapshot

TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
KEY = "sk-ant-api03-" + "Z9y8X7w6" * 12
NOW = 1_790_000_000_000.0


def snap(store: dict[str, Any], state: dict[str, Any] | None = None,
         config: dict[str, Any] | None = None) -> Snapshot:
    st = StoreSnapshot(json.dumps(store), store, json.dumps(state) if state else None, state)
    cfg = config or {}
    return Snapshot(json.dumps(cfg), cfg, {"main": st})


def test_auth_state_entries_go_too() -> None:
    store = {"version": 1, "profiles": {
        "anthropic:a": {"type": "token", "provider": "anthropic", "token": TOKEN},
        "anthropic:b": {"type": "api_key", "provider": "anthropic", "key": KEY}}}
    state = {"order": {"anthropic": ["anthropic:a", "anthropic:b"]},
             "lastGood": {"anthropic": "anthropic:a"},
             "usageStats": {"anthropic:a": {"errorCount": 2}}}
    r = plan_removal(snap(store, state), "anthropic:a", ["main"], NOW)
    targets = [c.target for c in r.plan.changes]
    assert targets == [store_target("main"), state_target("main")]
    new_state = json.loads(r.plan.changes[1].new_text)
    assert new_state == {"order": {"anthropic": ["anthropic:b"]}, "usageStats": {}}
    (after,) = r.afterwards
    assert after.uses == "profile anthropic:b" and not after.lost


def test_keychain_reference_is_named_and_env_fallback_said() -> None:
    ref = {"source": "exec", "provider": "authwizard", "id": "main/anthropic:default"}
    store = {"version": 1, "profiles": {
        "anthropic:default": {"type": "token", "provider": "anthropic", "tokenRef": ref}}}
    config = {"auth": {"profiles": {"anthropic:default": {"provider": "anthropic",
                                                          "mode": "token"}}}}
    env = (EnvCredential("ANTHROPIC_API_KEY", "anthropic", "environment", "sk-…", "d", None,
                         True, True),)
    r = plan_removal(snap(store, config=config), "anthropic:default", ["main"], NOW, env)
    assert r.keychain == ("main/anthropic:default",)
    assert [c.target for c in r.plan.changes] == [CONFIG, store_target("main")]
    (after,) = r.afterwards
    assert after.lost and after.uses == "environment variable ANTHROPIC_API_KEY"
    assert keychain_ref({"type": "token", "tokenRef": {**ref, "provider": "other"}}) is None


def test_nothing_held_nothing_planned_and_unknown_agent_refused() -> None:
    r = plan_removal(snap({"version": 1, "profiles": {}}), "anthropic:x", ["main"], NOW)
    assert r.nothing_to_do and r.agents == () and r.afterwards == ()
    with pytest.raises(ValueError, match="unknown agent"):
        plan_removal(snap({"version": 1, "profiles": {}}), "anthropic:x", ["nobody"], NOW)
