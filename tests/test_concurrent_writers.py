"""Two ``authwizard --replay`` processes writing at the same moment into one state dir: no
profile is lost from openclaw.json or a store, and no run says it succeeded when its profile
is not there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import json5
import pytest

BIN = Path(sys.executable).with_name("authwizard")
TOKEN = "sk-ant-oat01-" + "C0n6Ur3n" * 12
ROUNDS = 50


def _answers(profile: str, agent: str) -> dict[str, Any]:
    return {"version": 1, "provider": "anthropic", "method": "setup-token",
            "secret": {"env": "SETUP_TOKEN"}, "validate": False,
            "profile": profile, "agents": [agent]}


def _store(home: Path, agent: str) -> dict[str, Any]:
    path = home / ".openclaw" / "agents" / agent / "agent" / "auth-profiles.json"
    data: dict[str, Any] = json.loads(path.read_text())
    return data


@pytest.mark.parametrize("agents", [("main", "work"), ("main", "main")],
                         ids=["two-agents", "one-agent"])
def test_two_concurrent_replays_lose_nothing(tmp_path: Path, agents: tuple[str, str]) -> None:
    home = tmp_path / "home"
    (home / ".openclaw").mkdir(parents=True)
    config = home / ".openclaw" / "openclaw.json"
    config.write_text('{ agents: { list: [{ id: "main" }, { id: "work" }] } }\n')
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "SETUP_TOKEN": TOKEN, "AUTHWIZARD_GENERATION": "G1"}
    lost: list[str] = []
    false_successes: list[str] = []
    failures: list[str] = []
    for n in range(ROUNDS):
        procs = []
        for side, agent in zip("ab", agents, strict=True):
            answers = home / f"{side}.json"
            answers.write_text(json.dumps(_answers(f"anthropic:r{n}{side}", agent)))
            procs.append((f"anthropic:r{n}{side}", agent, subprocess.Popen(
                [str(BIN), "--replay", str(answers)], env=env, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, text=True)))
        results = [(pid, agent, proc.wait(timeout=60), proc.stderr.read() if proc.stderr
                    else "") for pid, agent, proc in procs]
        for proc in (p for _, _, p in procs):
            if proc.stderr:
                proc.stderr.close()
        listed = json5.loads(config.read_text())["auth"]["profiles"]
        for pid, agent, code, err in results:
            present = pid in listed and pid in _store(home, agent)["profiles"]
            if code != 0:
                failures.append(f"round {n} {pid}: exit {code}: {err.strip()[-300:]}")
            if not present:
                lost.append(f"round {n}: {pid} (exit {code})")
                if code == 0:
                    false_successes.append(f"round {n}: {pid}")
    assert lost == [] and false_successes == [], (lost, false_successes)
    assert failures == []
    assert TOKEN not in "".join(failures)
    assert not [p for p in (home / ".openclaw").rglob("*") if p.name.endswith((".tmp", ".lock"))]
    assert os.stat(config).st_mode & 0o777 == 0o600
