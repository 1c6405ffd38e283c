"""Review and Done as a newcomer meets them: Enter writes, "Will create / Will change" before,
"Created / Changed" after, and a short summary left for the terminal after the app exits."""

from __future__ import annotations

from pathlib import Path

from snapshots.drive import (
    TOKEN,
    TOKEN2,
    base_env,
    existing_token_state,
    keys,
    make_app,
    paste,
    screen_name,
    store_path,
    to_secret_by_keys,
)
from tests.provider_server import ProviderServer
from tests.test_tui_generations import screen_text
from wizard.options import Options
from wizard.tui.app import WizardApp

SIZE = (80, 24)


def app_for(home: Path, server: ProviderServer, which_openclaw: bool = False,
            opts: Options | None = None) -> WizardApp:
    """``which_openclaw``: an ``openclaw`` program on PATH (never run: the release is named)."""
    bin_dir = home.parent / "bin"
    if which_openclaw:
        bin_dir.mkdir(exist_ok=True)
        (bin_dir / "openclaw").write_text("#!/bin/sh\nexit 1\n")
        (bin_dir / "openclaw").chmod(0o755)
    return make_app(home, server, opts=opts,
                    env=base_env(home, server, AUTHWIZARD_GENERATION="G1", PATH=str(bin_dir)),
                    which=lambda name: None)


async def test_enter_writes_a_first_install(home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "enter", "enter")
        assert screen_name(pilot) == "ReviewScreen"
        text = screen_text(app)
        assert "Will create: ~/.openclaw/openclaw.json" in text
        assert "⏎ Write" in text
        assert not store_path(home).exists()
        await keys(pilot, "enter")
        assert screen_name(pilot) == "DoneScreen"
        text = screen_text(app)
        assert "Created\n~/.openclaw/agents/main/agent/auth-profiles.json\n" in text
        assert "\n~/.openclaw/openclaw.json\nStatus" in text
        assert "Next" not in text  # no openclaw on PATH: no command to suggest
        await keys(pilot, "enter")
    assert store_path(home).exists()
    assert app.summary == [
        "✓ Saved anthropic:default for agent main.",
        "  Created ~/.openclaw/agents/main/agent/auth-profiles.json",
        "  Created ~/.openclaw/openclaw.json",
    ]


async def test_a_rotation_will_change_then_changed(
        home: Path, provider_server: ProviderServer) -> None:
    existing_token_state(home, secret=TOKEN2)
    provider_server.add_credential("anthropic", TOKEN)
    app = app_for(home, provider_server, which_openclaw=True)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "enter", "enter")
        text = screen_text(app).replace("\n", " ")
        assert "Will change: ~/.openclaw/agents/main/agent/auth-profiles.json" in text
        assert "Will create" not in text
        await keys(pilot, "w")  # w still writes
        assert screen_name(pilot) == "DoneScreen"
        text = screen_text(app)
        assert "Changed\n~/.openclaw/agents/main/agent/auth-profiles.json" in text
        assert "Next" in text and "openclaw gateway restart" in text
        await keys(pilot, "ctrl+c")  # however it is left, the summary stays
    assert app.summary[0] == "✓ Rotated anthropic:default for agent main."
    assert "  Changed ~/.openclaw/agents/main/agent/auth-profiles.json" in app.summary
    assert app.summary[-1].startswith("Next: openclaw gateway restart")


async def test_no_summary_when_nothing_was_written(
        home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = app_for(home, provider_server, opts=Options(dry_run=True))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "enter", "enter")
        assert "Would create: ~/.openclaw/openclaw.json" in screen_text(app)
        await keys(pilot, "enter")  # Enter ends a dry run
    assert app.return_code == 0 and app.summary == []
    assert not (home / ".openclaw").exists()
