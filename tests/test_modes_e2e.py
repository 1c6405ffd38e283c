"""The installed ``authwizard --replay``: a write leaves OpenClaw's files 0600 and its state
folder 0700, even where the write itself did not touch them, and says so."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

AUTHWIZARD = str(Path(sys.executable).with_name("authwizard"))
TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
TOKEN2 = "sk-ant-oat01-" + "Q7r8S9t0" * 12


def mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def rotate(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    answers = home / "answers.json"
    answers.write_text(json.dumps({"version": 1, "provider": "anthropic",
                                   "method": "setup-token", "secret": {"env": "S"}}))
    return subprocess.run(
        [AUTHWIZARD, "--replay", str(answers), "--no-validate", *args],
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "S": TOKEN2,
             "AUTHWIZARD_GENERATION": "G1"},
        capture_output=True, text=True, timeout=60, check=False)


def loose_install(home: Path) -> tuple[Path, Path, Path]:
    state = home / ".openclaw"
    agent = state / "agents" / "main" / "agent"
    agent.mkdir(parents=True)
    config = state / "openclaw.json"
    config.write_text(json.dumps({"auth": {"profiles": {"anthropic:default": {
        "provider": "anthropic", "mode": "token"}}}}) + "\n")
    store = agent / "auth-profiles.json"
    store.write_text(json.dumps({"version": 1, "profiles": {"anthropic:default": {
        "type": "token", "provider": "anthropic", "token": TOKEN}}}) + "\n")
    for p in (config, store):
        os.chmod(p, 0o644)
    for d in (state, state / "agents", agent.parent, agent):
        os.chmod(d, 0o755)  # noqa: S103  the loose install under test
    return state, config, store


def test_a_rotation_tightens_the_config_and_the_state_folder_it_did_not_rewrite(
    home: Path,
) -> None:
    state, config, store = loose_install(home)
    before = config.read_bytes()
    r = rotate(home, "--json")
    assert r.returncode == 0, r.stderr
    assert config.read_bytes() == before  # a rotation keeps the config's content
    assert (mode(config), mode(state), mode(store), mode(store.parent)) == (
        0o600, 0o700, 0o600, 0o700)
    tightened = "\n".join(json.loads(r.stdout)["tightened"])
    for path, old in ((config, "0644"), (state, "0755"), (store, "0644"),
                      (store.parent, "0755")):
        assert f"{path}: {old}" in tightened, tightened
    assert "other users of this machine can read" not in r.stderr
    assert f"tightened permissions: {config}: 0644 → 0600" in r.stderr


def test_a_dry_run_changes_no_mode(home: Path) -> None:
    state, config, store = loose_install(home)
    r = rotate(home, "--dry-run")
    assert r.returncode == 0, r.stderr
    assert (mode(config), mode(state), mode(store)) == (0o644, 0o755, 0o644)


def test_a_state_dir_in_a_sticky_folder_is_never_chmod_ed(tmp_path: Path, home: Path) -> None:
    shared = tmp_path / "shared"
    (shared / "agents" / "main" / "agent").mkdir(parents=True)
    os.chmod(shared, 0o1777)  # noqa: S103  a /tmp-like folder used as the state dir
    r = rotate(home, "--state-dir", str(shared))
    assert r.returncode == 0, r.stderr
    assert mode(shared) == 0o1777
    assert mode(shared / "agents" / "main" / "agent" / "auth-profiles.json") == 0o600
