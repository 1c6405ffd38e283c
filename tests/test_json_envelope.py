"""The ``--json`` contract of every command (docs/json-output.md): the installed ``authwizard``
prints exactly one JSON document on stdout, with ``version`` 1, the command, and ``exit_code``
equal to the process's exit status, whatever the outcome."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.provider_server import ProviderServer
from tests.test_doctor import API_KEY, TOKEN, cfg, token, write_state
from tests.test_replay_e2e import authwizard

BROKEN = {"version": 1, "profiles": {"anthropic:default": {
    "mode": "api_key", "provider": "anthropic", "apiKey": API_KEY}}}
CLEAN = {"version": 1, "profiles": {"anthropic:default": token()},
         "lastGood": {"anthropic": "anthropic:default"}}
ANSWERS = {"version": 1, "provider": "anthropic", "method": "setup-token",
           "secret": {"env": "SETUP_TOKEN"}}


def broken(state: Path) -> None:
    write_state(state, cfg(("anthropic:default", "api_key")), {"main": BROKEN})


def clean(state: Path) -> None:
    write_state(state, cfg(("anthropic:default", "token")), {"main": CLEAN})


def unparsable(state: Path) -> None:
    write_state(state, None, {}, config_text='{"auth": {,}\n')


def nothing(state: Path) -> None:
    pass


@dataclass(frozen=True)
class Case:
    name: str
    args: tuple[str, ...]
    setup: Callable[[Path], None]
    command: str
    exit_code: int
    answers: dict[str, Any] | None = None
    credential: str | None = None  # the provider server knows TOKEN in this state


CASES = [
    Case("status", ("status",), clean, "status", 0),
    Case("status-unparsable", ("status",), unparsable, "status", 5),
    Case("status-unknown-agent", ("status", "--agent", "nope"), clean, "status", 2),
    Case("doctor-clean", ("doctor",), clean, "doctor", 0),
    Case("doctor-problems", ("doctor",), broken, "doctor", 1),
    Case("doctor-unparsable", ("doctor",), unparsable, "doctor", 5),
    Case("doctor-fix", ("doctor", "--fix"), broken, "doctor", 0),
    Case("doctor-fix-dry-run", ("doctor", "--fix", "--dry-run"), broken, "doctor", 1),
    Case("replay-written", (), nothing, "replay", 0, ANSWERS, "valid"),
    Case("replay-dry-run", ("--dry-run",), nothing, "replay", 0, ANSWERS, "valid"),
    Case("replay-invalid-answers", (), nothing, "replay", 2, {**ANSWERS, "colour": "blue"}),
    Case("replay-rejected", (), nothing, "replay", 3, ANSWERS, "expired"),
    Case("replay-unparsable-config", (), unparsable, "replay", 5, ANSWERS, "valid"),
    Case("usage-error", ("doctor", "--bogus"), clean, "doctor", 2),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_one_versioned_json_document_per_run(
    case: Case, home: Path, provider_server: ProviderServer
) -> None:
    state = home / ".openclaw"
    case.setup(state)
    argv = [authwizard(), *case.args, "--json"]
    if case.answers is not None:
        path = home / "answers.json"
        path.write_text(json.dumps(case.answers))
        argv += ["--replay", str(path)]
    if case.credential is not None:
        provider_server.add_credential("anthropic", TOKEN, case.credential)
    env = {"HOME": str(home), "PATH": os.path.dirname(authwizard()) + ":/usr/bin:/bin",
           "LANG": "C.UTF-8", "SETUP_TOKEN": TOKEN, "AUTHWIZARD_GENERATION": "G1",
           **provider_server.env()}
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == case.exit_code, proc.stderr
    doc, end = json.JSONDecoder().raw_decode(proc.stdout)
    assert proc.stdout[end:].strip() == "", "more than one document on stdout"
    assert doc["version"] == 1
    assert doc["command"] == case.command
    assert doc["exit_code"] == proc.returncode
    assert doc["ok"] is (proc.returncode == 0)
