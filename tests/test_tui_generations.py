"""The wizard on an OpenClaw that keeps credentials in SQLite (2026.6.5 on): the TUI hands the
secret to ``openclaw models auth`` on stdin, exactly as ``--replay`` does, and never writes a
JSON store. The stand-in ``openclaw`` answers like 2026.9.6 (see tests/test_generation.py)."""

from __future__ import annotations

import html
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from snapshots.drive import (
    TOKEN,
    base_env,
    files_under,
    keys,
    make_app,
    paste,
    screen_name,
    settle,
    to_secret_by_keys,
    verify_state,
    write_config,
)
from tests.openclaw_standin import install_standin
from tests.provider_server import ProviderServer
from tests.test_generation import fake_openclaw
from wizard.tui.app import WizardApp

SIZE = (80, 24)


def openclaw_env(home: Path, server: ProviderServer, bin_dir: Path) -> dict[str, str]:
    return {**base_env(home, server), "PATH": f"{bin_dir}:/usr/bin:/bin"}


def screen_text(app: WizardApp) -> str:
    """The screen as plain text, one line per terminal row, spaces collapsed."""
    rows: dict[str, str] = {}
    for y, span in re.findall(r'<text[^>]* y="([\d.]+)"[^>]*>(.*?)</text>',
                              app.export_screenshot()):
        rows[y] = rows.get(y, "") + html.unescape(span)
    return "\n".join(" ".join(row.split()) for row in rows.values())


async def answered(pilot: Pilot[Any]) -> None:
    """Let the Welcome's question to OpenClaw (asked in the background) come back."""
    app = pilot.app
    assert isinstance(app, WizardApp)
    for _ in range(500):
        await settle(pilot)
        if app.gathered is not None and not app.gathered.facts.asking:
            return
    raise AssertionError("OpenClaw's answer never came")


async def install_token(pilot: Pilot[Any], app: WizardApp) -> str:
    """Welcome → … → Review with a setup token; returns the Review screen's text."""
    await to_secret_by_keys(pilot)
    await paste(pilot, TOKEN)
    await keys(pilot, "enter")
    assert screen_name(pilot) == "VerifyScreen" and verify_state(pilot) == "valid"
    await keys(pilot, "enter")  # Profile: the suggested id
    await keys(pilot, "enter")
    assert screen_name(pilot) == "ReviewScreen"
    return screen_text(app)


async def test_g4_install_goes_through_openclaw_with_the_secret_on_stdin(
    home: Path, provider_server: ProviderServer, tmp_path: Path
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    log = tmp_path / "calls.jsonl"
    fake_openclaw(tmp_path / "bin", "2026.9.6", log)
    app = make_app(home, provider_server, env=openclaw_env(home, provider_server, tmp_path / "bin"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "2026.9.6" in screen_text(app)  # the Welcome names the installed release
        review = await install_token(pilot, app)
        assert "openclaw models auth" in review
        assert TOKEN not in review
        await keys(pilot, "w")
        assert screen_name(pilot) == "DoneScreen"
        done = screen_text(app)
        assert TOKEN not in done
        assert "Wrote anthropic:default for agent main through `openclaw models auth`" in done
        assert "already set up" not in done and "openclaw gateway restart" in done
        await keys(pilot, "enter")
    assert app.return_code == 0
    (call,) = [json.loads(line) for line in log.read_text().splitlines()]
    assert call["argv"] == ["models", "auth", "--agent", "main", "paste-token",
                            "--provider", "anthropic", "--profile-id", "anthropic:default"]
    assert call["stdin"] == TOKEN + "\n"
    assert not list(home.rglob("auth-profiles.json")), "no JSON store for a SQLite release"
    assert len(provider_server.requests_to("anthropic")) == 1  # validated before handing over


async def test_g4_rotation_names_the_profile_openclaw_keeps(
    home: Path, provider_server: ProviderServer, tmp_path: Path
) -> None:
    """Run again after an install: OpenClaw reports the profile but never its secret, so the
    Welcome and the Profile step say where it is kept instead of showing a made-up one."""
    provider_server.add_credential("anthropic", TOKEN)
    log = tmp_path / "calls.jsonl"
    fake_openclaw(tmp_path / "bin", "2026.9.6", log)
    env = openclaw_env(home, provider_server, tmp_path / "bin")
    app = make_app(home, provider_server, env=env)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await install_token(pilot, app)
        await keys(pilot, "w", "enter")
    # What 2026.9.6's paste-token also does, and this stand-in does not: the config entry.
    write_config(home, {"auth": {"profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}}}})
    again = make_app(home, provider_server, env=env)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        welcome = screen_text(again)
        assert "anthropic:default (token) secret kept by OpenClaw" in welcome, welcome
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "enter")
        assert screen_name(pilot) == "ProfileScreen"
        assert "Rotation: replaces anthropic:default [kept by OpenClaw]" in screen_text(again)
        await keys(pilot, "enter")
        review = screen_text(again)
        assert "Nothing to change" not in review  # the new secret still goes to OpenClaw
        assert "openclaw.json needs no change; the credential still goes to OpenClaw's" in review
        await keys(pilot, "w")
        assert "Rotated anthropic:default for agent main through" in screen_text(again)
    assert len(log.read_text().splitlines()) == 2  # install, then the rotation


async def test_done_names_the_installed_cli_for_the_restart(
    home: Path, provider_server: ProviderServer, tmp_path: Path
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    clawdbot = bin_dir / "clawdbot"
    clawdbot.write_text(f"#!{sys.executable}\nprint('2026.1.24-3')\n")
    clawdbot.chmod(0o755)
    app = make_app(home, provider_server, env=openclaw_env(home, provider_server, bin_dir))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await install_token(pilot, app)
        await keys(pilot, "w")
        done = screen_text(app)
        assert "clawdbot gateway restart" in done and "openclaw gateway" not in done


async def test_g4_fenced_state_is_explained_on_the_welcome_and_nothing_is_written(
    home: Path, provider_server: ProviderServer, tmp_path: Path
) -> None:
    """2026.8.1+ refuses credential commands until its legacy store is imported: the Welcome
    says so with the fix before anything is asked, Start is not offered, quitting exits 5."""
    log = tmp_path / "calls.jsonl"
    fake_openclaw(tmp_path / "bin", "2026.9.6", log, fenced=True)
    before = files_under(home)
    app = make_app(home, provider_server, env=openclaw_env(home, provider_server, tmp_path / "bin"))
    async with app.run_test(size=SIZE) as pilot:
        await answered(pilot)
        text = screen_text(app)
        assert "AUTH_PROFILE_MIGRATION_REQUIRED" in text
        # no legacy file to repair here: the command that imports, not a key that cannot
        assert "fix: run `authwizard doctor --fix`" in text
        assert "Start" not in text.splitlines()[-1]  # the key bar offers no way forward
        await keys(pilot, "enter")
        assert screen_name(pilot) == "WelcomeScreen"
        await keys(pilot, "ctrl+c")
    assert app.return_code == 5
    assert not log.exists(), "nothing reached openclaw models auth"
    assert files_under(home) == before, "every file byte-identical"


async def test_welcome_shows_the_files_at_once_and_openclaw_s_view_when_it_comes(
    home: Path, provider_server: ProviderServer, tmp_path: Path
) -> None:
    """The first frame has what openclaw.json lists and says OpenClaw is being asked; Start
    works before it answers; its answer (a profile only its store knows) replaces the list."""
    gate = tmp_path / "answer-now"
    standin = install_standin(tmp_path / "openclaw", gate=gate, stored=[{
        "profileId": "anthropic:work", "provider": "anthropic", "type": "api_key",
        "status": "static"}])
    write_config(home, {"auth": {"profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}}}})
    app = make_app(home, provider_server,
                   env=openclaw_env(home, provider_server, standin.bin_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first = screen_text(app)
        assert "OpenClaw 2026.9.6" in first, first
        assert "anthropic:default (token)" in first and "asking OpenClaw" in first, first
        # what only openclaw.json lists gets no verdict before OpenClaw, which keeps it, answers
        assert "· anthropic:default (token) · listed in openclaw.json" in first, first
        assert "✓" not in first and "in use" not in first, first
        assert "anthropic:work" not in first
        assert "Start" in first.splitlines()[-1]
        await pilot.press("enter")
        await pilot.pause()
        assert screen_name(pilot) == "ProviderScreen"  # nothing here needs OpenClaw's answer
        gate.touch()
        await answered(pilot)
        await keys(pilot, "escape")
        assert screen_name(pilot) == "WelcomeScreen"
        after = screen_text(app)
        assert "asking OpenClaw" not in after
        assert "anthropic:work (api_key) secret kept by OpenClaw" in after, after
    assert standin.commands() == ["models status"]  # the version came from package.json


async def test_openclaw_is_asked_again_after_the_doctor_s_fix(
    home: Path, provider_server: ProviderServer, tmp_path: Path
) -> None:
    standin = install_standin(tmp_path / "openclaw")
    write_config(home, {"auth": {"profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}}}})
    (home / ".openclaw" / "openclaw.json").chmod(0o644)
    app = make_app(home, provider_server,
                   env=openclaw_env(home, provider_server, standin.bin_dir))
    async with app.run_test(size=SIZE) as pilot:
        await answered(pilot)
        assert app.gathered is not None and app.gathered.facts.fixable, screen_text(app)
        await keys(pilot, "f")
        await answered(pilot)
        assert "asking OpenClaw" not in screen_text(app)
    assert standin.commands() == ["models status"] * 2  # one look each


async def test_openclaw_is_asked_as_the_app_starts_and_once(
    home: Path, provider_server: ProviderServer, tmp_path: Path
) -> None:
    """Node takes a second or two: the question is on its way before the Welcome is built (it
    does not wait for the first frame), and the Welcome shows that answer, asking nothing
    more."""
    standin = install_standin(tmp_path / "openclaw", stored=[{
        "profileId": "anthropic:work", "provider": "anthropic", "type": "api_key",
        "status": "static"}])
    write_config(home, {"auth": {"profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}}}})
    app = make_app(home, provider_server,
                   env=openclaw_env(home, provider_server, standin.bin_dir))
    for _ in range(200):  # the app is made, not running: OpenClaw answers all the same
        if standin.calls():
            break
        time.sleep(0.05)
    assert standin.commands() == ["models status"]
    # nobody waits for it yet: it runs below the wizard's priority, the screen comes first
    assert standin.calls()[0]["nice"] >= min(os.nice(0) + 10, 19)
    async with app.run_test(size=SIZE) as pilot:
        await answered(pilot)
        assert "anthropic:work (api_key) secret kept by OpenClaw" in screen_text(app)
    assert standin.commands() == ["models status"]


def test_authwizard_asks_openclaw_before_it_loads_textual(
    home: Path, provider_server: ProviderServer, tmp_path: Path
) -> None:
    """`authwizard` starts OpenClaw's `models status` before importing Textual (a quarter of a
    second), so that Node's second or two runs while the screen is built."""
    import subprocess

    standin = install_standin(tmp_path / "openclaw")
    write_config(home, {"auth": {"profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}}}})
    code = (
        "import sys, time\n"
        "from wizard.cli import ask_openclaw_first\n"
        "from wizard.options import Options\n"
        "early = ask_openclaw_first(Options())\n"
        "assert early.environment is not None, 'nothing asked'\n"
        "assert 'textual' not in sys.modules\n"
        "early.environment.backend.status('main')\n"
    )
    env = openclaw_env(home, provider_server, standin.bin_dir)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert standin.commands() == ["models status"]
