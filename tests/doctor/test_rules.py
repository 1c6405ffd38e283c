"""``diagnose()`` on in-memory states: each row is a state that makes one rule speak, with the
findings the doctor must report, in order (errors first, then the order the rules run in).

What a row expects comes from what OpenClaw does with the state (see each rule's messages),
checked against the end-to-end CLI tests in tests/test_doctor.py, which assert the same codes
and severities through ``authwizard doctor``.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

import pytest

from tests.doctor.states import NOW, SESSION, STATES, State
from wizard.core.candidates import STRICT, Rules, rules_for
from wizard.core.fallbacks import EnvCredential, secret_digest
from wizard.core.secrets import redact
from wizard.doctor.codes import GENERATIONS, Code, by_code
from wizard.doctor.context import Ctx
from wizard.doctor.engine import RULES, diagnose
from wizard.doctor.model import DoctorInput, FileInfo, OpenClawIds, RefCheck, SecretCopy

ALIASES = rules_for((2026, 2, 26))
E, W, INF = "error", "warning", "info"


def doctor_input(
    state: State, generation: str = "G1", rules: Rules = STRICT,
    agents: tuple[str, ...] | None = None,
) -> DoctorInput:
    env = tuple(EnvCredential(e.name, e.provider, e.source, redact(e.secret),
                              secret_digest(e.secret), None, e.in_use, e.wins)
                for e in state.env)
    return DoctorInput(state.snapshot(), NOW, tuple(FileInfo(*f) for f in state.files), env,
                       agents, generation in ("G1", "G2"), generation, rules,
                       refs=tuple(RefCheck(*r) for r in state.refs),
                       copies=tuple(SecretCopy(*c) for c in state.copies),
                       claude_session=((hashlib.sha256(SESSION.encode()).hexdigest(),
                                        "~/.claude/x.json"),),
                       openclaw_ids=tuple(OpenClawIds(*o) for o in state.openclaw))


# (code, severity, --fix repairs it, agent, profile)
Seen = tuple[str, str, bool, str | None, str | None]


class Row(NamedTuple):
    state: str
    expected: tuple[Seen, ...]
    generation: str = "G1"
    rules: Rules = STRICT


MAIN = "main"
DEF = "anthropic:default"
CLI = "anthropic:claude-cli"
NO_USABLE: Seen = ("no-usable-profile", E, False, MAIN, None)

ROWS: dict[str, Row] = {
    # entries: openclaw.json
    "clean": Row("clean", ()),
    "config-schema, repairable": Row("config-schema-fixable", (
        ("config-schema", E, True, None, DEF),)),
    "config-schema, no single repair": Row("config-schema-manual", (
        ("config-schema", E, True, None, DEF), ("config-schema", E, False, None, "x"))),
    "config-schema moves the secret into the store": Row("config-schema-secret-moves", (
        ("config-schema", E, True, None, DEF),
        ("config-id-missing-in-store", E, True, MAIN, DEF), NO_USABLE)),
    "config id missing, one store profile to rename to": Row("missing-rename", (
        ("config-id-missing-in-store", E, True, MAIN, "anthropic:anthropic_api"), NO_USABLE,
        ("store-only-hidden", W, False, MAIN, DEF))),
    "config id missing, two candidates": Row("missing-two-candidates", (
        ("config-id-missing-in-store", E, False, MAIN, "anthropic:gone"), NO_USABLE,
        ("store-only-hidden", W, False, MAIN, "anthropic:a"),
        ("store-only-hidden", W, False, MAIN, "anthropic:b"))),
    "config id missing, droppable: a warning": Row("missing-droppable", (
        ("config-id-missing-in-store", W, True, MAIN, "anthropic:gone"),
        ("store-only-hidden", W, False, MAIN, "anthropic:other"))),
    "config id missing, only a deprecated profile": Row("missing-deprecated-only", (
        ("config-id-missing-in-store", E, False, MAIN, "anthropic:gone"), NO_USABLE,
        ("deprecated-claude-cli", W, False, MAIN, CLI))),
    "mode and type differ": Row("mode-type-error", (
        ("mode-type-mismatch", E, True, MAIN, DEF), NO_USABLE)),
    "oauth over a token is tolerated": Row("mode-type-tolerated", (
        ("mode-type-mismatch", W, True, MAIN, DEF),)),
    "provider mismatch the secret decides": Row("provider-mismatch-proved", (
        ("provider-mismatch", E, True, MAIN, DEF), NO_USABLE, NO_USABLE)),
    "provider mismatch nothing decides": Row("provider-mismatch-unproved", (
        ("provider-mismatch", E, False, MAIN, "x:default"), NO_USABLE, NO_USABLE)),
    "deprecated in both files": Row("deprecated-in-config", (
        ("deprecated-claude-cli", W, False, None, CLI),
        ("deprecated-claude-cli", W, False, MAIN, CLI))),
    # entries: auth-profiles.json
    "store entry without type": Row("dropped-no-type", (
        ("store-entry-dropped", E, True, MAIN, DEF), NO_USABLE)),
    "store entry as a bare string": Row("dropped-bare-string", (
        ("store-entry-dropped", E, True, MAIN, DEF), NO_USABLE)),
    "store entry without secret": Row("dropped-no-secret", (
        ("store-entry-dropped", E, False, MAIN, DEF), NO_USABLE)),
    "alias keys, strict release drops the entry": Row("aliases", (
        ("store-entry-dropped", E, True, MAIN, DEF), NO_USABLE)),
    "alias keys, a release that reads them": Row("aliases", (
        ("store-entry-alias", W, True, MAIN, DEF),), rules=ALIASES),
    "alias keys beside the real ones": Row("alias-beside-real", (
        ("store-entry-alias", INF, True, MAIN, DEF),)),
    "setup token stored as api_key": Row("token-as-api-key", (
        ("type-contradicts-secret", E, True, MAIN, DEF),)),
    "API key stored as token": Row("api-key-as-token", (
        ("type-contradicts-secret", E, True, MAIN, DEF),)),
    "expired, nothing else": Row("expired-alone", (
        ("token-expired", E, False, MAIN, DEF), NO_USABLE)),
    "expired, another profile works": Row("expired-with-backup", (
        ("token-expired", W, False, MAIN, "anthropic:old"),)),
    "deprecated in the store": Row("deprecated-in-store", (
        ("deprecated-claude-cli", W, False, MAIN, CLI),)),
    # orders
    "store order names a missing id": Row("dangling-order-store", (
        ("dangling-order", W, True, MAIN, "anthropic:gone"),)),
    "store order names only a missing id": Row("dangling-order-emptied", (
        ("dangling-order", E, True, MAIN, "anthropic:gone"), NO_USABLE,
        ("store-only-hidden", W, False, MAIN, DEF))),
    "config order names a missing id": Row("dangling-order-config", (
        ("dangling-order", W, True, None, "anthropic:gone"),)),
    "lastGood names a missing id": Row("dangling-last-good", (
        ("dangling-last-good", W, True, MAIN, CLI),)),
    "lastGood and order dangle, nothing usable": Row("dangling-last-good-nothing-usable", (
        ("token-expired", E, False, MAIN, DEF), ("dangling-order", E, True, MAIN, CLI),
        ("dangling-last-good", E, True, MAIN, CLI), NO_USABLE)),
    # resolution
    "store profile hidden by the config": Row("hidden-by-config", (
        ("store-only-hidden", W, False, MAIN, "anthropic:api"),)),
    "store profile hidden by the store order": Row("hidden-by-store-order", (
        ("store-only-hidden", W, False, MAIN, "anthropic:api"),)),
    "no usable profile": Row("no-usable-profile", (
        ("store-entry-dropped", E, False, MAIN, DEF), NO_USABLE)),
    "an env var used instead of the profile": Row("env-shadows-profile", (
        ("store-entry-dropped", E, False, MAIN, DEF),
        ("env-shadows-profile", E, False, MAIN, None))),
    "agent without the default agent's profile": Row("agent-lacks-profile", (
        ("store-entry-dropped", E, False, "work", "anthropic:w"),
        ("agent-lacks-profile", W, False, "work", None))),
    # env
    "env var with the profile's secret": Row("env-duplicates-profile", (
        ("env-duplicates-profile", W, False, None, DEF),)),
    "env var with another secret": Row("env-fallback", (("env-fallback", INF, False, None, None),)),
    "env var and no profile": Row("env-only-credential", (
        ("env-only-credential", INF, False, None, None),)),
    "env var another source overrides": Row("env-not-winning", ()),
    # files
    "files other users can read": Row("file-permissions", (
        ("file-permissions", W, True, None, None), ("file-permissions", W, True, None, None))),
    # storage generations: G3/G4 read only openclaw.json of these files
    "G3: a JSON store is not read": Row("clean", (
        ("json-store-not-read", E, True, MAIN, None),), "G3"),
    "G4: a JSON store is not read": Row("clean", (
        ("json-store-not-read", E, True, MAIN, None),), "G4"),
    "G3: config-schema still repaired in openclaw.json": Row("config-schema-fixable", (
        ("config-schema", E, True, None, DEF), ("json-store-not-read", E, True, MAIN, None)),
        "G3"),
    "G4: a repair that writes the store is left": Row("config-schema-secret-moves", (
        ("config-schema", E, False, None, DEF),), "G4"),
    "G3: store entries are not judged": Row("mode-type-error", (
        ("json-store-not-read", E, True, MAIN, None),), "G3"),
    "G3: deprecated in the config only": Row("deprecated-in-config", (
        ("json-store-not-read", E, True, MAIN, None),
        ("deprecated-claude-cli", W, False, None, CLI)), "G3"),
    "G4: deprecated in the store is the import's business": Row("deprecated-in-store", (
        ("json-store-not-read", E, True, MAIN, None),), "G4"),
    "G4: the import would delete the only credential": Row("seed-claude-cli-only", (
        ("import-deletes-only-credential", E, False, MAIN, CLI),
        ("json-store-not-read", E, False, MAIN, None)), "G4"),
    "G3: the seed imports with its claude-cli": Row("seed-claude-cli-only", (
        ("json-store-not-read", E, True, MAIN, None),), "G3"),
    # a legacy id OpenClaw's SQLite store already holds (what the import does, storage.py)
    "G3: the import keeps OpenClaw's own id": Row("legacy-id-kept", (
        ("json-store-not-read", E, True, MAIN, None),
        ("import-id-clash", INF, False, MAIN, DEF)), "G3"),
    "G4: the import would copy a legacy cooldown onto it": Row("legacy-id-cooling", (
        ("import-id-clash", E, False, MAIN, DEF),
        ("json-store-not-read", E, False, MAIN, None)), "G4"),
    "G3: the import would shadow the id an agent inherits": Row("legacy-id-inherited", (
        ("import-id-clash", E, False, "work", DEF),
        ("json-store-not-read", E, False, "work", None)), "G3"),
    "G4: an id the agent's own store holds (not inherited) is kept": Row(
        "legacy-id-own-store", (("json-store-not-read", E, True, "work", None),
                                ("import-id-clash", INF, False, "work", "anthropic:work")), "G4"),
    "G3: file permissions still apply": Row("file-permissions", (
        ("json-store-not-read", E, True, MAIN, None), ("file-permissions", W, True, None, None),
        ("file-permissions", W, True, None, None)), "G3"),
    "old copies of secrets": Row("old-secret-copies", (
        ("stale-secret-copies", W, True, None, None), ("stale-temp-file", W, True, None, None))),
    "G4: old copies are reported, not removed": Row("old-secret-copies", (
        ("json-store-not-read", E, True, MAIN, None), ("stale-temp-file", W, True, None, None),
        ("stale-secret-copies", INF, False, None, None)), "G4"),
    # nothing set up at all
    "no profile and no env var": Row("nothing-set-up", (("no-credential", E, False, None, None),)),
    # the secrets themselves
    "a sign-in code stored as a token": Row("sign-in-code-as-token", (
        ("secret-sign-in-code", E, False, MAIN, DEF),)),
    "a cut-short oauth profile tried before a good token": Row("cut-short-tried-first", (
        ("secret-unusable", E, True, MAIN, "anthropic:broken"),)),
    "a cut-short token and nothing else": Row("cut-short-alone", (
        ("secret-unusable", E, False, MAIN, DEF),)),
    "an oauth entry holding a setup token": Row("oauth-holding-setup-token", (
        ("store-entry-dropped", E, True, MAIN, DEF), NO_USABLE)),
    "a refresh token stored as the token": Row("refresh-token-stored", (
        ("secret-unusable", E, False, MAIN, DEF),)),
    "another provider's key": Row("other-providers-key", (
        ("secret-unusable", E, False, MAIN, DEF),)),
    "whitespace inside a secret": Row("whitespace-inside", (
        ("secret-unusable", E, False, MAIN, DEF),)),
    "a refused secret after a good one": Row("good-tried-first", (
        ("secret-unusable", W, False, MAIN, "anthropic:old"),)),
    "Claude Code's own session token": Row("claude-code-session", (
        ("claude-code-session-token", E, False, MAIN, DEF),)),
    "G2: like G1": Row("mode-type-tolerated", (("mode-type-mismatch", W, True, MAIN, DEF),), "G2"),
    # refs: a SecretRef profile (keychain or env)
    "keychain reference that resolves": Row("keychain-ref", (), "G2"),
    "keychain item missing": Row("keychain-ref-missing", (
        ("secret-ref-unresolved", E, False, MAIN, DEF),), "G2"),
    "env reference not set here": Row("env-ref-unset", (
        ("secret-ref-unresolved", W, False, MAIN, DEF),), "G2"),
    "keychain secret still in a backup": Row("keychain-ref-copies", (
        ("keychain-secret-in-plaintext", W, False, MAIN, DEF),), "G2"),
}


@pytest.mark.parametrize("row", ROWS.values(), ids=ROWS)
def test_diagnose(row: Row) -> None:
    found = diagnose(doctor_input(STATES[row.state], row.generation, row.rules))
    assert [(f.code, f.severity, f.auto, f.agent, f.profile) for f in found] == list(
        row.expected)


def test_every_code_has_a_row_and_every_generation_is_tried() -> None:
    seen = {s[0] for r in ROWS.values() for s in r.expected}
    assert seen == {c.code for c in Code}
    assert {r.generation for r in ROWS.values()} == set(GENERATIONS)


def test_an_agent_filter_leaves_the_other_agents_out() -> None:
    inp = doctor_input(STATES["mixed"], agents=("work",))
    found = diagnose(inp)
    assert found and {f.agent for f in found} <= {"work", None}


@pytest.mark.parametrize("generation", GENERATIONS)
@pytest.mark.parametrize("name", STATES)
def test_findings_are_what_the_catalogue_says(name: str, generation: str) -> None:
    """Every finding's severity, --fix and generation are the catalogue's, and every rule
    reports only the codes it declares."""
    for rules in (STRICT, ALIASES):
        inp = doctor_input(STATES[name], generation, rules)
        for f in diagnose(inp):
            code = by_code(f.code)
            assert f.severity in code.severities, f
            assert code.applies(generation), f
            assert not f.auto or code.spec.fixable, f
        for rule in RULES:
            reported = {f.code for f in rule.check(Ctx(inp))}
            assert reported <= {c.code for c in rule.codes}, rule


@pytest.mark.parametrize("name", STATES)
def test_repairs_speak_in_catalogue_codes(name: str) -> None:
    """A repair files what it changes and what blocks it under the code of the finding that
    describes it."""
    ctx = Ctx(doctor_input(STATES[name]))
    repairs = [ctx.config_repair(pid)[0] for pid in ctx.cfg]
    repairs += [ctx.store_repair(a, pid) for a in ctx.agents for pid in ctx.own(a)]
    codes = {c.code for c in Code}
    for rep in repairs:
        assert set(rep.changes) | set(rep.blocked) <= codes
