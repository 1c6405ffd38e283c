"""``plan_fixes`` on in-memory states: each kind of action has its handler, and the finding it
repairs is gone from a fresh diagnosis of the result."""

from __future__ import annotations

from typing import NamedTuple, get_args

import pytest

from tests.doctor.states import STATES
from tests.doctor.test_rules import ALIASES, doctor_input
from wizard.core.candidates import STRICT, Rules
from wizard.doctor.fixes import HANDLERS, PHASES, plan_fixes
from wizard.doctor.model import (
    DISK_ACTIONS,
    Action,
    Chmod,
    DropOrderIds,
    FixLastGood,
    ImportLegacy,
    RenameConfig,
    SetConfig,
    SetStore,
)


def test_every_action_kind_has_one_handler_in_one_phase() -> None:
    kinds = set(get_args(Action)) - set(DISK_ACTIONS)  # these change the disk, not the state
    assert set(HANDLERS) == kinds
    in_phases = [k for phase in PHASES for k in phase]
    assert sorted(in_phases, key=str) == sorted(kinds, key=str)


class Fix(NamedTuple):
    state: str
    code: str
    kind: type
    rules: Rules = STRICT


FIXES = {
    "rename a config id": Fix("missing-rename", "config-id-missing-in-store", RenameConfig),
    "remove a config id": Fix("missing-droppable", "config-id-missing-in-store", SetConfig),
    "rewrite a config entry": Fix("config-schema-fixable", "config-schema", SetConfig),
    "move a config secret into the store": Fix("config-schema-secret-moves", "config-schema",
                                               SetStore),
    "set the config mode": Fix("mode-type-error", "mode-type-mismatch", SetConfig),
    "set the provider the secret proves": Fix("provider-mismatch-proved", "provider-mismatch",
                                              SetStore),
    "add the missing type": Fix("dropped-no-type", "store-entry-dropped", SetStore),
    "spell out aliases": Fix("aliases", "store-entry-alias", SetStore, ALIASES),
    "drop redundant aliases": Fix("alias-beside-real", "store-entry-alias", SetStore),
    "type from the secret": Fix("token-as-api-key", "type-contradicts-secret", SetStore),
    "drop a missing id from a store order": Fix("dangling-order-store", "dangling-order",
                                                DropOrderIds),
    "drop a missing id from the config order": Fix("dangling-order-config", "dangling-order",
                                                   DropOrderIds),
    "point lastGood at the usable profile": Fix("dangling-last-good", "dangling-last-good",
                                                FixLastGood),
    "tighten file modes": Fix("file-permissions", "file-permissions", Chmod),
}


@pytest.mark.parametrize("fix", FIXES.values(), ids=FIXES)
def test_fix_repairs_the_finding(fix: Fix) -> None:
    inp = doctor_input(STATES[fix.state], rules=fix.rules)
    result = plan_fixes(inp)
    repaired = [f for f in result.before if f.code == fix.code and f.auto]
    assert repaired and any(isinstance(a, fix.kind) for f in repaired for a in f.actions)
    assert fix.code in {f.code for f in result.fixed}
    assert fix.code not in {f.code for f in result.after}
    assert not result.conflicts
    if fix.kind is Chmod:
        assert result.chmods and not result.plan.changes
    else:
        assert result.plan.changes


# ------------------------------------------------------------------ SQLite era: the import


@pytest.mark.parametrize("generation", ["G3", "G4"])
def test_sqlite_era_repairs_the_pair_as_the_json_era_then_imports(generation: str) -> None:
    """Where OpenClaw will import the legacy pair, --fix repairs the store entry too (on the
    JSON-era rules), and asks for the import of that agent's store."""
    result = plan_fixes(doctor_input(STATES["token-as-api-key"], generation))
    assert result.imports == (ImportLegacy("main"),)
    store = next(c for c in result.plan.changes if c.target == "store:main")
    assert '"type": "token"' in store.new_text and "\"api_key\"" not in store.new_text
    assert result.plan.after.stores["main"].profiles()["anthropic:default"]["type"] == "token"


def test_no_import_where_it_deletes_the_only_credential() -> None:
    """G4 would delete the seed's claude-cli, its only anthropic credential: no import and no
    write, unless the wizard (which sets a new one up right after) asks for it anyway."""
    inp = doctor_input(STATES["seed-claude-cli-only"], "G4")
    result = plan_fixes(inp)
    assert result.imports == () and not result.plan.changes
    assert {f.code for f in result.before} >= {"import-deletes-only-credential"}
    assert plan_fixes(inp, import_anyway=True).imports == (ImportLegacy("main"),)


def test_json_era_never_imports() -> None:
    assert plan_fixes(doctor_input(STATES["token-as-api-key"], "G2")).imports == ()
