"""Deeply nested files are refused, never a RecursionError: a config or store nested past
``MAX_DEPTH`` is exit 5 naming the file in every command, with the JSON document printed; an
answers file is exit 2; a provider's answer or a paste is read as "not what we expected"
(hardening item 11). Up to the limit every command works."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from pathlib import Path

import pytest

from tests.test_answer_shape import FixedAnswer
from tests.test_replay_e2e import TOKEN, authwizard
from wizard.core import jsontext
from wizard.core.secrets import PasteError, classify
from wizard.providers.validate import Outcome, validate_sync
from wizard.spec.registry import PROVIDERS

COMMANDS = [["status"], ["doctor"], ["doctor", "--fix"], ["--replay", "ANSWERS"]]


def nested(levels: int) -> str:
    return "[" * levels + "1" + "]" * levels


def run(home: Path, argv: list[str]) -> subprocess.CompletedProcess[str]:
    answers = home / "answers.json"
    answers.write_text(json.dumps({"version": 1, "provider": "anthropic", "method": "setup-token",
                                   "secret": {"env": "SETUP_TOKEN"}, "validate": False}))
    argv = [str(answers) if a == "ANSWERS" else a for a in argv]
    env = {"HOME": str(home), "AUTHWIZARD_GENERATION": "G1",
           "PATH": os.path.dirname(authwizard()) + ":/usr/bin:/bin",
           "LANG": "C.UTF-8", "SETUP_TOKEN": TOKEN}
    return subprocess.run([authwizard(), *argv, "--json"], env=env, capture_output=True,
                          text=True, timeout=60, check=False)


def snapshot(home: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted((home / ".openclaw").rglob("*"))
            if p.is_file()}


def config_at(home: Path, levels: int) -> Path:
    path = home / ".openclaw" / "openclaw.json"
    path.parent.mkdir(parents=True)
    path.write_text("// mine\n{ui: {theme: " + nested(levels - 2) + "}}\n")
    return path


def store_at(home: Path, levels: int) -> Path:
    path = home / ".openclaw" / "agents" / "main" / "agent" / "auth-profiles.json"
    path.parent.mkdir(parents=True)
    (home / ".openclaw" / "openclaw.json").write_text("{}\n")
    path.write_text('{"version": 1, "profiles": {"anthropic:x": {"type": "token", '
                    '"provider": "anthropic", "token": "t", "meta": ' + nested(levels - 3) + "}}}")
    return path


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
@pytest.mark.parametrize("levels", [jsontext.MAX_DEPTH + 1, 10_000])
def test_a_config_nested_too_deep_is_exit_5_in_every_command(
    home: Path, argv: list[str], levels: int
) -> None:
    path = config_at(home, levels)
    before = snapshot(home)
    r = run(home, argv)
    assert r.returncode == 5, r.stderr
    assert "Traceback" not in r.stderr
    error = json.loads(r.stdout)["error"]
    assert str(path) in error["message"] and "nested more than" in error["message"]
    assert snapshot(home) == before


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_a_store_nested_too_deep_is_exit_5_in_every_command(home: Path, argv: list[str]) -> None:
    path = store_at(home, 10_000)
    before = snapshot(home)
    r = run(home, argv)
    assert r.returncode == 5, r.stderr
    error = json.loads(r.stdout)["error"]
    assert str(path) in error["message"] and "nested more than" in error["message"]
    assert snapshot(home) == before


@pytest.mark.parametrize("argv", COMMANDS, ids=lambda a: " ".join(a))
def test_nesting_up_to_the_limit_works(home: Path, argv: list[str]) -> None:
    config = config_at(home, jsontext.MAX_DEPTH)
    kept = config.read_text()
    r = run(home, argv)
    assert r.returncode in (0, 1), r.stderr  # doctor: 1 = problems found, not a crash
    assert "Traceback" not in r.stderr and "error" not in json.loads(r.stdout)
    assert kept.rstrip("}\n") in config.read_text()  # the deep member is kept as it was


def test_a_deeply_nested_answers_file_is_exit_2(home: Path) -> None:
    answers = home / "deep.json"
    answers.write_text('{"version": 1, "x": ' + nested(100_000) + "}")
    env = {"HOME": str(home), "AUTHWIZARD_GENERATION": "G1",
           "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    r = subprocess.run([authwizard(), "--replay", str(answers), "--json"], env=env,
                       capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 2, r.stderr
    assert "nested too deeply" in json.loads(r.stdout)["error"]["message"]


def test_a_deeply_nested_provider_answer_is_could_not_verify() -> None:
    server = FixedAnswer()
    server.body = nested(100_000).encode()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        verdict = validate_sync(PROVIDERS["anthropic"], "token", TOKEN, api_root=server.root)
    finally:
        server.shutdown()
        server.server_close()
    assert verdict.outcome is Outcome.UNVERIFIED


def test_a_deeply_nested_paste_is_a_paste_error() -> None:
    with pytest.raises(PasteError):
        classify('{"token": ' + nested(5000) + "}")


def test_too_deep_counts_levels_without_recursion() -> None:
    assert not jsontext.too_deep(json.loads(nested(100)), 100)
    assert not jsontext.too_deep([1, [2], json.loads(nested(99))], 100)
    assert jsontext.too_deep(json.loads(nested(101)), 100)
    assert jsontext.too_deep({"a": {"b": [1, json.loads(nested(98))]}}, 100)
    assert not jsontext.too_deep("x" * 10, 0)


def test_parse_refuses_past_the_limit_naming_the_place() -> None:
    jsontext.parse("{a: " + nested(jsontext.MAX_DEPTH - 1) + "}")
    with pytest.raises(jsontext.JSONTextError) as caught:
        jsontext.parse("{a: " + nested(jsontext.MAX_DEPTH) + "}")
    assert caught.value.line == 1 and caught.value.column == 5 + jsontext.MAX_DEPTH - 1
