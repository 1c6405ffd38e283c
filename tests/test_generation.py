"""Which OpenClaw storage generation is in use, and how authwizard writes for it (DESIGN §9).

Boundaries from reference/openclaw-versions.md §1. The real releases are exercised by
tests/compat; here a stand-in ``openclaw`` script answers like 2026.9.6 does (its outputs are
tests/compat/samples/openclaw@2026.9.6) so the G3/G4 path runs in the default suite.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from wizard.openclaw.generation import detect
from wizard.spec.releases import generation_of, parse_version

TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
API_KEY = "sk-ant-api03-" + "Z9y8X7w6" * 12
AUTHWIZARD = str(Path(sys.executable).with_name("authwizard"))


@pytest.mark.parametrize(
    ("version", "package", "expected"),
    [
        ("2026.1.24-3", "clawdbot", "G1"),
        ("2026.1.30", "openclaw", "G1"),
        ("2026.4.5", "openclaw", "G1"),
        ("2026.4.7", "openclaw", "G2"),
        ("2026.6.1", "openclaw", "G2"),
        ("2026.6.5", "openclaw", "G3"),
        ("2026.7.35", "openclaw", "G3"),
        ("2026.8.1", "openclaw", "G4"),
        ("2026.9.6", "openclaw", "G4"),
    ],
)
def test_release_boundaries(version: str, package: str, expected: str) -> None:
    parsed = parse_version(f"OpenClaw {version} (eb377ac)")
    assert parsed is not None
    assert generation_of(parsed, package) == expected


def fake_openclaw(bin_dir: Path, version: str, log: Path, *, fenced: bool = False,
                  refuse_agent: str | None = None) -> Path:
    """A stand-in ``openclaw``: prints its version, records argv and stdin of ``models auth``,
    which rewrites ``auth.profiles`` in the config and reports the profile, and answers
    ``models status --json`` with what it was given, as 2026.9.6 does."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "openclaw"
    script.write_text(f"""#!{sys.executable}
import json, os, sys, pathlib
log = pathlib.Path({str(log)!r})
args = sys.argv[1:]
state = log.with_suffix(".state.json")
profiles = json.loads(state.read_text()) if state.exists() else []
if args == ["--version"]:
    print("OpenClaw {version} (eb377ac)"); sys.exit(0)
if {fenced!r}:
    print("Auth profile store requires legacy credential migration; run openclaw doctor --fix. "
          "code=AUTH_PROFILE_MIGRATION_REQUIRED", file=sys.stderr)
    print(json.dumps({{"ok": False, "error": {{"type": "cli_error", "message": "migration"}}}}))
    sys.exit(1)
if args[:2] == ["models", "auth"] and {refuse_agent!r} in args:
    print("Error: agent store is locked by another process", file=sys.stderr)
    sys.exit(1)
if args[:2] == ["models", "auth"]:
    secret = sys.stdin.read()
    with log.open("a") as f:
        f.write(json.dumps({{"argv": args, "stdin": secret}}) + "\\n")
    pid = args[args.index("--profile-id") + 1]
    kind = "token" if "paste-token" in args else "api_key"
    profiles = [p for p in profiles if p["profileId"] != pid]
    profiles.append({{"profileId": pid, "provider": "anthropic", "type": kind,
                      "status": "static", "source": "store", "label": pid}})
    state.write_text(json.dumps(profiles))
    config = pathlib.Path(os.environ["OPENCLAW_CONFIG_PATH"])
    doc = json.loads(config.read_text()) if config.exists() else {{}}
    doc.setdefault("auth", {{}}).setdefault("profiles", {{}})[pid] = {{
        "provider": "anthropic", "mode": kind}}
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps(doc, indent=2))
    print("Updated config: ~/.openclaw/openclaw.json")
    print(f"Auth profile: {{pid}} (anthropic/{{kind}})")
    sys.exit(0)
if args[:2] == ["models", "status"]:
    print(json.dumps({{"auth": {{"storePath": "state/openclaw.sqlite", "oauth": {{
        "profiles": profiles,
        "providers": [{{"provider": "anthropic", "status": "static", "profiles": profiles,
                        "effectiveProfiles": profiles}}] if profiles else []}}}}}}))
    sys.exit(0)
sys.exit(2)
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def run_replay(
    home: Path, bin_dir: Path, answers: dict[str, object]
) -> subprocess.CompletedProcess[str]:
    path = home / "answers.json"
    path.write_text(json.dumps(answers))
    env = {"HOME": str(home), "PATH": f"{bin_dir}:{Path(AUTHWIZARD).parent}:/usr/bin:/bin",
           "SETUP_TOKEN": TOKEN}
    return subprocess.run([AUTHWIZARD, "--replay", str(path), "--json"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)


ANSWERS: dict[str, object] = {"version": 1, "provider": "anthropic", "method": "setup-token",
                              "secret": {"env": "SETUP_TOKEN"}, "validate": False}


def test_g4_writes_through_the_cli_with_the_secret_on_stdin(home: Path, tmp_path: Path) -> None:
    log = tmp_path / "calls.jsonl"
    fake_openclaw(tmp_path / "bin", "2026.9.6", log)
    r = run_replay(home, tmp_path / "bin", ANSWERS)
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["generation"]["generation"] == "G4" and doc["generation"]["source"] == "installed"
    assert doc["written_by"] == "openclaw" and doc["profile"] == "anthropic:default"
    (call,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert call["argv"] == ["models", "auth", "--agent", "main", "paste-token",
                            "--provider", "anthropic", "--profile-id", "anthropic:default"]
    assert call["stdin"] == TOKEN + "\n"
    assert not any(TOKEN in a for a in call["argv"])
    assert TOKEN not in r.stdout + r.stderr
    assert not list(home.rglob("auth-profiles.json")), "no JSON store for a SQLite release"
    again = run_replay(home, tmp_path / "bin", ANSWERS)  # rotation: the same id again
    assert again.returncode == 0 and json.loads(again.stdout)["rotated"] is True


def test_fenced_g4_state_is_exit_5_pointing_to_the_import(home: Path,
                                                                tmp_path: Path) -> None:
    fake_openclaw(tmp_path / "bin", "2026.9.6", tmp_path / "calls.jsonl", fenced=True)
    r = run_replay(home, tmp_path / "bin", ANSWERS)
    assert r.returncode == 5
    assert "authwizard doctor --fix" in json.loads(r.stdout)["error"]["fix"]
    assert not (tmp_path / "calls.jsonl").exists()


def test_too_old_cli_on_a_sqlite_state_is_exit_5(home: Path, tmp_path: Path) -> None:
    """2026.5.20 cannot take a secret on stdin; forced to G4 it must refuse, not fall back."""
    fake_openclaw(tmp_path / "bin", "2026.5.20", tmp_path / "calls.jsonl")
    path = home / "answers.json"
    path.write_text(json.dumps(ANSWERS))
    env = {"HOME": str(home), "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "SETUP_TOKEN": TOKEN}
    r = subprocess.run([AUTHWIZARD, "--replay", str(path), "--generation", "G4", "--json"],
                       env=env, capture_output=True, text=True, timeout=60, check=False)
    assert r.returncode == 5, r.stderr
    assert "2026.5.22" in json.loads(r.stdout)["error"]["message"]
    assert not list(home.rglob("auth-profiles.json"))


def test_sqlite_state_without_openclaw_is_exit_5_naming_the_install(home: Path,
                                                                     tmp_path: Path) -> None:
    (home / ".openclaw" / "state").mkdir(parents=True)
    (home / ".openclaw" / "state" / "openclaw.sqlite").write_bytes(b"SQLite format 3\x00")
    r = run_replay(home, tmp_path / "empty-bin", ANSWERS)
    assert r.returncode == 5
    doc = json.loads(r.stdout)
    assert doc["generation"]["generation"] == "G4" and doc["generation"]["source"] == "files"
    assert "npm install" in doc["error"]["fix"]
    assert not list(home.rglob("auth-profiles.json"))


def detect_in(home: Path, config: Mapping[str, object] | None = None, path: str = "") -> str:
    state = home / ".openclaw"
    agent = state / "agents" / "main" / "agent"
    return detect({"PATH": path}, config or {}, state, [agent], state / "openclaw.json").generation


def test_detection_order_and_evidence(home: Path, tmp_path: Path) -> None:
    state = home / ".openclaw"
    agent = state / "agents" / "main" / "agent"
    agent.mkdir(parents=True)
    nothing = detect({"PATH": ""}, {}, state, [agent], state / "openclaw.json")
    assert nothing.generation == "G1" and nothing.source == "none" and nothing.warnings
    (agent / "auth-state.json").write_text("{}")
    assert detect_in(home) == "G2"
    (agent / "openclaw-agent.sqlite").write_bytes(b"")
    assert detect_in(home) == "G3"
    (state / "state").mkdir()
    (state / "state" / "openclaw.sqlite").write_bytes(b"")
    assert detect_in(home) == "G4"
    meta = {"meta": {"lastTouchedVersion": "2026.1.30"}}
    assert detect_in(home, meta) == "G1"  # the config's stamp beats the files
    fake_openclaw(tmp_path / "bin", "2026.6.1", tmp_path / "log")
    assert detect_in(home, meta, str(tmp_path / "bin")) == "G2"  # the installed CLI beats both
    newer = tmp_path / "newer"
    fake_openclaw(newer, "2027.1.2", tmp_path / "log2")
    found = detect({"PATH": str(newer)}, {}, state, [agent], state / "openclaw.json")
    assert found.generation == "G4" and "newer than the newest" in found.warnings[0]
    forced = detect({"PATH": str(newer)}, {}, state, [agent], state / "openclaw.json",
                    override="g2")
    assert forced.generation == "G2" and forced.source == "override"


def test_status_and_doctor_name_the_generation(home: Path, tmp_path: Path) -> None:
    fake_openclaw(tmp_path / "bin", "2026.7.35", tmp_path / "calls.jsonl")
    env = {**os.environ, "HOME": str(home), "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin"}
    for cmd in (["status", "--json"], ["doctor", "--json"]):
        r = subprocess.run([AUTHWIZARD, *cmd], env=env, capture_output=True, text=True,
                           timeout=60, check=False)
        assert json.loads(r.stdout)["generation"]["generation"] == "G3", r.stderr


def test_status_as_text_on_a_sqlite_release_shows_what_openclaw_reports(
    home: Path, tmp_path: Path
) -> None:
    """The table `authwizard status` prints on G3/G4, before and after a credential exists:
    OpenClaw's own view (ids, types, order), never a secret."""
    fake_openclaw(tmp_path / "bin", "2026.9.6", tmp_path / "calls.jsonl")
    env = {**os.environ, "HOME": str(home), "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin"}

    def status() -> subprocess.CompletedProcess[str]:
        return subprocess.run([AUTHWIZARD, "status"], env=env, capture_output=True, text=True,
                              timeout=60, check=False)

    empty = status()
    assert empty.returncode == 0, empty.stderr
    assert "agent main (default)" in empty.stdout and "no credentials" in empty.stdout
    assert run_replay(home, tmp_path / "bin", ANSWERS).returncode == 0
    r = status()
    assert r.returncode == 0, r.stderr
    assert "as OpenClaw reports it (openclaw models status --json)" in r.stdout
    assert "anthropic: OpenClaw uses anthropic:default" in r.stdout
    rows = [line.split() for line in r.stdout.splitlines()]
    assert ["1", "anthropic:default", "token", "static", "yes"] in rows, r.stdout
    assert TOKEN not in r.stdout + r.stderr


def test_a_clean_doctor_vouches_only_for_what_it_read(home: Path, tmp_path: Path) -> None:
    """On a SQLite release the doctor reads openclaw.json, not the credentials: a clean run
    says so, instead of 'both files agree'."""
    fake_openclaw(tmp_path / "bin", "2026.9.6", tmp_path / "calls.jsonl")
    sqlite_env = {**os.environ, "HOME": str(home), "PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin"}
    json_env = {**sqlite_env, "PATH": "/usr/bin:/bin"}
    for env, words, code in (
        (sqlite_env, "openclaw.json is valid and no JSON store is in OpenClaw's", 0),
        (json_env, "No model credential is set up for OpenClaw yet: run `authwizard`", 1),
    ):
        for cmd in (["doctor"], ["doctor", "--fix"]):
            r = subprocess.run([AUTHWIZARD, *cmd], env=env, capture_output=True, text=True,
                               timeout=60, check=False)
            assert r.returncode == code and words in r.stdout, (cmd, r.stdout, r.stderr)
            assert "both files agree" not in r.stdout


def test_the_next_command_names_the_installed_cli(home: Path, tmp_path: Path) -> None:
    """clawdbot 2026.1.x users have no `openclaw` command: the gateway restart they are told
    to run is `clawdbot gateway restart` (the same subcommand there)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    clawdbot = bin_dir / "clawdbot"
    clawdbot.write_text(f"#!{sys.executable}\nprint('2026.1.24-3')\n")
    clawdbot.chmod(0o755)
    r = run_replay(home, bin_dir, ANSWERS)
    assert r.returncode == 0, r.stderr
    assert "installed clawdbot 2026.1.24" in r.stderr
    assert "next: clawdbot gateway restart" in r.stderr and "openclaw gateway" not in r.stderr
    assert (home / ".clawdbot" / "clawdbot.json").exists()


def lingering_cli(bin_dir: Path, pid_file: Path) -> Path:
    """Like clawdbot 2026.1.24-3 now and then: prints its version (in two writes, the line
    split mid-number) and does not exit."""
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "clawdbot"
    script.write_text(f"""#!{sys.executable}
import os, sys, time
open({str(pid_file)!r}, "w").write(str(os.getpid()))
sys.stdout.write("2026.1."); sys.stdout.flush(); time.sleep(0.2)
sys.stdout.write("24-3\\n"); sys.stdout.flush()
time.sleep(5)
print("LATE"); sys.stdout.flush()
time.sleep(300)
""")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_a_cli_that_prints_its_version_and_lingers_is_read_and_stopped(tmp_path: Path) -> None:
    from wizard.openclaw.generation import _first_version_output, installed_version

    pid_file = tmp_path / "pid"
    script = lingering_cli(tmp_path / "bin", pid_file)
    out = _first_version_output([str(script), "--version"], {"PATH": "/usr/bin:/bin"}, 60.0)
    assert out == "2026.1.24-3\n"  # the whole line, and nothing printed after it
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)  # no process left behind
    assert installed_version(str(script), {"PATH": "/usr/bin:/bin"}) == "2026.1.24"


def test_a_cli_that_never_answers_gives_no_version(tmp_path: Path) -> None:
    script = tmp_path / "openclaw"
    script.write_text("#!/bin/sh\nexec sleep 300\n")
    script.chmod(0o755)
    from wizard.openclaw.generation import installed_version

    assert installed_version(str(script), {"PATH": "/usr/bin:/bin"}, timeout=0.5) is None


def test_g4_second_agent_failing_says_which_agents_were_written(
    home: Path, tmp_path: Path
) -> None:
    log = tmp_path / "calls.jsonl"
    fake_openclaw(tmp_path / "bin", "2026.9.6", log, refuse_agent="work")
    config = home / ".openclaw" / "openclaw.json"
    config.parent.mkdir(parents=True)
    config.write_text(json.dumps({"agents": {"list": [{"id": "main"}, {"id": "work"}]}}))
    r = run_replay(home, tmp_path / "bin", {**ANSWERS, "agents": ["main", "work"]})
    assert r.returncode == 5, r.stderr
    doc = json.loads(r.stdout)
    assert doc["written_agents"] == ["main"] and doc["unwritten_agents"] == ["work"]
    assert "main were already written" in doc["error"]["message"]
    assert "nothing was changed" not in r.stdout + r.stderr
    assert TOKEN not in r.stdout + r.stderr
