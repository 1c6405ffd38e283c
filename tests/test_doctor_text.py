"""What `authwizard doctor [--fix]` prints for people: each finding once, counted in words, at
the terminal's width. The installed CLI in a subprocess, on the OpenClaw #2697 state."""

from __future__ import annotations

import json
import os
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


def fits(lines: list[str], width: int = 80) -> None:
    """Every line fits, but for one word too long for any line (a temp path): never broken."""
    for line in lines:
        assert len(line) <= width or len(line.split()) == 1, line


def test_doctor_fix_prints_each_finding_once(home: Path) -> None:
    code, out = authwizard(home, "doctor", "--fix", columns=1000)
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
def test_doctor_wraps_at_80_columns_without_breaking_words(home: Path) -> None:
    _code, out = authwizard(home, "doctor")
    lines = out.splitlines()
    fits(lines)
    words = set(" ".join(lines).split())
    for word in ("anthropic:anthropic_api", '"anthropic"\'', "auth-profiles.json"):
        assert any(word in w for w in words), word
    continued = [line for line in lines if line.startswith("      ") and line.strip()]
    assert continued, "a long message continues indented under itself"


def test_doctor_colour_on_a_tty_only_and_not_with_no_color(home: Path) -> None:
    _code, out = authwizard(home, "doctor")
    assert "\x1b[" not in out  # a pipe: no colour
    master, slave = os.openpty()
    binary = Path(sys.executable).parent / "authwizard"
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "AUTHWIZARD_GENERATION": "G1",
           "COLUMNS": "80", "LANG": "C.UTF-8", "TERM": "xterm-256color"}
    for extra, coloured in (({}, True), ({"NO_COLOR": "1"}, False)):
        proc = subprocess.run([str(binary), "doctor"], stdout=slave, stderr=subprocess.DEVNULL,
                              env={**env, **extra}, timeout=30, check=False)
        assert proc.returncode == 1
        data = b""
        while True:
            os.set_blocking(master, False)
            try:
                chunk = os.read(master, 65536)
            except BlockingIOError:
                break
            if not chunk:
                break
            data += chunk
        assert (b"\x1b[" in data) is coloured, extra
    os.close(master)
    os.close(slave)


def test_status_fits_80_columns_with_plurals(home: Path) -> None:
    _code, out = authwizard(home, "status")
    lines = out.splitlines()
    fits(lines)
    assert "2 errors, 6 warnings: run `authwizard doctor` for details" in lines
    assert "error(s)" not in out
    text = " ".join(out.split())
    for word in ("anthropic:anthropic_api", "sk-ant-oat01-…C3d4", "auth.order.anthropic"):
        assert word in text, word
    wide = authwizard(home, "status", columns=200)[1]
    assert max(len(line) for line in wide.splitlines()) > 80  # the table stays one line a row
