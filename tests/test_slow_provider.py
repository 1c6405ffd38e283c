"""A provider that drips its answer a byte at a time cannot hold the check past its budget:
httpx's read timeout counts per read, so each byte alone would keep it alive (hardening item 8).
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.drip_server import DripServer, Mode
from tests.test_replay_e2e import TOKEN, authwizard
from wizard.providers.validate import TOTAL_BUDGET, Outcome, validate, validate_sync
from wizard.spec.registry import PROVIDERS

ANTHROPIC = PROVIDERS["anthropic"]


@pytest.mark.parametrize("mode", ["headers", "body"])
def test_sync_check_ends_within_its_budget(mode: Mode) -> None:
    with DripServer(mode, interval=0.2) as server:
        start = time.monotonic()
        verdict = validate_sync(
            ANTHROPIC, "token", TOKEN, api_root=server.root, timeout=1.0, budget=2.0
        )
        elapsed = time.monotonic() - start
    assert elapsed < 3.0, f"the check took {elapsed:.1f} s with a 2 s budget"
    assert (verdict.outcome, verdict.reason) == (Outcome.UNVERIFIED, "timeout")
    assert "did not finish within 2 s" in verdict.message
    assert server.requests == 1


@pytest.mark.parametrize("mode", ["headers", "body"])
async def test_async_check_ends_within_its_budget(mode: Mode) -> None:
    with DripServer(mode, interval=0.2) as server:
        start = time.monotonic()
        verdict = await validate(
            ANTHROPIC, "token", TOKEN, api_root=server.root, timeout=1.0, budget=2.0
        )
        elapsed = time.monotonic() - start
    assert elapsed < 3.0
    assert (verdict.outcome, verdict.reason) == (Outcome.UNVERIFIED, "timeout")


def test_a_quick_answer_is_not_cut_by_the_deadline() -> None:
    with DripServer("body", interval=0.0) as server:
        verdict = validate_sync(ANTHROPIC, "token", TOKEN, api_root=server.root, budget=5.0)
    assert verdict.outcome is Outcome.VALID, verdict.message


def test_replay_against_a_dripping_provider_exits_4_within_the_budget(home: Path) -> None:
    answers = home / "answers.json"
    with DripServer("body", interval=2.0) as server:
        answers.write_text(json.dumps({
            "version": 1, "provider": "anthropic", "method": "setup-token",
            "secret": {"env": "SETUP_TOKEN"}, "timeout": 5, "base_url": server.root,
        }))
        env = {"HOME": str(home), "AUTHWIZARD_GENERATION": "G1",
           "PATH": os.path.dirname(authwizard()) + ":/usr/bin:/bin",
               "LANG": "C.UTF-8", "SETUP_TOKEN": TOKEN}
        start = time.monotonic()
        proc = subprocess.run(
            [authwizard(), "--replay", str(answers), "--json"], env=env, capture_output=True,
            text=True, timeout=TOTAL_BUDGET + 30, check=False,
        )
        elapsed = time.monotonic() - start
    assert proc.returncode == 4, proc.stderr
    assert elapsed < TOTAL_BUDGET + 10
    doc = json.loads(proc.stdout)
    assert doc["validation"]["reason"] == "timeout"
    assert TOKEN not in proc.stdout + proc.stderr
    assert not (home / ".openclaw").exists()

