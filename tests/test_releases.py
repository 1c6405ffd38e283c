"""The table of OpenClaw releases, pinned: each behaviour's boundary lies between the two
consecutive releases where it was measured (reference: openclaw-versions.md §1), and the
functions that read the table change their answer exactly there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.core.candidates import rules_for
from wizard.errors import FilesError
from wizard.openclaw.backends.openclaw_cli import CliBackend
from wizard.openclaw.generation import Detected
from wizard.openclaw.paths import resolve_paths
from wizard.spec import releases
from wizard.spec.releases import (
    AUTH_STATE_FILE,
    CLAUDE_CLI_RETIRED,
    DRIFT_FALLBACK,
    GENERATION_ROWS,
    JSON_STORE_FENCE,
    SECRET_REFS,
    SQLITE_STORE,
    STDIN_PASTE,
    STORE_ALIASES,
    Change,
    generation_of,
    has,
    parse_version,
    row,
)

AUTHWIZARD = str(Path(sys.executable).with_name("authwizard"))

# (behaviour, the last release measured without it, the first measured with it)
BOUNDARIES: list[tuple[Change, str, str]] = [
    (DRIFT_FALLBACK, "2026.2.17", "2026.2.21"),
    (STORE_ALIASES, "2026.2.21", "2026.2.26"),
    (SECRET_REFS, "2026.2.21", "2026.2.26"),
    (AUTH_STATE_FILE, "2026.4.5", "2026.4.7"),
    (STDIN_PASTE, "2026.5.20", "2026.5.22"),
    (SQLITE_STORE, "2026.6.1", "2026.6.5"),
    (JSON_STORE_FENCE, "2026.7.35", "2026.8.1"),
    (CLAUDE_CLI_RETIRED, "2026.7.35", "2026.8.1"),
]


def v(text: str) -> tuple[int, int, int]:
    parsed = parse_version(text)
    assert parsed is not None
    return parsed


def test_every_behaviour_in_the_table_is_pinned_here() -> None:
    assert set(releases.CHANGES) == {b[0] for b in BOUNDARIES}


@pytest.mark.parametrize(("change", "before", "since"), BOUNDARIES,
                         ids=[f"{b[2]}-{b[0].what[:30]}" for b in BOUNDARIES])
def test_each_behaviour_starts_at_its_measured_release(change: Change, before: str,
                                                       since: str) -> None:
    assert change.since == v(since)
    assert not has(change, v(before)) and has(change, v(since))
    assert not has(change, None)  # an unknown release is not credited with anything


def test_store_rules_change_at_their_releases() -> None:
    assert rules_for(v("2026.2.17")) == (False, False)
    assert rules_for(v("2026.2.21")) == (False, True)
    assert rules_for(v("2026.2.26")) == (True, True)
    assert rules_for(None) == (False, False)


@pytest.mark.parametrize(
    ("release", "generation", "reads_json"),
    [("2026.1.30", "G1", True), ("2026.4.5", "G1", True), ("2026.4.7", "G2", True),
     ("2026.6.1", "G2", True), ("2026.6.5", "G3", False), ("2026.7.35", "G3", False),
     ("2026.8.1", "G4", False), ("2026.9.6", "G4", False)],
)
def test_generations_and_what_they_read(release: str, generation: str, reads_json: bool) -> None:
    assert generation_of(v(release)) == generation
    assert row(generation).first <= v(release) <= row(generation).last_known
    found = Detected(generation_of(v(release)), "installed", release, "/x/openclaw")
    assert found.reads_json is reads_json


def test_generation_rows_are_ordered_and_start_at_their_behaviour() -> None:
    firsts = [r.first for r in GENERATION_ROWS]
    assert firsts == sorted(firsts)
    assert [r.first for r in GENERATION_ROWS[1:]] == [
        AUTH_STATE_FILE.since, SQLITE_STORE.since, JSON_STORE_FENCE.since]
    assert generation_of(v("2026.9.6"), "clawdbot") == "G1"


@pytest.mark.parametrize(("release", "refused"), [("2026.5.20", True), ("2026.5.22", False)])
def test_the_cli_backend_needs_stdin_paste(tmp_path: Path, release: str, refused: bool) -> None:
    paths = resolve_paths({}, tmp_path, state_dir=str(tmp_path / "state"))
    backend = CliBackend(paths, Detected("G4", "override", release, "/x/openclaw"), {})
    if refused:
        with pytest.raises(FilesError, match=r"from 2026\.5\.22 on"):
            backend.check_version()
    else:
        backend.check_version()


@pytest.mark.parametrize(("generation", "effect", "lost"), [
    ("G3", "ignores this file without a word", False),
    ("G4", "refuses every provider named in it", True),
])
def test_the_doctor_words_a_json_store_by_the_generation_row(
    home: Path, generation: str, effect: str, lost: bool
) -> None:
    agent = home / ".openclaw" / "agents" / "main" / "agent"
    agent.mkdir(parents=True)
    (agent / "auth-profiles.json").write_text(json.dumps({"version": 1, "profiles": {
        "anthropic:claude-cli": {"type": "oauth", "provider": "anthropic",
                                 "access": "a" * 40, "refresh": "r" * 40,
                                 "expires": 4102444800000}}}))
    env = {**os.environ, "HOME": str(home), "PATH": "/usr/bin:/bin",
           "AUTHWIZARD_GENERATION": generation}
    r = subprocess.run([AUTHWIZARD, "doctor", "--json"], env=env, capture_output=True,
                       text=True, timeout=60, check=False)
    doc = json.loads(r.stdout)
    (finding,) = [f for f in doc["findings"] if f["code"] == "json-store-not-read"]
    assert effect in finding["message"]
    lost_found = [f for f in doc["findings"] if f["code"] == "import-deletes-only-credential"]
    assert bool(lost_found) is lost
    assert not lost or "anthropic would have none" in lost_found[0]["message"]


@pytest.mark.parametrize("generation", [r.generation for r in GENERATION_ROWS])
def test_each_generations_own_file_names_it(tmp_path: Path, generation: str) -> None:
    from wizard.openclaw.generation import from_files

    state = tmp_path / ".openclaw"
    agent = state / "agents" / "main" / "agent"
    agent.mkdir(parents=True)
    where, name = row(generation).marker
    config = state / (name if where == "config" else "openclaw.json")
    base = {"state": state, "agent": agent, "config": state}[where]
    (base / name).parent.mkdir(parents=True, exist_ok=True)
    (base / name).write_text("{}")
    assert from_files(state, [agent], config) == generation
