"""The seven #2697 states left by a JSON-era release, on today's SQLite-era releases (2026.7.35:
the JSON store is ignored; 2026.9.6: it fences the provider until imported).

For each state, in one sandbox: ``authwizard doctor --fix`` (plus one ``--replay`` with
``"import_legacy": true`` where the doctor says the wizard is needed), then the release's own
``models status --json`` must show an effective anthropic profile. Then, in the same sandbox
wiped and written again, ``openclaw doctor --fix --non-interactive`` alone: wherever that works,
authwizard's doctor alone must work too. Slow (real Node): marked ``compat``.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pytest

from tests.compat import openclaw_cli as oc
from tests.compat.test_openclaw_releases import (
    DOCTOR_STATES,
    FENCE_CODE,
    PROVIDER,
    SQLITE_ERA,
    DoctorState,
    Json,
    Lab,
    _cfg,
    _token,
    _write_doctor_state,
    lab,
    params,
    parse_json,
    rel,
    scenario,
)
from tests.consistency import capture

__all__ = ["lab", "rel"]  # the fixtures, imported for pytest
pytestmark = pytest.mark.compat

JSON_ERA_G2 = tuple(r for r in oc.RELEASES if r.generation == "G2")
SEED = "seed-claude-cli"


@dataclass(frozen=True)
class LegacyState:
    name: str
    kind: str  # the secret in it: token | api_key


_REUSED = {s.name: s for s in DOCTOR_STATES}
STATES = (
    LegacyState("config-id-missing", "token"),  # the #2697 token state
    LegacyState("api-key", "api_key"),
    LegacyState(SEED, "token"),
    LegacyState("oauth-over-token", "token"),
    LegacyState("mode-apikey-aliases", "api_key"),
    LegacyState("config-without-provider", "token"),
    LegacyState("store-only", "token"),
)


def write_state(lab: Lab, state: LegacyState, secret: str) -> None:
    d = "anthropic:default"
    if state.name in _REUSED:
        reused: DoctorState = _REUSED[state.name]
        _write_doctor_state(lab, reused, secret)
    elif state.name == "api-key":
        lab.write_config(_cfg(lab, **{"anthropic:anthropic_api": "api_key"}))
        lab.write_store("main", {"version": 1, "profiles": {
            d: {"type": "api_key", "provider": PROVIDER, "key": secret}}})
    elif state.name == SEED:  # the only credential: a copy of Claude Code's OAuth login
        lab.write_config(_cfg(lab, **{"anthropic:anthropic_api": "token"}))
        lab.write_store("main", {"version": 1, "profiles": {"anthropic:claude-cli": {
            "type": "oauth", "provider": PROVIDER, "access": secret,
            "refresh": lab.fake("token"), "expires": 4_102_444_800_000}}})
    elif state.name == "config-without-provider":
        config = _cfg(lab)
        config["auth"]["profiles"][d] = {"mode": "token"}
        lab.write_config(config)
        lab.write_store("main", {"version": 1, "profiles": {d: _token(secret)}})
    elif state.name == "store-only":
        lab.write_config({"models": lab.models_section()})
        lab.write_store("main", {"version": 1, "profiles": {d: _token(secret)}})
    else:  # pragma: no cover - a new state without its files
        raise AssertionError(state.name)


def without_sqlite(files: Mapping[str, bytes]) -> dict[str, bytes]:
    """The files but OpenClaw's SQLite ones: the doctor asks ``openclaw models status`` which
    ids OpenClaw holds, and a read moves SQLite's read marks in ``*.sqlite-shm``."""
    return {k: v for k, v in files.items() if ".sqlite" not in k}


def effective(status: Mapping[str, Any]) -> list[Json]:
    for entry in status.get("auth", {}).get("oauth", {}).get("providers", []):
        if entry.get("provider") == PROVIDER:
            return [p for p in entry.get("effectiveProfiles", []) if isinstance(p, dict)]
    return []


def works(lab: Lab) -> bool:
    """The release's ``models status --json`` shows an effective anthropic profile."""
    result = lab.openclaw("models", "status", "--json")
    if result.returncode != 0 or FENCE_CODE in result.stdout + result.stderr:
        return False
    return bool(effective(parse_json(result.stdout)))


def fresh(lab: Lab, state: LegacyState) -> None:
    shutil.rmtree(lab.state)
    lab.state.mkdir(mode=0o700)
    write_state(lab, state, lab.fake(state.kind))


def openclaw_alone(lab: Lab, state: LegacyState) -> bool:
    fresh(lab, state)
    lab.openclaw("doctor", "--fix", "--non-interactive")
    return works(lab)


@scenario("9 legacy import", 9)
@pytest.mark.parametrize("state", STATES, ids=[s.name for s in STATES])
@pytest.mark.parametrize("rel", params(SQLITE_ERA), indirect=True)
def test_doctor_fix_imports_the_legacy_pair(
    rel: oc.Release, lab: Lab, state: LegacyState, record_property: Any
) -> None:
    secret = lab.fake(state.kind)
    write_state(lab, state, secret)
    report = parse_json(lab.authwizard("doctor", "--json").stdout)
    legacy = [f for f in report["findings"] if f["code"] == "json-store-not-read"]
    assert legacy and "After the import:" in legacy[0]["message"], report["findings"]
    wizard_needed = "import-deletes-only-credential" in {f["code"] for f in report["findings"]}
    assert wizard_needed == (state.name == SEED and rel.generation == "G4"), report["findings"]

    before = capture(lab.state)
    result = lab.authwizard("doctor", "--fix", "--json")
    doc = parse_json(result.stdout)
    alone = False
    if wizard_needed:  # said before importing: nothing changed, the wizard is pointed to
        assert result.returncode == 1 and without_sqlite(capture(lab.state)) == without_sqlite(
            before), doc
        fix = next(f for f in doc["left"] if f["code"] == "import-deletes-only-credential")
        assert "import_legacy" in fix["fix"], fix
        assert not works(lab)
        replayed = lab.replay(lab.fake("token"), import_legacy=True)
        assert replayed["import_legacy"]["archives"], replayed
    else:
        assert result.returncode == 0, json.dumps(doc, indent=1)[-3000:]
        imported = doc["imported"]
        assert imported["resolved"] and not imported["unresolved"], imported
        assert imported["archives"], imported
        assert "auth-profiles.json" not in {p.name for p in lab.json_stores()}
        assert (lab.state / "openclaw.json.authwizard-pre-import.bak").is_file()
        alone = True
    assert works(lab), f"{rel.name} {state.name}: no effective anthropic profile"
    oc_alone = openclaw_alone(lab, state)
    if oc_alone:
        assert alone, f"openclaw doctor --fix alone works on {state.name}, authwizard's not"
    record_property("compat_detail",
                    f"aw-alone={int(alone)} aw+replay=1 oc-alone={int(oc_alone)}")


@scenario("9 legacy import", 9)
@pytest.mark.parametrize("state", STATES, ids=[s.name for s in STATES])
@pytest.mark.parametrize("rel", params(JSON_ERA_G2), indirect=True)
def test_json_era_measure(
    rel: oc.Release, lab: Lab, state: LegacyState, record_property: Any
) -> None:
    """The same states on the JSON-era 2026.6.1 (the table's reference row): authwizard's
    doctor alone works wherever OpenClaw's does."""
    write_state(lab, state, lab.fake(state.kind))
    lab.authwizard("doctor", "--fix", "--json")
    alone = works(lab)
    oc_alone = openclaw_alone(lab, state)
    if oc_alone:
        assert alone, f"openclaw doctor --fix alone works on {state.name}, authwizard's not"
    record_property("compat_detail", f"aw-alone={int(alone)} oc-alone={int(oc_alone)}")
