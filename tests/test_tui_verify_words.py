"""Verify as a newcomer meets it: the wait on a busy provider is said, the heading matches the
outcome, and the clipboard over SSH points at the terminal's own paste."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from textual.widgets import Static

from snapshots.drive import TOKEN, base_env, keys, make_app, paste, screen_name, settle
from snapshots.drive import to_secret_by_keys as to_secret
from tests.provider_server import ProviderServer
from tests.test_tui_generations import screen_text
from wizard.detect.clipboard import ClipboardUnavailable, read_clipboard

SIZE = (80, 24)


async def test_a_busy_provider_shows_the_retry(home: Path,
                                               provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    provider_server.fault("anthropic", "529", times=1, retry_after="1")
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret(pilot)
        await paste(pilot, TOKEN)
        await pilot.press("enter")
        seen = ""
        for _ in range(100):
            await pilot.pause(0.02)
            if screen_name(pilot) == "VerifyScreen":
                seen = str(app.screen.query_one("#verdict-next", Static).render())
                if "retrying" in seen:
                    break
        assert seen == ("Anthropic is busy: retrying in 1 s, attempt 2 of 3. Esc cancels the "
                        "check.")
        await settle(pilot)
        assert "Accepted" in screen_text(app)
    assert len(provider_server.requests_to("anthropic")) == 2


async def test_a_refused_connection_could_not_reach(home: Path) -> None:
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = base_env(home, None, AUTHWIZARD_GENERATION="G1",
                   AUTHWIZARD_ANTHROPIC_BASE_URL=f"http://127.0.0.1:{port}")
    app = make_app(home, None, env=env)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter")
        text = screen_text(app)
        assert "Could not reach Anthropic to check your Claude setup token" in text
        assert "Checked" not in text
        assert "raise the timeout" not in text


def test_over_ssh_the_clipboard_points_at_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.2 51000 10.0.0.1 22")
    monkeypatch.delenv("DISPLAY", raising=False)  # no X forwarding
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(ClipboardUnavailable) as info:
        read_clipboard()
    assert "over SSH" in info.value.message
    assert info.value.fix is not None and "paste with your terminal" in info.value.fix
    assert "xclip" not in info.value.fix
