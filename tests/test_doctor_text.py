"""What `authwizard doctor [--fix]` prints for people: each finding once, counted in words, at
the terminal's width. The installed CLI in a subprocess, on the OpenClaw #2697 state."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
TOKEN2 = "sk-ant-oat01-" + "Q7r8S9t0" * 12


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """The #2697 state: the config names an API-key profile the store lacks; the store has two
    tokens; two files and two folders readable by others."""
    home = tmp_path / "home"
    state = home / ".openclaw"
    agent = state / "agents" / "main" / "agent"
    agent.mkdir(parents=True)
    (state / "openclaw.json").write_text(json.dumps({"auth": {
        "profiles": {"anthropic:anthropic_api": {"provider": "anthropic", "mode": "api_key"}},
        "order": {"anthropic": ["anthropic:anthropic_api"]}}}))
    (agent / "auth-profiles.json").write_text(json.dumps({"version": 1, "profiles": {
        "anthropic:default": {"type": "token", "provider": "anthropic", "token": TOKEN},
        "anthropic:work": {"type": "token", "provider": "anthropic", "token": TOKEN2}}}))
    for f in (state / "openclaw.json", agent / "auth-profiles.json"):
        f.chmod(0o644)
    for d in (state, agent):
        d.chmod(0o755)
    return home


def authwizard(home: Path, *args: str, columns: int = 80, **env: str) -> tuple[int, str]:
    binary = Path(sys.executable).parent / "authwizard"
    run = subprocess.run(
        [str(binary), *args], capture_output=True, text=True, timeout=30, check=False,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "AUTHWIZARD_GENERATION": "G1",
             "COLUMNS": str(columns), "LANG": "C.UTF-8", **env})
    assert TOKEN[13:] not in run.stdout + run.stderr
    return run.returncode, run.stdout


def test_doctor_fix_prints_each_finding_once(home: Path) -> None:
    code, out = authwizard(home, "doctor", "--fix")
    assert code == 1
    assert "Found 2 errors, 6 warnings, no info." in out
    assert out.count("config-id-missing-in-store") == 1
    assert out.count("no-usable-profile") == 1
    said = [line.strip() for line in out.splitlines()
            if line.strip() and not line.strip().startswith("fix:")]
    assert len(said) == len(set(said)), "a line is printed twice"
    assert out.count("/.openclaw/openclaw.json") == 1  # one chmod line, not two
    assert "tightened" not in out
    assert "Left, with why:" in out


def test_doctor_counts_in_words(home: Path) -> None:
    code, out = authwizard(home, "doctor")
    assert code == 1
    assert "2 errors, 6 warnings, no info. `authwizard doctor --fix` repairs 4 of them." in (
        " ".join(out.split()))
    assert "error(s)" not in out
