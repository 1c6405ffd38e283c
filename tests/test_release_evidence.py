"""What authwizard knows about the installed OpenClaw release, and what it does without knowing.

An ``openclaw`` on PATH that hangs on ``--version`` or floods its output is reported as not
answering (never as "no OpenClaw"), within a few seconds; with no evidence at all a write is
refused before any request, while ``status`` and ``doctor`` still judge the files and say the
release is unknown. Real stand-in executables on PATH, the installed ``authwizard``, the
loopback provider server.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.provider_server import ProviderServer
from wizard.openclaw.generation import PROBE_TIMEOUT

TOKEN = "sk-ant-oat01-" + "Qw3rTy7u" * 12
AUTHWIZARD = str(Path(sys.executable).with_name("authwizard"))
ANSWERS = {"version": 1, "provider": "anthropic", "method": "setup-token",
           "secret": {"env": "SETUP_TOKEN"}}

HANGS = "#!/bin/sh\nexec sleep 300\n"
FLOODS = f"#!{sys.executable}\nimport sys\nwhile True:\n    sys.stdout.write('x' * 4096)\n"


def stand_in(bin_dir: Path, body: str) -> Path:
    bin_dir.mkdir(parents=True, exist_ok=True)
    script = bin_dir / "openclaw"
    script.write_text(body)
    script.chmod(0o755)
    return script


def authwizard(home: Path, bin_dir: Path, *args: str, server: ProviderServer | None = None,
               **extra: str) -> tuple[subprocess.CompletedProcess[str], float]:
    env = {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin", "LANG": "C.UTF-8",
           "SETUP_TOKEN": TOKEN, **(server.env() if server else {}), **extra}
    started = time.monotonic()
    r = subprocess.run([AUTHWIZARD, *args], env=env, capture_output=True, text=True,
                       timeout=120, check=False)
    assert TOKEN not in r.stdout + r.stderr
    return r, time.monotonic() - started


def files_under(home: Path) -> dict[str, bytes]:
    return {str(p.relative_to(home)): p.read_bytes() for p in sorted(home.rglob("*"))
            if p.is_file()}


def replay(home: Path, bin_dir: Path, server: ProviderServer, *args: str,
           **extra: str) -> tuple[subprocess.CompletedProcess[str], float]:
    path = home / "answers.json"
    path.write_text(json.dumps(ANSWERS))
    return authwizard(home, bin_dir, "--replay", str(path), "--json", *args, server=server,
                      **extra)


@pytest.mark.parametrize(("body", "why"), [
    (HANGS, "did not answer --version within"),
    (FLOODS, "printed more than 64 KiB for --version"),
], ids=["hangs", "floods"])
def test_an_openclaw_that_does_not_answer_is_named_and_nothing_is_written(
    home: Path, tmp_path: Path, provider_server: ProviderServer, body: str, why: str
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    script = stand_in(tmp_path / "bin", body)
    before = files_under(home)
    r, took = replay(home, tmp_path / "bin", provider_server)
    assert took < PROBE_TIMEOUT + 15, "the version probe is not short"
    assert r.returncode == 5, r.stderr
    doc = json.loads(r.stdout)
    assert doc["generation"]["source"] == "unanswered" and doc["generation"]["known"] is False
    assert f"the installed openclaw ({script}) {why}" in doc["error"]["message"]
    assert "--generation" in doc["error"]["fix"] and "--version" in doc["error"]["fix"]
    assert "no OpenClaw found" not in r.stdout + r.stderr
    assert provider_server.requests == []
    assert files_under(home) == {**before, "answers.json": files_under(home)["answers.json"]}


def test_status_with_an_openclaw_that_hangs_says_so_in_seconds(home: Path,
                                                               tmp_path: Path) -> None:
    script = stand_in(tmp_path / "bin", HANGS)
    r, took = authwizard(home, tmp_path / "bin", "status")
    assert took < PROBE_TIMEOUT + 15
    assert r.returncode == 0, r.stderr
    assert f"the installed openclaw ({script}) did not answer --version" in r.stdout
    assert "the OpenClaw release is unknown" in r.stdout
    assert "no OpenClaw found" not in r.stdout


def test_a_hung_openclaw_does_not_hide_the_configs_release(home: Path, tmp_path: Path) -> None:
    """The config's stamp still counts; the binary that did not answer is a warning."""
    state = home / ".openclaw"
    state.mkdir()
    (state / "openclaw.json").write_text(json.dumps({"meta": {"lastTouchedVersion": "2026.6.1"}}))
    script = stand_in(tmp_path / "bin", HANGS)
    r, _ = authwizard(home, tmp_path / "bin", "status", "--json")
    doc = json.loads(r.stdout)
    assert doc["generation"]["generation"] == "G2"
    assert doc["generation"]["source"] == "config-meta" and doc["generation"]["known"] is True
    assert any(f"openclaw ({script}) did not answer --version" in w
               for w in doc["generation"]["warnings"])


def test_no_evidence_refuses_to_write_before_any_request(
    home: Path, tmp_path: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    for extra in ((), ("--dry-run",)):
        r, _ = replay(home, tmp_path / "no-bin", provider_server, *extra)
        assert r.returncode == 5, r.stderr
        doc = json.loads(r.stdout)
        assert doc["generation"]["source"] == "none" and doc["generation"]["known"] is False
        assert "the OpenClaw release is unknown" in doc["error"]["message"]
        assert "--generation" in doc["error"]["fix"]
        assert "npm install -g openclaw" in doc["error"]["fix"]
        assert "AUTHWIZARD_GENERATION" in doc["error"]["fix"]
    assert provider_server.requests == []
    assert list(files_under(home)) == ["answers.json"]


@pytest.mark.parametrize("how", ["variable", "option"])
def test_the_generation_variable_is_the_same_as_the_option(
    home: Path, tmp_path: Path, provider_server: ProviderServer, how: str
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    if how == "variable":
        r, _ = replay(home, tmp_path / "no-bin", provider_server, AUTHWIZARD_GENERATION="g2")
    else:
        r, _ = replay(home, tmp_path / "no-bin", provider_server, "--generation", "G2")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)
    assert doc["generation"]["generation"] == "G2" and doc["generation"]["source"] == "override"
    named = "AUTHWIZARD_GENERATION" if how == "variable" else "--generation"
    assert f"(set with {named})" in r.stderr
    assert (home / ".openclaw" / "agents" / "main" / "agent" / "auth-profiles.json").exists()


def test_a_wrong_generation_variable_is_a_usage_error(home: Path, tmp_path: Path,
                                                      provider_server: ProviderServer) -> None:
    r, _ = replay(home, tmp_path / "no-bin", provider_server, AUTHWIZARD_GENERATION="G7")
    assert r.returncode == 2
    assert "AUTHWIZARD_GENERATION G7: expected one of G1, G2, G3, G4" in r.stderr
    assert provider_server.requests == []


@pytest.mark.parametrize("command", ["status", "doctor"])
def test_status_and_doctor_work_and_say_the_release_is_unknown(
    home: Path, tmp_path: Path, command: str
) -> None:
    r, _ = authwizard(home, tmp_path / "no-bin", command)
    nothing_set_up = command == "doctor"  # an empty HOME: exit 1, "run `authwizard`"
    assert r.returncode == (1 if nothing_set_up else 0), r.stderr
    assert not nothing_set_up or "No model credential is set up for OpenClaw yet" in r.stdout
    assert "the OpenClaw release is unknown (no `openclaw` on PATH" in r.stdout
    assert "judged by the strictest rules" in r.stdout
    assert "OpenClaw: release unknown: no OpenClaw found" in r.stdout  # nothing is assumed
    assert "assuming" not in r.stdout
    j, _ = authwizard(home, tmp_path / "no-bin", command, "--json")
    doc = json.loads(j.stdout)
    assert doc["generation"]["known"] is False
    assert any("the OpenClaw release is unknown" in w for w in doc["warnings"])
