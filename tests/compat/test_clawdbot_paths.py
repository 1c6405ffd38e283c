"""When the installed CLI is ``clawdbot``, authwizard uses the files clawdbot reads.

Fast (a stub ``clawdbot`` that prints its version), so it runs in the default suite; the real
release is exercised by ``test_openclaw_releases.py`` (``-m compat``). Measured on clawdbot
2026.1.24-3: state dir ``CLAWDBOT_STATE_DIR`` else ``~/.clawdbot``, config ``<state>/clawdbot.json``
(or ``CLAWDBOT_CONFIG_PATH``); it never reads ``openclaw.json`` (OBSERVED.md §2).
"""

from __future__ import annotations

from pathlib import Path

from wizard.options import Options, resolve_environment


def _env(tmp_path: Path, version: str, name: str = "clawdbot", **extra: str) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    stub = bin_dir / name
    stub.write_text(f"#!/bin/sh\necho '{version}'\n", "utf-8")
    stub.chmod(0o755)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return {"HOME": str(home), "PATH": f"{bin_dir}:/usr/bin:/bin", **extra}


def test_clawdbot_fresh_state_dir_uses_clawdbot_json(tmp_path: Path) -> None:
    state = tmp_path / "home" / ".openclaw"
    env = _env(tmp_path, "2026.1.24-3", OPENCLAW_STATE_DIR=str(state),
               CLAWDBOT_STATE_DIR=str(state))
    environment = resolve_environment(Options(), env)
    assert environment.detected.generation == "G1"
    assert environment.paths.config_path == state / "clawdbot.json"
    assert environment.paths.state_dir == state


def test_clawdbot_without_env_uses_its_own_home_dir(tmp_path: Path) -> None:
    env = _env(tmp_path, "2026.1.24-3")
    (tmp_path / "home" / ".openclaw").mkdir()  # what a later openclaw left: not clawdbot's
    environment = resolve_environment(Options(), env)
    assert environment.paths.state_dir == tmp_path / "home" / ".clawdbot"
    assert environment.paths.config_path == tmp_path / "home" / ".clawdbot" / "clawdbot.json"


def test_clawdbot_config_path_env_and_options_win(tmp_path: Path) -> None:
    env = _env(tmp_path, "2026.1.24-3", CLAWDBOT_CONFIG_PATH=str(tmp_path / "c.json"))
    assert resolve_environment(Options(), env).paths.config_path == tmp_path / "c.json"
    opts = Options(state_dir=str(tmp_path / "sd"), config=str(tmp_path / "o.json"))
    paths = resolve_environment(opts, env).paths
    assert (paths.state_dir, paths.config_path) == (tmp_path / "sd", tmp_path / "o.json")


def test_openclaw_keeps_openclaw_json(tmp_path: Path) -> None:
    state = tmp_path / "home" / ".openclaw"
    env = _env(tmp_path, "2026.1.30", name="openclaw", OPENCLAW_STATE_DIR=str(state))
    assert resolve_environment(Options(), env).paths.config_path == state / "openclaw.json"
