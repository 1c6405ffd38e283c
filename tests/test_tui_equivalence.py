"""The TUI and ``authwizard --replay`` drive the same Flow: the same answers give byte-identical
files. Two copies of the same starting state, a fixed clock, the loopback provider server."""

from __future__ import annotations

import io
import json
import shutil
import time
import types
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from snapshots.drive import (
    API_KEY,
    NOW_MS,
    OPENAI_KEY,
    TOKEN,
    TOKEN2,
    base_env,
    existing_token_state,
    make_app,
    paste,
    screen_name,
    settle,
    state_dir,
    verify_state,
    wrapped,
    write_config,
)
from tests.provider_server import ProviderServer
from wizard.commands import render, replay
from wizard.options import Options


def fixed_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The replay's Flow reads ``time.time`` for ``now``: pin it to the TUI's ``NOW_MS``."""
    import wizard.flow

    fake = types.SimpleNamespace(**{k: getattr(time, k) for k in dir(time)
                                    if not k.startswith("__")})
    fake.time = lambda: NOW_MS / 1000
    monkeypatch.setattr(wizard.flow, "time", fake)


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def two_agents(home: Path) -> None:
    write_config(home, '{\n  // mine\n  agents: {list: [{id: "main", default: true}, '
                       '{id: "work"}]},\n  gateway: {port: 18789},\n}\n')


def api_key_beside_token(home: Path) -> None:
    existing_token_state(home, secret=TOKEN2, expires_ms=None)


CASES: dict[str, dict[str, Any]] = {
    "first-install-token": {
        "setup": None, "secret": TOKEN, "provider": "anthropic", "method": "setup-token",
        "agents": None,
    },
    "rotation": {
        "setup": existing_token_state, "secret": TOKEN, "provider": "anthropic",
        "method": "setup-token", "agents": None,
    },
    "api-key-beside-a-token": {
        "setup": api_key_beside_token, "secret": API_KEY, "provider": "anthropic",
        "method": "api-key", "agents": None,
    },
    "json5-config-all-agents": {
        "setup": two_agents, "secret": TOKEN, "provider": "anthropic",
        "method": "setup-token", "agents": "all",
    },
    "openai": {
        "setup": existing_token_state, "secret": OPENAI_KEY, "provider": "openai",
        "method": "api-key", "agents": None,
    },
}


async def drive_tui(pilot: Pilot[Any], case: dict[str, Any]) -> None:
    """Answer the wizard's questions as the answers file does, with the keyboard."""
    await settle(pilot)
    await pilot.press("enter")  # Start
    await pilot.pause()
    if case["provider"] == "openai":
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    if screen_name(pilot) == "MethodScreen":
        await pilot.press(*(["down"] if case["method"] == "setup-token" else []), "enter")
        await pilot.pause()
    assert screen_name(pilot) == "SecretScreen"
    await paste(pilot, wrapped(case["secret"]))
    await pilot.press("enter")
    await settle(pilot)
    assert verify_state(pilot) == "valid"
    await pilot.press("enter")
    await pilot.pause()
    assert screen_name(pilot) == "ProfileScreen"
    if case["agents"] == "all":
        await pilot.press("tab", "down", "space")  # "work" besides the default "main"
    await pilot.press("enter")
    await pilot.pause()
    assert screen_name(pilot) == "ReviewScreen"
    await pilot.press("w")
    await pilot.pause()
    assert screen_name(pilot) == "DoneScreen"
    await pilot.press("enter")


@pytest.mark.parametrize("name", list(CASES))
async def test_tui_and_replay_write_the_same_bytes(
    name: str, tmp_path: Path, provider_server: ProviderServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES[name]
    fixed_time(monkeypatch)
    for secret in (TOKEN, API_KEY):
        provider_server.add_credential("anthropic", secret)
    provider_server.add_credential("openai", OPENAI_KEY)
    tui_home, replay_home = tmp_path / "tui", tmp_path / "replay"
    tui_home.mkdir()
    if case["setup"] is not None:
        case["setup"](tui_home)
    if state_dir(tui_home).exists():
        shutil.copytree(state_dir(tui_home), state_dir(replay_home))
    else:
        replay_home.mkdir()
    assert tree(tui_home) == tree(replay_home)

    app = make_app(tui_home, provider_server,
                   env=base_env(tui_home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await drive_tui(pilot, case)
    assert app.return_code == 0

    answers: dict[str, Any] = {
        "version": 1, "provider": case["provider"], "method": case["method"],
        "secret": {"env": "THE_SECRET"},
    }
    if case["agents"] is not None:
        answers["agents"] = case["agents"]
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers))
    env = base_env(replay_home, provider_server, THE_SECRET=wrapped(case["secret"]),
                   AUTHWIZARD_GENERATION="G1")  # the same release as the TUI's
    err = io.StringIO()
    result = replay.run(replay.ReplayOptions(Options(), str(path), env))
    code = render.emit(result, json_output=False, out=io.StringIO(), err=err)
    assert code == 0, err.getvalue()

    tui_files, replay_files = tree(state_dir(tui_home)), tree(state_dir(replay_home))
    assert tui_files.keys() == replay_files.keys()
    for rel, data in tui_files.items():
        assert data == replay_files[rel], f"{rel} differs between the TUI and the replay"
    assert tui_files  # something was written
