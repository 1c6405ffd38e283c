"""In-memory OpenClaw states for the doctor's unit tests: each one makes one rule speak.

Plain data (no doctor imports): a config, the agents' stores, env credentials and file modes.
The secrets are fake but have the real prefixes, so the rules that look at a secret's kind
(setup token, API key) and at its provider see what they would see on a real machine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from wizard.core.snapshot import Snapshot, StoreSnapshot

TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
TOKEN2 = "sk-ant-oat01-" + "Q7r8S9t0" * 12
API_KEY = "sk-ant-api03-" + "Z9y8X7w6" * 12
OPENAI_KEY = "sk-proj-" + "M3n4O5p6" * 16
REFRESH = "sk-ant-ort01-" + "R5s6T7u8" * 12
SIGN_IN_CODE = "Xq3" * 12 + "#" + "St4" * 12
SESSION = "sk-ant-oat01-" + "S3ss10n0" * 12
NOW = 1_800_000_000_000.0
FUTURE = 4_102_444_800_000
PAST = 1_600_000_000_000


def token(secret: str = TOKEN, pid_provider: str = "anthropic", **extra: Any) -> dict[str, Any]:
    return {"type": "token", "provider": pid_provider, "token": secret, **extra}


def api_key(secret: str = API_KEY, provider: str = "anthropic") -> dict[str, Any]:
    return {"type": "api_key", "provider": provider, "key": secret}


def cfg(*entries: tuple[str, str], **auth: Any) -> dict[str, Any]:
    return {"auth": {"profiles": {pid: {"provider": pid.split(":")[0], "mode": mode}
                                  for pid, mode in entries}, **auth}}


def store(profiles: dict[str, Any], **rest: Any) -> dict[str, Any]:
    return {"version": 1, "profiles": profiles, **rest}


@dataclass(frozen=True)
class Env:
    """An env credential as the doctor receives it (never the value: its fingerprint)."""

    name: str
    provider: str
    secret: str
    source: str = "environment"
    in_use: bool = True
    wins: bool = True


@dataclass(frozen=True)
class State:
    config: dict[str, Any] | None
    stores: dict[str, dict[str, Any]]
    env: tuple[Env, ...] = ()
    files: tuple[tuple[str, int, bool], ...] = ()  # (path, mode, is_dir)
    default_agent: str = "main"
    main_agent: str | None = "main"
    empty_stores: tuple[str, ...] = field(default=())  # agents known but without a file
    # SecretRef checks as gathered (agent, profile, source, id, keychain, problem, copies)
    refs: tuple[tuple[Any, ...], ...] = ()
    copies: tuple[tuple[str, str, int, tuple[str, ...]], ...] = ()  # old copies of secrets
    # G3/G4: the ids OpenClaw's `models status` reports per agent (agent, ids)
    openclaw: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def snapshot(self) -> Snapshot:
        stores = {a: StoreSnapshot(json.dumps(d), d) for a, d in self.stores.items()}
        stores.update({a: StoreSnapshot.missing() for a in self.empty_stores})
        text = None if self.config is None else json.dumps(self.config)
        return Snapshot(text, self.config or {}, stores, self.default_agent, self.main_agent)


ONE_TOKEN = store({"anthropic:default": token()})

REF = {"source": "exec", "provider": "authwizard", "id": "main/anthropic:default"}
KEYCHAIN = store({"anthropic:default": {"type": "token", "provider": "anthropic",
                                        "tokenRef": REF}})
RESOLVES = ("main", "anthropic:default", "exec", REF["id"], True, None, ())

STATES: dict[str, State] = {
    "clean": State(cfg(("anthropic:default", "token")), {"main": ONE_TOKEN}),
    "keychain-ref": State(cfg(("anthropic:default", "token")), {"main": KEYCHAIN},
                          refs=(RESOLVES,)),
    "keychain-ref-missing": State(
        cfg(("anthropic:default", "token")), {"main": KEYCHAIN},
        refs=((*RESOLVES[:5], "the keychain has no item 'main/anthropic:default'", ()),)),
    "env-ref-unset": State(
        cfg(("anthropic:default", "token")),
        {"main": store({"anthropic:default": {
            "type": "token", "provider": "anthropic",
            "tokenRef": {"source": "env", "provider": "default", "id": "ANTHROPIC_TOKEN"}}})},
        refs=(("main", "anthropic:default", "env", "ANTHROPIC_TOKEN", False,
               "the environment variable ANTHROPIC_TOKEN is not set here", ()),)),
    "keychain-ref-copies": State(
        cfg(("anthropic:default", "token")), {"main": KEYCHAIN},
        refs=((*RESOLVES[:6], ("/s/agents/main/agent/auth-profiles.json",)),)),
    "config-schema-fixable": State(
        {"auth": {"profiles": {"anthropic:default": {"provider": "anthropic", "mode": "token",
                                                       "token": TOKEN}}}},
        {"main": ONE_TOKEN}),
    "config-schema-manual": State(
        {"auth": {"profiles": {"anthropic:default": {"mode": "token"}, "x": 3}}},
        {"main": ONE_TOKEN}),
    "config-schema-secret-moves": State(
        {"auth": {"profiles": {"anthropic:default": {"provider": "anthropic", "mode": "token",
                                                       "token": TOKEN}}}},
        {"main": store({})}),
    "missing-rename": State(cfg(("anthropic:anthropic_api", "token")), {"main": ONE_TOKEN}),
    "missing-two-candidates": State(
        cfg(("anthropic:gone", "token")),
        {"main": store({"anthropic:a": token(), "anthropic:b": token(TOKEN2)})}),
    "missing-droppable": State(
        cfg(("anthropic:default", "token"), ("anthropic:gone", "token")),
        {"main": store({"anthropic:default": token(), "anthropic:other": api_key()})}),
    "missing-deprecated-only": State(
        cfg(("anthropic:gone", "token")),
        {"main": store({"anthropic:claude-cli": token()})}),
    "mode-type-error": State(cfg(("anthropic:default", "api_key")), {"main": ONE_TOKEN}),
    "mode-type-tolerated": State(cfg(("anthropic:default", "oauth")), {"main": ONE_TOKEN}),
    "provider-mismatch-proved": State(
        cfg(("anthropic:default", "api_key")),
        {"main": store({"anthropic:default": api_key(API_KEY, "openai")})}),
    "provider-mismatch-unproved": State(
        {"auth": {"profiles": {"x:default": {"provider": "openai", "mode": "api_key"}}}},
        {"main": store({"x:default": api_key("sk-" + "q" * 40, "groq")})}),
    "dropped-no-type": State(
        cfg(("anthropic:default", "token")),
        {"main": store({"anthropic:default": {"provider": "anthropic", "token": TOKEN}})}),
    "dropped-bare-string": State(
        cfg(("anthropic:default", "token")), {"main": store({"anthropic:default": TOKEN})}),
    "dropped-no-secret": State(
        cfg(("anthropic:default", "token")),
        {"main": store({"anthropic:default": {"type": "token", "provider": "anthropic"}})}),
    "aliases": State(
        cfg(("anthropic:default", "api_key")),
        {"main": store({"anthropic:default": {"mode": "api_key", "provider": "anthropic",
                                              "apiKey": API_KEY}})}),
    "alias-beside-real": State(
        cfg(("anthropic:default", "api_key")),
        {"main": store({"anthropic:default": {**api_key(), "mode": "api_key"}})}),
    "token-as-api-key": State(
        cfg(("anthropic:default", "api_key")),
        {"main": store({"anthropic:default": api_key(TOKEN)})}),
    "api-key-as-token": State(
        cfg(("anthropic:default", "token")),
        {"main": store({"anthropic:default": token(API_KEY)})}),
    "expired-alone": State(
        cfg(("anthropic:default", "token")),
        {"main": store({"anthropic:default": token(expires=PAST)})}),
    "expired-with-backup": State(
        None,
        {"main": store({"anthropic:old": token(expires=PAST), "anthropic:new": token(TOKEN2)})}),
    "deprecated-in-config": State(
        cfg(("anthropic:claude-cli", "token"), ("anthropic:default", "token")),
        {"main": store({"anthropic:default": token(), "anthropic:claude-cli": token(TOKEN2)})}),
    # The #2697 seed: the only anthropic credential is the CLI-synced copy of Claude Code's.
    "seed-claude-cli-only": State(
        cfg(("anthropic:anthropic_api", "token")),
        {"main": store({"anthropic:claude-cli": {
            "type": "oauth", "provider": "anthropic", "access": TOKEN, "refresh": TOKEN2,
            "expires": FUTURE}})}),
    "deprecated-in-store": State(
        None, {"main": store({"anthropic:claude-cli": token(), "anthropic:x": token(TOKEN2)})}),
    "dangling-order-store": State(
        None, {"main": store({"anthropic:default": token()},
                             order={"anthropic": ["anthropic:gone", "anthropic:default"]})}),
    "dangling-order-emptied": State(
        None, {"main": store({"anthropic:default": token()},
                             order={"anthropic": ["anthropic:gone"]})}),
    "dangling-order-config": State(
        cfg(("anthropic:default", "token"), order={"anthropic": ["anthropic:gone",
                                                                 "anthropic:default"]}),
        {"main": ONE_TOKEN}),
    "dangling-last-good": State(
        None, {"main": store({"anthropic:default": token()},
                             lastGood={"anthropic": "anthropic:claude-cli"})}),
    "dangling-last-good-nothing-usable": State(
        cfg(("anthropic:default", "token")),
        {"main": store({"anthropic:default": token(expires=PAST)},
                       order={"anthropic": ["anthropic:claude-cli"]},
                       lastGood={"anthropic": "anthropic:claude-cli"})}),
    "hidden-by-config": State(
        cfg(("anthropic:default", "token")),
        {"main": store({"anthropic:default": token(), "anthropic:api": api_key()})}),
    "hidden-by-store-order": State(
        None, {"main": store({"anthropic:default": token(), "anthropic:api": api_key()},
                             order={"anthropic": ["anthropic:default"]})}),
    "no-usable-profile": State(
        cfg(("anthropic:default", "api_key")),
        {"main": store({"anthropic:default": {"type": "api_key", "provider": "anthropic"}})}),
    "env-shadows-profile": State(
        cfg(("anthropic:default", "api_key")),
        {"main": store({"anthropic:default": {"type": "api_key", "provider": "anthropic"}})},
        env=(Env("ANTHROPIC_API_KEY", "anthropic", API_KEY),)),
    "agent-lacks-profile": State(
        None, {"main": ONE_TOKEN, "work": store({"anthropic:w": {"type": "token",
                                                                 "provider": "anthropic"}})},
        main_agent=None),
    "env-duplicates-profile": State(
        None, {"main": ONE_TOKEN}, env=(Env("ANTHROPIC_OAUTH_TOKEN", "anthropic", TOKEN),)),
    "env-fallback": State(
        None, {"main": ONE_TOKEN}, env=(Env("ANTHROPIC_API_KEY", "anthropic", API_KEY),)),
    "env-only-credential": State(
        None, {"main": store({})},
        env=(Env("OPENAI_API_KEY", "openai", OPENAI_KEY, source="/home/u/.openclaw/.env"),)),
    "env-not-winning": State(
        None, {"main": store({})},
        env=(Env("OPENAI_API_KEY", "openai", OPENAI_KEY, wins=False),)),
    "file-permissions": State(
        None, {"main": ONE_TOKEN},
        files=(("/s/openclaw.json", 0o644, False), ("/s", 0o755, True),
               ("/s/agents/main/agent/auth-profiles.json", 0o600, False))),
    "old-secret-copies": State(
        None, {"main": ONE_TOKEN},
        copies=(("/s/agents/main/agent/auth-profiles.json", "backup", 1, ("anthropic:a",)),
                ("/s/agents/main/agent/.auth-profiles.json.7.0123456789abcdef.tmp",
                 "temp-file", 0, ()))),
    "json-store-with-deprecated-only": State(
        None, {"main": store({"anthropic:claude-cli": token()})}),
    "nothing-set-up": State(None, {"main": store({})}),
    "sign-in-code-as-token": State(
        cfg(("anthropic:default", "token")),
        {"main": store({"anthropic:default": token(SIGN_IN_CODE)})}),
    "cut-short-tried-first": State(
        None, {"main": store({"anthropic:broken": {"type": "oauth", "provider": "anthropic",
                                                   "access": "sk-ant-", "refresh": "sk-ant-"},
                              "anthropic:default": token()})}),
    "cut-short-alone": State(
        None, {"main": store({"anthropic:default": token(TOKEN[:30])})}),
    "oauth-holding-setup-token": State(
        cfg(("anthropic:default", "oauth")),
        {"main": store({"anthropic:default": {"type": "oauth", "provider": "anthropic",
                                              "token": TOKEN}})}),
    "refresh-token-stored": State(
        None, {"main": store({"anthropic:default": token(REFRESH)})}),
    "other-providers-key": State(
        None, {"main": store({"anthropic:default": api_key(OPENAI_KEY)})}),
    "whitespace-inside": State(
        None, {"main": store({"anthropic:default": token(TOKEN[:40] + "\n" + TOKEN[40:])})}),
    "good-tried-first": State(
        None, {"main": store({"anthropic:default": token(), "anthropic:old": token(REFRESH)},
                             order={"anthropic": ["anthropic:default", "anthropic:old"]})}),
    "claude-code-session": State(
        cfg(("anthropic:default", "token")),
        {"main": store({"anthropic:default": token(SESSION)})}),
    "mixed": State(
        {"auth": {"profiles": {"anthropic:default": {"mode": "token"},
                               "anthropic:gone": {"provider": "anthropic", "mode": "token"},
                               "anthropic:claude-cli": {"provider": "anthropic",
                                                        "mode": "token"}},
                  "order": {"openai": ["openai:nope"]}}},
        {"main": store({"anthropic:default": {"provider": "anthropic", "token": TOKEN},
                        "anthropic:claude-cli": token(TOKEN2),
                        "openai:default": api_key(OPENAI_KEY, "openai")},
                       lastGood={"openai": "x"}),
         "work": store({"anthropic:w": token(expires=PAST)})},
        env=(Env("OPENAI_API_KEY", "openai", OPENAI_KEY),),
        files=(("/s/openclaw.json", 0o640, False),)),
    # a legacy store next to a SQLite store that already holds one of its ids (G3/G4)
    "legacy-id-kept": State(
        cfg(("anthropic:default", "token")),
        {"main": store({"anthropic:default": token(TOKEN2), "anthropic:old": token()})},
        openclaw=(("main", ("anthropic:default",)),)),
    "legacy-id-cooling": State(
        cfg(("anthropic:default", "token")),
        {"main": store({"anthropic:default": token(TOKEN2)}, usageStats={
            "anthropic:default": {"errorCount": 3, "disabledUntil": FUTURE,
                                  "disabledReason": "auth"}})},
        openclaw=(("main", ("anthropic:default",)),)),
    "legacy-id-inherited": State(
        cfg(("anthropic:default", "token")),
        {"work": store({"anthropic:default": token(TOKEN2)})}, empty_stores=("main",),
        openclaw=(("work", ("anthropic:default", "anthropic:work")),
                  ("main", ("anthropic:default",)))),
    "legacy-id-own-store": State(
        cfg(("anthropic:default", "token")),
        {"work": store({"anthropic:work": token(TOKEN2)})}, empty_stores=("main",),
        openclaw=(("work", ("anthropic:default", "anthropic:work")),
                  ("main", ("anthropic:default",)))),
}
