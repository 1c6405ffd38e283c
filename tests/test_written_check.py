"""A run whose own after-write look finds an error about what it just wrote is not a success
(issue 16 item 2: a lost openclaw.json edit left the profile store-only, and the run said ✓)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from wizard.doctor.engine import diagnose
from wizard.doctor.model import DoctorInput, Finding
from wizard.openclaw.paths import resolve_paths
from wizard.openclaw.store import read_state
from wizard.written_check import contradicting

TOKEN = "sk-ant-oat01-" + "W1r2I3t4" * 12
API_KEY = "sk-ant-api03-" + "Z9y8X7w6" * 12


def _findings(home: Path, config: str, profiles: dict[str, dict[str, str]]) -> list[Finding]:
    state = home / ".openclaw"
    (state / "agents" / "main" / "agent").mkdir(parents=True)
    (state / "openclaw.json").write_text(config)
    (state / "agents" / "main" / "agent" / "auth-profiles.json").write_text(
        json.dumps({"version": 1, "profiles": profiles}))
    snap = read_state(resolve_paths({}, home)).snapshot
    return diagnose(DoctorInput(snap, time.time() * 1000))


def _token() -> dict[str, str]:
    return {"type": "token", "provider": "anthropic", "token": TOKEN}


def test_profile_left_out_of_the_config_contradicts_the_write(tmp_path: Path) -> None:
    # another run replaced openclaw.json with its own id only: ours is store-only, hidden
    found = _findings(
        tmp_path,
        '{ auth: { profiles: { "anthropic:rb": { provider: "anthropic", mode: "token" } } } }',
        {"anthropic:ra": _token()},
    )
    bad = contradicting(found, "anthropic", "anthropic:ra", ("main",))
    assert bad and all(f.severity == "error" for f in bad), found
    assert contradicting(found, "openai", "openai:default", ("main",)) == []
    # about another agent (it had no credential before either): not this run's failure
    assert contradicting(found, "anthropic", "anthropic:ra", ("work",)) == []


def test_consistent_write_and_unrelated_errors_do_not_contradict(tmp_path: Path) -> None:
    # our profile is listed and usable; another profile's own error is not about our write
    found = _findings(
        tmp_path,
        '{ auth: { profiles: { "anthropic:ra": { provider: "anthropic", mode: "token" },'
        ' "anthropic:old": { provider: "anthropic", mode: "token" } } } }',
        {"anthropic:ra": _token(),
         "anthropic:old": {"type": "token", "provider": "anthropic", "token": API_KEY}},
    )
    assert any(f.severity == "error" and f.profile == "anthropic:old" for f in found), found
    assert contradicting(found, "anthropic", "anthropic:ra", ("main",)) == []
