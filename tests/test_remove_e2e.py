"""``authwizard remove`` end to end: the installed command as a subprocess on a JSON-era state
(AUTHWIZARD_GENERATION=G1), checked on the files it leaves and with the rule-8 checker."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.consistency import assert_consistent
from tests.provider_server import ProviderServer
from tests.test_replay_e2e import (
    API_KEY,
    OPENAI_KEY,
    TOKEN,
    Run,
    answers,
    authwizard,
    config,
    run,
    state,
    store,
)

__all__ = ["run"]
PID = "anthropic:default"
OPENAI = "openai:default"


def two_agents(run: Callable[..., Run], home: Path) -> Path:
    """main and work, each with an anthropic token and an OpenAI key of its own."""
    sd = home / ".openclaw"
    sd.mkdir(mode=0o700)
    (sd / "openclaw.json").write_text(json.dumps(
        {"agents": {"list": [{"id": "main", "default": True}, {"id": "work"}]}}, indent=2))
    r = run("--json", answers=answers(agents="all", validate=False))
    assert r.code == 0, r.err
    r = run("--json", answers=answers(provider="openai", method="api-key", agents="all",
                                      secret={"env": "KEY"}, validate=False),
            extra_env={"KEY": OPENAI_KEY})
    assert r.code == 0, r.err
    return sd


def holding(home: Path, secret: str) -> list[str]:
    return sorted(str(p.relative_to(home)) for p in home.rglob("*")
                  if p.is_file() and secret.encode() in p.read_bytes())


def test_remove_from_one_agent(run: Callable[..., Run], home: Path) -> None:
    sd = two_agents(run, home)
    r = run("remove", PID, "--agent", "work", "--yes", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["removed"] is True and doc["agents"] == ["work"], doc
    assert PID not in store(home, "work")["profiles"]
    assert store(home, "main")["profiles"][PID]["token"] == TOKEN
    assert PID in config(home)["auth"]["profiles"]  # main's store still holds it
    # work inherits main's store: it still has a usable anthropic profile
    (after,) = [a for a in doc["afterwards"] if a["agent"] == "work"]
    assert after["lost"] is False and after["uses"] == f"profile {PID}", doc
    assert_consistent(sd, PID, ["main"])
    assert_consistent(sd, OPENAI, ["main", "work"])


def test_remove_from_all_agents(run: Callable[..., Run], home: Path) -> None:
    sd = two_agents(run, home)
    r = run("remove", PID, "--agent", "all", "--yes", "--json")
    assert r.code == 0, r.err
    doc = r.json()
    assert doc["agents"] == ["main", "work"], doc
    for agent in ("main", "work"):
        data = store(home, agent)
        assert PID not in data["profiles"]
        assert "anthropic" not in data.get("lastGood", {})
    assert PID not in config(home)["auth"]["profiles"]
    assert {a["agent"] for a in doc["afterwards"] if a["lost"]} == {"main", "work"}
    assert_consistent(sd, OPENAI, ["main", "work"])


def test_last_credential_needs_yes_without_a_terminal(run: Callable[..., Run],
                                                      home: Path) -> None:
    assert run(answers=answers(validate=False)).code == 0
    before = state(home)
    r = run("remove", PID, stdin="y\n")
    assert r.code == 2, r.err
    assert "--yes" in r.err and "no terminal" in r.err
    assert state(home) == before, "a refused remove changed a file"
    r = run("remove", PID, "--json")
    assert r.code == 2 and r.json()["ok"] is False and r.json()["removed"] is False
    assert state(home) == before

    r = run("remove", PID, "--yes", "--json")
    assert r.code == 0, r.err
    (after,) = r.json()["afterwards"]
    assert after == {"agent": "main", "provider": "anthropic", "uses": None, "lost": True,
                     "says": after["says"]}
    assert "No API key found" in after["says"]
    assert PID not in store(home)["profiles"] and PID not in config(home)["auth"]["profiles"]


def test_what_openclaw_uses_instead_is_named(run: Callable[..., Run], home: Path) -> None:
    assert run(answers=answers(validate=False)).code == 0
    r = run("remove", PID, "--yes", extra_env={"ANTHROPIC_API_KEY": API_KEY})
    assert r.code == 0, r.err
    assert "OpenClaw will use environment variable ANTHROPIC_API_KEY instead" in r.out, r.out


def test_a_profile_named_by_order_last_good_and_usage(run: Callable[..., Run],
                                                      home: Path) -> None:
    sd = home / ".openclaw"
    (sd / "agents" / "main" / "agent").mkdir(parents=True)
    os.chmod(sd, 0o700)
    (sd / "openclaw.json").write_text(json.dumps({"auth": {
        "profiles": {"anthropic:a": {"provider": "anthropic", "mode": "token"},
                     "anthropic:b": {"provider": "anthropic", "mode": "api_key"}},
        "order": {"anthropic": ["anthropic:a", "anthropic:b"]}}}, indent=2))
    spath = sd / "agents" / "main" / "agent" / "auth-profiles.json"
    spath.write_text(json.dumps({
        "version": 1,
        "profiles": {
            "anthropic:a": {"type": "token", "provider": "anthropic", "token": TOKEN},
            "anthropic:b": {"type": "api_key", "provider": "anthropic", "key": API_KEY}},
        "order": {"anthropic": ["anthropic:a", "anthropic:b"]},
        "lastGood": {"anthropic": "anthropic:a"},
        "usageStats": {"anthropic:a": {"lastUsed": 1}, "anthropic:b": {"lastUsed": 2}},
    }, indent=2))
    os.chmod(spath, 0o600)
    r = run("remove", "anthropic:a", "--yes", "--json")
    assert r.code == 0, r.err
    data = store(home)
    assert data["order"] == {"anthropic": ["anthropic:b"]}
    assert "lastGood" not in data
    assert data["usageStats"] == {"anthropic:b": {"lastUsed": 2}}
    assert config(home)["auth"]["order"] == {"anthropic": ["anthropic:b"]}
    assert list(config(home)["auth"]["profiles"]) == ["anthropic:b"]
    (after,) = r.json()["afterwards"]
    assert after["uses"] == "profile anthropic:b" and after["lost"] is False
    assert_consistent(sd, "anthropic:b", ["main"], ranked=False)
    assert holding(sd, TOKEN) == ["agents/main/agent/auth-profiles.json.bak"]


def test_second_remove_has_nothing_to_remove(run: Callable[..., Run], home: Path) -> None:
    assert run(answers=answers(validate=False)).code == 0
    assert run("remove", PID, "--yes").code == 0
    before = state(home)
    r = run("remove", PID, "--yes")
    assert r.code == 0, r.err
    assert "nothing to remove" in r.out
    assert state(home) == before
    doc = run("remove", PID, "--json").json()
    assert doc["nothing_to_remove"] is True and doc["exit_code"] == 0


def test_unknown_agent_and_dry_run_change_nothing(run: Callable[..., Run], home: Path) -> None:
    assert run(answers=answers(validate=False)).code == 0
    before = state(home)
    r = run("remove", PID, "--agent", "nobody", "--yes")
    assert r.code == 2 and "unknown agent" in r.err
    r = run("remove", PID, "--dry-run")
    assert r.code == 0 and "Dry run" in r.out and "-      \"token\": \"sk-ant-oat01-…" in r.out
    assert state(home) == before


def _tty_remove(home: Path, answer: bytes, extra: dict[str, Any]) -> tuple[int, str]:
    """Run ``authwizard remove`` with a terminal on stdin and type ``answer``."""
    main, child = pty.openpty()
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "AUTHWIZARD_GENERATION": "G1", **extra}
    proc = subprocess.Popen([authwizard(), "remove", PID], stdin=child, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    os.close(child)
    os.write(main, answer)
    out, err = proc.communicate(timeout=60)
    os.close(main)
    return proc.returncode, out.decode() + err.decode()


def test_a_terminal_is_asked(run: Callable[..., Run], home: Path,
                             provider_server: ProviderServer) -> None:
    assert run(answers=answers(validate=False)).code == 0
    before = state(home)
    code, text = _tty_remove(home, b"n\n", {})
    assert code == 130 and "Remove anthropic:default? [y/N]" in text, text
    assert TOKEN not in text
    assert state(home) == before
    code, text = _tty_remove(home, b"y\n", {})
    assert code == 0 and "Removed anthropic:default" in text, text
    assert PID not in store(home)["profiles"]


def test_the_restart_is_suggested_only_where_openclaw_is_installed(
    run: Callable[..., Run], home: Path, tmp_path: Path
) -> None:
    """`next: openclaw gateway restart` after a setup or a removal is a step the user can take
    only with OpenClaw installed; without it there is no gateway, and no such line."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for installed in (False, True):
        if installed:
            cli = bin_dir / "openclaw"
            cli.write_text("#!/bin/sh\necho 'OpenClaw 2026.1.30'\n")
            cli.chmod(0o755)
        path = {"PATH": f"{bin_dir}:{os.path.dirname(authwizard())}:/usr/bin:/bin"}
        setup = run(answers=answers(validate=False), extra_env=path)
        removal = run("remove", PID, "--yes", extra_env=path)
        assert setup.code == 0 and removal.code == 0, (setup.err, removal.err)
        for said in (setup.out + setup.err, removal.out + removal.err):
            assert ("next: openclaw gateway restart" in said) is installed, (installed, said)
