"""The pure plan: DESIGN §3 rules 1–8 on hand-written states (§8 decisions included)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import json5
import pytest

from wizard.core import jsontext
from wizard.core.candidates import resolve, usable_map
from wizard.core.plan import (
    CONFIG,
    Intent,
    WritePlan,
    plan,
    render_store,
    state_target,
    store_target,
)
from wizard.core.snapshot import Snapshot, StoreSnapshot

NOW = 1_800_000_000_000.0
TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
TOKEN2 = "sk-ant-oat01-" + "Q7r8S9t0" * 12
API_KEY = "sk-ant-api03-" + "Z9y8X7w6" * 12
OPENAI_KEY = "sk-proj-" + "K3l4M5n6" * 8
OR_KEY = "sk-or-v1-" + "0a1b2c3d" * 8


def make_snapshot(
    config: dict[str, Any] | None,
    stores: dict[str, dict[str, Any] | None],
    *,
    config_text: str | None = None,
    default_agent: str = "main",
    main_agent: str | None = "main",
) -> Snapshot:
    if config_text is None and config is not None:
        config_text = json.dumps(config, indent=2) + "\n"
    if config_text is not None and config is None:
        config = jsontext.parse(config_text).value
    snaps = {
        agent: StoreSnapshot.missing() if data is None else StoreSnapshot(render_store(data), data)
        for agent, data in stores.items()
    }
    return Snapshot(config_text, config or {}, snaps, default_agent, main_agent)


def reread(before: Snapshot, p: WritePlan) -> Snapshot:
    """The state as a fresh read of the new texts would give it."""
    texts = {c.target: c.new_text for c in p.changes}
    config_text = texts.get(CONFIG, before.config_text)
    config = jsontext.parse(config_text).value if config_text is not None else {}
    stores = {}
    for agent, old in before.stores.items():
        text = texts.get(store_target(agent), old.text)
        state_text = texts.get(state_target(agent), old.state_text)
        stores[agent] = StoreSnapshot(
            text,
            json.loads(text) if text is not None else old.data,
            state_text,
            json.loads(state_text) if state_text is not None else None,
        )
    return Snapshot(config_text, config, stores, before.default_agent, before.main_agent)


def new_config(p: WritePlan) -> dict[str, Any]:
    for c in p.changes:
        if c.target == CONFIG:
            value: dict[str, Any] = json5.loads(c.new_text)
            return value
    raise AssertionError("config not changed")


def new_store(p: WritePlan, agent: str = "main") -> dict[str, Any]:
    for c in p.changes:
        if c.target == store_target(agent):
            value: dict[str, Any] = json.loads(c.new_text)
            return value
    raise AssertionError(f"store of {agent} not changed")


def targets(p: WritePlan) -> set[str]:
    return {c.target for c in p.changes}


def first_usable(s: Snapshot, agent: str, provider: str) -> str | None:
    usable = resolve(s, agent, provider, NOW).usable
    return usable[0] if usable else None


def token_intent(*agents: str, profile: str | None = None, secret: str = TOKEN) -> Intent:
    return Intent("anthropic", "token", secret, agents or ("main",), profile)


# ---------------------------------------------------------------- first install


def test_first_install_into_empty_state() -> None:
    s = make_snapshot(None, {"main": None})
    p = plan(s, token_intent(), NOW)
    assert p.profile_id == "anthropic:default"
    assert not p.rotated
    assert targets(p) == {CONFIG, "store:main"}
    assert new_config(p) == {
        "auth": {"profiles": {"anthropic:default": {"provider": "anthropic", "mode": "token"}}}
    }
    assert new_store(p) == {
        "version": 1,
        "profiles": {
            "anthropic:default": {"type": "token", "provider": "anthropic", "token": TOKEN}
        },
        "lastGood": {"anthropic": "anthropic:default"},
    }
    for c in p.changes:
        assert c.old_text is None
        assert c.new_text.endswith("}\n")
        assert c.new_text == json.dumps(json.loads(c.new_text), indent=2) + "\n"
    assert first_usable(reread(s, p), "main", "anthropic") == "anthropic:default"
    assert reread(s, p).config == p.after.config


def test_first_install_api_key() -> None:
    s = make_snapshot({}, {"main": {"version": 1, "profiles": {}}})
    p = plan(s, Intent("anthropic", "api_key", API_KEY, ("main",)), NOW)
    assert p.profile_id == "anthropic:default"
    assert new_store(p)["profiles"]["anthropic:default"] == {
        "type": "api_key", "provider": "anthropic", "key": API_KEY,
    }
    assert new_config(p)["auth"]["profiles"]["anthropic:default"] == {
        "provider": "anthropic", "mode": "api_key",
    }
    # no aliases are ever written (rule 2)
    text = "".join(c.new_text for c in p.changes)
    for alias in ('"mode": "api_key", "key"', '"apiKey"', '"accessToken"'):
        assert alias not in text


def test_first_install_keeps_other_config_keys() -> None:
    text = "{\n  // mine\n  gateway: { port: 18789, },\n  env: { vars: { K: '${K}' } },\n}\n"
    s = make_snapshot(None, {"main": None}, config_text=text)
    p = plan(s, token_intent(), NOW)
    cfg = json5.loads(p.changes[0].new_text if p.changes[0].target == CONFIG else "")
    assert cfg["gateway"] == {"port": 18789}
    assert cfg["env"] == {"vars": {"K": "${K}"}}
    new_text = next(c.new_text for c in p.changes if c.target == CONFIG)
    assert new_text.startswith("{\n  // mine\n  gateway: { port: 18789, },\n  env: {")


def test_email_goes_to_both_files() -> None:
    s = make_snapshot(None, {"main": None})
    p = plan(s, Intent("anthropic", "token", TOKEN, ("main",), email="me@example.com"), NOW)
    assert new_config(p)["auth"]["profiles"]["anthropic:default"]["email"] == "me@example.com"
    assert new_store(p)["profiles"]["anthropic:default"]["email"] == "me@example.com"


# ---------------------------------------------------------------- rotation


def test_rotation_same_id_new_secret() -> None:
    store = {
        "version": 1,
        "profiles": {
            "anthropic:default": {
                "type": "token", "provider": "anthropic", "token": TOKEN,
                "expires": NOW - 1000, "email": "me@example.com", "note": "kept",
            },
            "openai:default": {"type": "api_key", "provider": "openai", "key": OPENAI_KEY},
        },
        "lastGood": {"anthropic": "anthropic:default", "openai": "openai:default"},
        "usageStats": {
            "anthropic:default": {
                "lastUsed": NOW - 5000, "cooldownUntil": NOW + 60_000, "errorCount": 3,
                "failureCounts": {"auth": 3}, "lastFailureAt": NOW - 10,
                "disabledUntil": NOW + 3_600_000, "disabledReason": "billing",
            },
            "openai:default": {"lastUsed": NOW - 1, "errorCount": 1},
        },
        "futureField": {"x": 1},
    }
    config = {
        "auth": {
            "profiles": {
                "anthropic:default": {"provider": "anthropic", "mode": "token"},
                "openai:default": {"provider": "openai", "mode": "api_key"},
            }
        }
    }
    s = make_snapshot(config, {"main": store})
    assert first_usable(s, "main", "anthropic") is None  # expired
    p = plan(s, token_intent(secret=TOKEN2), NOW)
    assert p.profile_id == "anthropic:default"
    assert p.rotated
    assert targets(p) == {"store:main"}  # the config already says exactly this
    out = new_store(p)
    assert out["profiles"]["anthropic:default"] == {
        "type": "token", "provider": "anthropic", "token": TOKEN2,
        "email": "me@example.com", "note": "kept",
    }
    assert out["usageStats"]["anthropic:default"] == {"lastUsed": NOW - 5000}
    assert out["usageStats"]["openai:default"] == {"lastUsed": NOW - 1, "errorCount": 1}
    assert out["profiles"]["openai:default"] == store["profiles"]["openai:default"]  # type: ignore[index]
    assert out["futureField"] == {"x": 1}
    assert out["lastGood"] == {"anthropic": "anthropic:default", "openai": "openai:default"}
    assert first_usable(reread(s, p), "main", "anthropic") == "anthropic:default"


def test_rotation_fixes_a_token_stored_as_api_key() -> None:
    # a setup token stored as type api_key (and the config saying api_key): rule 3
    store = {
        "version": 1,
        "profiles": {"anthropic:default": {"type": "api_key", "provider": "anthropic",
                                           "key": TOKEN}},
    }
    config = {"auth": {"profiles": {"anthropic:default": {"provider": "anthropic",
                                                          "mode": "api_key"}}}}
    s = make_snapshot(config, {"main": store})
    p = plan(s, token_intent(secret=TOKEN2), NOW)
    assert p.profile_id == "anthropic:default"
    assert new_store(p)["profiles"]["anthropic:default"] == {
        "type": "token", "provider": "anthropic", "token": TOKEN2,
    }
    assert new_config(p)["auth"]["profiles"]["anthropic:default"]["mode"] == "token"


def test_rotation_keeps_config_email_and_drops_unknown_config_fields() -> None:
    config = {"auth": {"profiles": {"anthropic:default": {
        "provider": "anthropic", "mode": "token", "email": "a@b.c", "displayName": "Mine"}}}}
    store = {"version": 1, "profiles": {"anthropic:default": {
        "type": "token", "provider": "anthropic", "token": TOKEN}}}
    s = make_snapshot(config, {"main": store})
    p = plan(s, token_intent(secret=TOKEN2), NOW)
    assert new_config(p)["auth"]["profiles"]["anthropic:default"] == {
        "provider": "anthropic", "mode": "token", "email": "a@b.c",
    }


# ---------------------------------------------------------------- more providers, agents


def test_second_provider_beside_the_first() -> None:
    s0 = make_snapshot(None, {"main": None})
    p1 = plan(s0, token_intent(), NOW)
    s1 = reread(s0, p1)
    p2 = plan(s1, Intent("openai", "api_key", OPENAI_KEY, ("main",)), NOW)
    assert p2.profile_id == "openai:default"
    cfg = new_config(p2)
    assert cfg["auth"]["profiles"] == {
        "anthropic:default": {"provider": "anthropic", "mode": "token"},
        "openai:default": {"provider": "openai", "mode": "api_key"},
    }
    out = new_store(p2)
    assert out["profiles"]["anthropic:default"]["token"] == TOKEN
    assert out["profiles"]["openai:default"] == {
        "type": "api_key", "provider": "openai", "key": OPENAI_KEY,
    }
    assert out["lastGood"] == {"anthropic": "anthropic:default", "openai": "openai:default"}
    s2 = reread(s1, p2)
    assert first_usable(s2, "main", "anthropic") == "anthropic:default"
    assert first_usable(s2, "main", "openai") == "openai:default"
    # a third one
    p3 = plan(s2, Intent("openrouter", "api_key", OR_KEY, ("main",)), NOW)
    assert p3.profile_id == "openrouter:default"
    assert first_usable(reread(s2, p3), "main", "openrouter") == "openrouter:default"


def test_several_agents() -> None:
    config = {"agents": {"list": [{"id": "main", "default": True}, {"id": "work"},
                                  {"id": "other"}]}}
    s = make_snapshot(config, {"main": None, "work": {"version": 1, "profiles": {}},
                               "other": None})
    p = plan(s, token_intent("main", "work"), NOW)
    assert targets(p) == {CONFIG, "store:main", "store:work"}
    for agent in ("main", "work"):
        assert new_store(p, agent)["profiles"]["anthropic:default"]["token"] == TOKEN
        assert new_store(p, agent)["lastGood"] == {"anthropic": "anthropic:default"}
    after = reread(s, p)
    for agent in ("main", "work", "other"):  # other inherits main's store
        assert first_usable(after, agent, "anthropic") == "anthropic:default"
    assert after.stores["other"].text is None


def test_default_agent_when_no_agents_given() -> None:
    config = {"agents": {"list": [{"id": "main"}, {"id": "work", "default": True}]}}
    s = make_snapshot(config, {"work": None, "main": None}, default_agent="work")
    p = plan(s, Intent("anthropic", "token", TOKEN, ()), NOW)
    assert targets(p) == {CONFIG, "store:work"}


def test_unknown_agent_is_refused() -> None:
    s = make_snapshot(None, {"main": None})
    with pytest.raises(ValueError, match="nobody"):
        plan(s, token_intent("nobody"), NOW)


# ---------------------------------------------------------------- the #2697 state


def test_issue_2697_seed_state() -> None:
    config = {
        "auth": {"profiles": {"anthropic:anthropic_api": {"provider": "anthropic",
                                                          "mode": "token"}}},
        "gateway": {"port": 18789},
    }
    store = {
        "version": 1,
        "profiles": {
            "anthropic:claude-cli": {
                "type": "oauth", "provider": "anthropic", "access": "sk-ant-oat01-old",
                "refresh": "sk-ant-ort01-old", "expires": NOW - 1,
            }
        },
    }
    s = make_snapshot(config, {"main": store})
    assert first_usable(s, "main", "anthropic") is None  # "No API key found"
    p = plan(s, token_intent(), NOW)
    assert p.profile_id == "anthropic:anthropic_api"
    out = new_store(p)
    assert out["profiles"]["anthropic:anthropic_api"] == {
        "type": "token", "provider": "anthropic", "token": TOKEN,
    }
    assert out["profiles"]["anthropic:claude-cli"] == store["profiles"]["anthropic:claude-cli"]  # type: ignore[index]
    assert targets(p) == {"store:main"}  # the config already names it, with the right mode
    assert first_usable(reread(s, p), "main", "anthropic") == "anthropic:anthropic_api"


# ---------------------------------------------------------------- rule 4: order, lastGood


def test_order_promotion_and_dangling_ids_removed() -> None:
    config = {
        "auth": {
            "profiles": {
                "anthropic:default": {"provider": "anthropic", "mode": "token"},
                "anthropic:backup": {"provider": "anthropic", "mode": "api_key"},
            },
            "order": {
                "anthropic": ["anthropic:backup", "anthropic:ghost", "anthropic:default"],
                "openai": ["openai:ghost"],
            },
        }
    }
    store = {
        "version": 1,
        "profiles": {
            "anthropic:default": {"type": "token", "provider": "anthropic", "token": TOKEN},
            "anthropic:backup": {"type": "api_key", "provider": "anthropic", "key": API_KEY},
        },
        "order": {
            "anthropic": ["anthropic:gone", "anthropic:backup", "anthropic:default",
                          "anthropic:backup"],
            "openai": ["openai:gone"],
        },
        "lastGood": {"anthropic": "anthropic:backup"},
    }
    s = make_snapshot(config, {"main": store})
    p = plan(s, token_intent(secret=TOKEN2), NOW)
    assert p.profile_id == "anthropic:default"
    cfg = new_config(p)["auth"]
    assert cfg["order"] == {
        "anthropic": ["anthropic:default", "anthropic:backup"],
        "openai": ["openai:ghost"],  # other providers untouched
    }
    out = new_store(p)
    assert out["order"] == {
        "anthropic": ["anthropic:default", "anthropic:backup"],
        "openai": ["openai:gone"],
    }
    assert out["lastGood"] == {"anthropic": "anthropic:default"}
    assert resolve(reread(s, p), "main", "anthropic", NOW).usable == (
        "anthropic:default", "anthropic:backup",
    )


def test_no_order_is_created_when_p_is_already_first() -> None:
    s = make_snapshot(None, {"main": None})
    p = plan(s, token_intent(), NOW)
    assert "order" not in new_store(p)
    assert "order" not in new_config(p)["auth"]


def test_store_order_created_when_p_would_not_be_tried_first() -> None:
    # no explicit order: OpenClaw sorts oauth before token, so a new token would come second
    store = {"version": 1, "profiles": {"anthropic:me@x.io": {
        "type": "oauth", "provider": "anthropic", "access": "acc", "refresh": "ref",
        "expires": NOW + 3_600_000}}}
    s = make_snapshot(None, {"main": store})
    p = plan(s, token_intent(), NOW)
    assert p.profile_id == "anthropic:default"
    assert new_store(p)["order"] == {"anthropic": ["anthropic:default", "anthropic:me@x.io"]}
    after = reread(s, p)
    assert resolve(after, "main", "anthropic", NOW).usable == (
        "anthropic:default", "anthropic:me@x.io",
    )
    assert p.notes


def test_last_good_created_in_every_written_store() -> None:
    store = {"version": 1, "profiles": {}, "lastGood": {"openai": "openai:default"}}
    s = make_snapshot(None, {"main": store, "work": None})
    p = plan(s, token_intent("main", "work"), NOW)
    assert new_store(p, "main")["lastGood"] == {"openai": "openai:default",
                                                "anthropic": "anthropic:default"}
    assert new_store(p, "work")["lastGood"] == {"anthropic": "anthropic:default"}


# ---------------------------------------------------------------- rule 6: ids


def _entry(t: str, secret: str) -> dict[str, Any]:
    field = {"api_key": "key", "token": "token"}[t]
    return {"type": t, "provider": "anthropic", field: secret}


def test_id_default_when_free() -> None:
    s = make_snapshot(None, {"main": {"version": 1, "profiles": {
        "openai:default": {"type": "api_key", "provider": "openai", "key": OPENAI_KEY}}}})
    assert plan(s, token_intent(), NOW).profile_id == "anthropic:default"


def test_id_falls_back_to_provider_type() -> None:
    s = make_snapshot(None, {"main": {"version": 1, "profiles": {
        "anthropic:default": _entry("api_key", API_KEY)}}})
    p = plan(s, token_intent(), NOW)
    assert p.profile_id == "anthropic:token"
    out = new_store(p)
    assert out["profiles"]["anthropic:default"] == _entry("api_key", API_KEY)
    s2 = make_snapshot(None, {"main": {"version": 1, "profiles": {
        "anthropic:default": _entry("token", TOKEN)}}})
    assert plan(s2, Intent("anthropic", "api_key", API_KEY, ("main",)), NOW).profile_id == (
        "anthropic:api_key"
    )


def test_id_default_taken_in_config_only() -> None:
    config = {"auth": {"profiles": {"anthropic:default": {"provider": "anthropic",
                                                          "mode": "api_key"}}}}
    s = make_snapshot(config, {"main": None})
    assert plan(s, token_intent(), NOW).profile_id == "anthropic:token"


def test_id_default_and_fallback_both_taken() -> None:
    s = make_snapshot(None, {"main": {"version": 1, "profiles": {
        "anthropic:default": _entry("api_key", API_KEY),
        "anthropic:token": {"type": "token", "provider": "openrouter", "token": "x"},
    }}})
    p = plan(s, token_intent(), NOW)
    assert p.profile_id not in ("anthropic:default", "anthropic:token")
    assert p.profile_id.startswith("anthropic:")


def test_id_reuse_prefers_last_good() -> None:
    store = {
        "version": 1,
        "profiles": {"anthropic:work": _entry("token", TOKEN),
                     "anthropic:home": _entry("token", TOKEN),
                     "anthropic:default": _entry("api_key", API_KEY)},
        "order": {"anthropic": ["anthropic:work", "anthropic:home"]},
        "lastGood": {"anthropic": "anthropic:home"},
    }
    config = {"auth": {"order": {"anthropic": ["anthropic:work"]}}}
    s = make_snapshot(config, {"main": store})
    assert plan(s, token_intent(secret=TOKEN2), NOW).profile_id == "anthropic:home"


def test_id_reuse_then_store_order() -> None:
    store = {
        "version": 1,
        "profiles": {"anthropic:work": _entry("token", TOKEN),
                     "anthropic:home": _entry("token", TOKEN)},
        "order": {"anthropic": ["anthropic:home", "anthropic:work"]},
        "lastGood": {"anthropic": "anthropic:gone"},
    }
    config = {"auth": {"order": {"anthropic": ["anthropic:work"]}}}
    s = make_snapshot(config, {"main": store})
    assert plan(s, token_intent(secret=TOKEN2), NOW).profile_id == "anthropic:home"


def test_id_reuse_then_config_order() -> None:
    store = {
        "version": 1,
        "profiles": {"anthropic:work": _entry("token", TOKEN),
                     "anthropic:home": _entry("token", TOKEN)},
    }
    config = {"auth": {"order": {"anthropic": ["anthropic:home", "anthropic:work"]}}}
    s = make_snapshot(config, {"main": store})
    assert plan(s, token_intent(secret=TOKEN2), NOW).profile_id == "anthropic:home"


def test_id_reuse_only_same_type() -> None:
    store = {"version": 1, "profiles": {"anthropic:mykey": _entry("api_key", API_KEY),
                                        "anthropic:mytoken": _entry("token", TOKEN)},
             "lastGood": {"anthropic": "anthropic:mykey"}}
    s = make_snapshot(None, {"main": store})
    assert plan(s, token_intent(secret=TOKEN2), NOW).profile_id == "anthropic:mytoken"
    p = plan(s, Intent("anthropic", "api_key", API_KEY, ("main",)), NOW)
    assert p.profile_id == "anthropic:mykey"


def test_id_reuse_of_a_config_listed_id_of_same_mode() -> None:
    config = {"auth": {"profiles": {"anthropic:team": {"provider": "anthropic",
                                                       "mode": "token"}}}}
    s = make_snapshot(config, {"main": None})
    assert plan(s, token_intent(), NOW).profile_id == "anthropic:team"


def test_explicit_profile_is_used() -> None:
    s = make_snapshot(None, {"main": None})
    p = plan(s, token_intent(profile="anthropic:personal"), NOW)
    assert p.profile_id == "anthropic:personal"
    assert set(new_store(p)["profiles"]) == {"anthropic:personal"}
    assert set(new_config(p)["auth"]["profiles"]) == {"anthropic:personal"}


# ---------------------------------------------------------------- rules 5 and 8


def test_store_only_profile_of_another_agent_is_not_hidden() -> None:
    config = {"agents": {"list": [{"id": "main"}, {"id": "work"}]}}
    work_store = {"version": 1, "profiles": {"anthropic:work": _entry("api_key", API_KEY)}}
    s = make_snapshot(config, {"main": None, "work": work_store})
    assert first_usable(s, "work", "anthropic") == "anthropic:work"
    p = plan(s, token_intent("main"), NOW)
    assert "store:work" not in targets(p)
    after = reread(s, p)
    assert first_usable(after, "main", "anthropic") == p.profile_id
    # work merges main's store in memory, so it sees both; its own one is not hidden
    assert "anthropic:work" in resolve(after, "work", "anthropic", NOW).usable
    assert new_config(p)["auth"]["profiles"]["anthropic:work"] == {
        "provider": "anthropic", "mode": "api_key",
    }


def test_store_only_profile_of_a_non_inheriting_agent_is_not_hidden() -> None:
    # work has its own agentDir outside the main one and does not inherit (main_agent None)
    work_store = {"version": 1, "profiles": {"anthropic:work": _entry("api_key", API_KEY)}}
    s = make_snapshot(None, {"main": None, "work": work_store}, main_agent=None)
    p = plan(s, token_intent("main"), NOW)
    after = reread(s, p)
    assert first_usable(after, "work", "anthropic") == "anthropic:work"
    assert first_usable(after, "main", "anthropic") == "anthropic:default"


def test_store_only_profiles_of_the_same_agent_stay_usable() -> None:
    store = {"version": 1, "profiles": {"anthropic:old": _entry("api_key", API_KEY)}}
    s = make_snapshot({"gateway": {}}, {"main": store})
    p = plan(s, token_intent(), NOW)
    after = reread(s, p)
    assert resolve(after, "main", "anthropic", NOW).usable[0] == "anthropic:default"
    assert "anthropic:old" in resolve(after, "main", "anthropic", NOW).usable
    before_map = usable_map(s, NOW)
    after_map = usable_map(after, NOW)
    for key, ids in before_map.items():
        if ids:
            assert after_map[key]


# ---------------------------------------------------------------- idempotence


def test_same_intent_twice_changes_nothing() -> None:
    config = {"agents": {"list": [{"id": "main"}, {"id": "work"}]}}
    s = make_snapshot(config, {"main": None, "work": None})
    intent = token_intent("main", "work")
    p1 = plan(s, intent, NOW)
    s1 = reread(s, p1)
    p2 = plan(s1, intent, NOW)
    assert p2.nothing_to_do
    assert p2.profile_id == p1.profile_id


def test_idempotent_with_json5_config_and_comments_inside_auth() -> None:
    # Nothing to change: the commented JSON5 auth block must not be rewritten (rule 7, §8).
    text = (
        "{\n  // hand written\n  auth: {\n    profiles: {\n"
        "      'anthropic:default': { provider: 'anthropic', mode: 'token' }, // mine\n"
        "    },\n  },\n}\n"
    )
    store = {"version": 1,
             "profiles": {"anthropic:default": _entry("token", TOKEN)},
             "lastGood": {"anthropic": "anthropic:default"}}
    s = make_snapshot(None, {"main": store}, config_text=text)
    p = plan(s, token_intent(), NOW)
    assert p.profile_id == "anthropic:default"
    assert p.nothing_to_do, [c.target for c in p.changes]


def test_rotation_leaves_commented_config_alone() -> None:
    text = (
        "{\n  auth: {\n    // keep this comment\n    profiles: {\n"
        "      'anthropic:default': { provider: 'anthropic', mode: 'token' },\n"
        "    },\n  },\n}\n"
    )
    store = {"version": 1, "profiles": {"anthropic:default": _entry("token", TOKEN)}}
    s = make_snapshot(None, {"main": store}, config_text=text)
    p = plan(s, token_intent(secret=TOKEN2), NOW)
    assert targets(p) == {"store:main"}


def test_explicit_profile_that_would_cost_another_agent_its_credential_is_refused(
    tmp_path: Path,
) -> None:
    """Rule 8: naming an id another agent uses for another type would hide that agent's
    only credential; the plan says so and the flow refuses before writing."""
    from wizard.errors import UsageError
    from wizard.flow import Flow
    from wizard.openclaw.backends.json_pair import JsonPairBackend
    from wizard.openclaw.paths import resolve_paths

    sd = tmp_path / ".openclaw"
    (sd / "agents" / "work" / "agent").mkdir(parents=True)
    (sd / "openclaw.json").write_text(json.dumps(
        {"agents": {"list": [{"id": "main", "default": True}, {"id": "work"}]}}))
    work_store = sd / "agents" / "work" / "agent" / "auth-profiles.json"
    work_store.write_text(json.dumps({"version": 1, "profiles": {"anthropic:default": {
        "type": "api_key", "provider": "anthropic", "key": "sk-ant-api03-" + "Z9y8X7w6" * 12}}}))
    before = work_store.read_bytes()
    flow = Flow(JsonPairBackend(resolve_paths({}, tmp_path)), {})
    flow.choose_provider("anthropic")
    flow.choose_method("setup-token")
    flow.give_secret("sk-ant-oat01-" + "A1b2C3d4" * 12)
    flow.skip_validation()
    with pytest.raises(UsageError) as err:
        flow.choose_profile("anthropic:default", ["main"])
    assert "agent work would lose" in err.value.message
    assert work_store.read_bytes() == before
    assert flow.choose_profile(None, ["main"]).profile_id != "anthropic:default"


def test_auth_state_json_of_2026_4_7_to_6_1_is_refreshed_too() -> None:
    """G2 keeps usage, lastGood and order in auth-state.json: a rotated profile must not stay
    in the cooldown recorded there, and must be first in that order too."""

    store = {"version": 1, "profiles": {
        "anthropic:default": {"type": "token", "provider": "anthropic", "token": TOKEN},
        "anthropic:backup": {"type": "api_key", "provider": "anthropic", "key": API_KEY},
    }}
    state = {
        "version": 1,
        "order": {"anthropic": ["anthropic:backup", "anthropic:default", "anthropic:gone"]},
        "lastGood": {"anthropic": "anthropic:backup"},
        "usageStats": {"anthropic:default": {"lastUsed": NOW - 5, "cooldownUntil": NOW + 60_000,
                                             "errorCount": 4}},
    }
    s = make_snapshot({}, {"main": store})
    s = s._replace(stores={"main": s.stores["main"]._replace(state_text=json.dumps(state),
                                                             state_data=state)})
    p = plan(s, token_intent(secret=TOKEN2), NOW)
    assert p.profile_id == "anthropic:default"
    change = next(c for c in p.changes if c.target == state_target("main"))
    new_state = json.loads(change.new_text)
    assert new_state["lastGood"] == {"anthropic": "anthropic:default"}
    assert new_state["order"]["anthropic"] == ["anthropic:default", "anthropic:backup"]
    assert new_state["usageStats"]["anthropic:default"] == {"lastUsed": NOW - 5}
    assert state["lastGood"] == {"anthropic": "anthropic:backup"}  # input untouched
    again = plan(reread(s, p), token_intent(secret=TOKEN2), NOW)
    assert again.changes == ()
