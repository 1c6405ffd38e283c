"""How many OpenClaw processes each command starts on a SQLite-era release (2026.6.5 on), where
every one is seconds of Node: the version comes from the installed ``package.json``, ``models
status`` is asked at most once per agent and command, and a write is confirmed by the paste's
own report and the config it rewrote. Counted with an npm-installed stand-in that logs each run
(tests/openclaw_standin.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.openclaw_standin import StandIn, install_standin

TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
API_KEY = "sk-ant-api03-" + "Z9y8X7w6" * 12
AUTHWIZARD = str(Path(sys.executable).with_name("authwizard"))
ANSWERS: dict[str, Any] = {"version": 1, "provider": "anthropic", "method": "setup-token",
                           "secret": {"env": "SETUP_TOKEN"}, "validate": False}


def authwizard(home: Path, standin: StandIn, *args: str,
               answers: dict[str, Any] | None = None) -> subprocess.CompletedProcess[str]:
    if answers is not None:
        path = home / "answers.json"
        path.write_text(json.dumps(answers))
        args = ("--replay", str(path), *args)
    env = {"HOME": str(home), "PATH": f"{standin.bin_dir}:/usr/bin:/bin",
           "SETUP_TOKEN": TOKEN, "API_KEY": API_KEY}
    return subprocess.run([AUTHWIZARD, *args], env=env, capture_output=True, text=True,
                          timeout=60, check=False)


def declare_agents(home: Path, *agents: str) -> None:
    config = home / ".openclaw" / "openclaw.json"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text(json.dumps({"agents": {"list": [
        {"id": a, "default": i == 0} for i, a in enumerate(agents)]}}))


@pytest.fixture
def standin(tmp_path: Path) -> StandIn:
    return install_standin(tmp_path / "openclaw")


def test_replay_install_and_rotation_run_the_paste_alone(home: Path, standin: StandIn) -> None:
    first = authwizard(home, standin, "--json", answers=ANSWERS)
    assert first.returncode == 0, first.stderr
    doc = json.loads(first.stdout)
    assert doc["generation"]["version"] == "2026.9.6" and doc["rotated"] is False
    assert standin.commands() == ["models auth paste-token"]  # no --version, no status
    again = authwizard(home, standin, "--json", answers=ANSWERS)
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["rotated"] is True  # openclaw.json lists the id already
    assert standin.commands() == ["models auth paste-token"] * 2
    assert TOKEN not in first.stdout + first.stderr + again.stdout + again.stderr


def test_status_asks_models_status_once(home: Path, standin: StandIn) -> None:
    assert authwizard(home, standin, answers=ANSWERS).returncode == 0
    before = len(standin.calls())
    r = authwizard(home, standin, "status", "--json")
    assert r.returncode == 0, r.stderr
    assert standin.commands()[before:] == ["models status"]
    assert standin.calls()[-1]["nice"] == os.nice(0)  # waited for at once: no lower priority
    (agent,) = json.loads(r.stdout)["agents"]
    assert agent["source"] == "openclaw models status --json"
    assert agent["providers"][0]["uses"] == {"kind": "profile", "id": "anthropic:default"}


def test_status_asks_only_about_the_chosen_known_agents(home: Path, standin: StandIn) -> None:
    declare_agents(home, "main", "work")
    r = authwizard(home, standin, "status", "--json", "--agent", "work")
    assert r.returncode == 0, r.stderr
    assert [c["argv"][-1] for c in standin.calls()] == ["work"]
    bad = authwizard(home, standin, "status", "--json", "--agent", "nosuch")
    assert bad.returncode == 2 and "nosuch" in json.loads(bad.stdout)["error"]["message"]
    assert len(standin.calls()) == 1  # an unknown id is refused, never asked about


def test_status_asks_every_agent_at_once(home: Path, tmp_path: Path) -> None:
    """One process per agent, all running together: the wait is one ``models status``."""
    standin = install_standin(tmp_path / "slow", status_seconds=1.0)
    declare_agents(home, "main", "work")
    r = authwizard(home, standin, "status", "--json")
    assert r.returncode == 0, r.stderr
    assert [a["id"] for a in json.loads(r.stdout)["agents"]] == ["main", "work"]
    calls = standin.calls()
    assert [c["argv"][-1] for c in calls] and len(calls) == 2
    assert max(c["start"] for c in calls) < min(c["end"] for c in calls), "asked one by one"


def test_doctor_runs_no_openclaw(home: Path, standin: StandIn) -> None:
    assert authwizard(home, standin, answers=ANSWERS).returncode == 0
    before = len(standin.calls())
    r = authwizard(home, standin, "doctor", "--json")
    assert r.returncode in (0, 1), r.stderr
    assert standin.commands()[before:] == []  # the budget is one; the files tell it all


def test_without_a_manifest_the_version_costs_one_more_process(home: Path,
                                                                tmp_path: Path) -> None:
    standin = install_standin(tmp_path / "bare", manifest=False)
    r = authwizard(home, standin, "--json", answers=ANSWERS)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["generation"]["version"] == "2026.9.6"
    assert standin.commands() == ["--version", "models auth paste-token"]


def test_a_config_that_does_not_show_the_write_is_checked_with_one_read(
    home: Path, tmp_path: Path
) -> None:
    """A paste whose config rewrite is not where authwizard looks: OpenClaw is asked once."""
    standin = install_standin(tmp_path / "elsewhere", rewrites_config=False)
    r = authwizard(home, standin, "--json", answers=ANSWERS)
    assert r.returncode == 0, r.stderr
    assert standin.commands() == ["models auth paste-token", "models status"]


def test_a_paste_reporting_another_type_is_checked_with_one_read(
    home: Path, tmp_path: Path
) -> None:
    standin = install_standin(tmp_path / "odd", reports_type="api_key")
    r = authwizard(home, standin, "--json", answers=ANSWERS)
    # The stand-in's store holds it as a token: the one read confirms the write after all.
    assert r.returncode == 0, r.stderr
    assert standin.commands() == ["models auth paste-token", "models status"]


def test_a_write_openclaw_does_not_use_fails(home: Path, tmp_path: Path) -> None:
    """The config does not show the profile and OpenClaw does not list it as effective:
    exit 5 naming the profile, not a success."""
    standin = install_standin(tmp_path / "unused", rewrites_config=False)
    script = standin.package_dir / "openclaw.mjs"
    script.write_text(script.read_text().replace('"effectiveProfiles": ps',
                                                 '"effectiveProfiles": []'))
    r = authwizard(home, standin, "--json", answers=ANSWERS)
    assert r.returncode == 5, r.stderr
    assert "does not list anthropic:default as an effective" in json.loads(r.stdout)["error"][
        "message"]
    assert standin.commands() == ["models auth paste-token", "models status"]


def test_fenced_state_is_exit_5_from_the_paste_itself(home: Path, tmp_path: Path) -> None:
    standin = install_standin(tmp_path / "fenced", fenced=True)
    r = authwizard(home, standin, "--json", answers=ANSWERS)
    assert r.returncode == 5
    assert "authwizard doctor --fix" in json.loads(r.stdout)["error"]["fix"]
    assert standin.commands() == ["models auth paste-token"]


@pytest.mark.parametrize(
    ("config", "output", "doubt"),
    [
        ({"auth": {"profiles": {"anthropic:default": {"provider": "anthropic",
                                                      "mode": "token"}}}},
         "Auth profile: anthropic:default (anthropic/token)\n", None),
        ({"auth": {"profiles": {"anthropic:default": {"provider": "anthropic",
                                                      "mode": "token"}}}}, "", None),
        ({}, "Auth profile: anthropic:default (anthropic/token)\n",
         "openclaw.json does not list anthropic:default with provider anthropic and mode token"),
        ({"auth": {"profiles": {"anthropic:default": {"provider": "anthropic",
                                                      "mode": "api_key"}}}}, "",
         "openclaw.json does not list anthropic:default with provider anthropic and mode token"),
        ({"auth": {"profiles": {"anthropic:default": {"provider": "anthropic",
                                                      "mode": "token"}}}},
         "Auth profile: anthropic:default (anthropic/api_key)\n",
         "OpenClaw reported anthropic:default as anthropic/api_key"),
        ({"auth": {"profiles": {"anthropic:default": {"provider": "anthropic", "mode": "token"}},
                   "order": {"anthropic": ["anthropic:work"]}}}, "",
         "auth.order.anthropic in openclaw.json leaves anthropic:default out"),
    ],
)
def test_pasted_doubt(config: dict[str, Any], output: str, doubt: str | None) -> None:
    from wizard.openclaw.backends.openclaw_cli import pasted_doubt

    assert pasted_doubt(config, [output], "anthropic", "anthropic:default", "token") == doubt


def legacy_store(home: Path) -> Path:
    store = home / ".openclaw" / "agents" / "main" / "agent" / "auth-profiles.json"
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_text(json.dumps({"version": 1, "profiles": {"anthropic:old": {
        "type": "api_key", "provider": "anthropic", "key": API_KEY}}}))
    return store


def test_a_leftover_json_store_that_fences_stops_before_the_paste(home: Path,
                                                                   tmp_path: Path) -> None:
    """2026.9.6's refused paste still rewrites files: OpenClaw is asked first, once."""
    standin = install_standin(tmp_path / "fenced", fenced=True)
    legacy_store(home)
    r = authwizard(home, standin, "--json", answers=ANSWERS)
    assert r.returncode == 5, r.stderr
    assert "import_legacy" in json.loads(r.stdout)["error"]["fix"]
    assert standin.commands() == ["models status"]


def test_a_leftover_json_store_that_does_not_fence_costs_one_read(home: Path,
                                                                   standin: StandIn) -> None:
    legacy_store(home)
    r = authwizard(home, standin, "--json", answers=ANSWERS)
    assert r.returncode == 0, r.stderr
    assert standin.commands() == ["models status", "models auth paste-token"]
