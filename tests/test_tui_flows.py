"""The wizard driven with real key presses (Textual's Pilot), against the loopback provider
server and a temp HOME: what lands on disk, and that nothing does when it must not."""

from __future__ import annotations

import json
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.widgets import Input, LoadingIndicator

from snapshots.drive import (
    API_KEY,
    OPENAI_KEY,
    SECRETS,
    TOKEN,
    TOKEN2,
    base_env,
    existing_token_state,
    files_under,
    keys,
    make_app,
    paste,
    screen_name,
    settle,
    store_path,
    to_secret_by_keys,
    verify_state,
    wrapped,
    write_config,
)
from tests.provider_server import ProviderServer
from tests.test_tui_generations import screen_text
from wizard.options import Options
from wizard.tui import messages
from wizard.tui.app import WizardApp
from wizard.tui.screens.framed import FramedScreen
from wizard.tui.screens.verify import VerifyScreen
from wizard.tui.widgets.key_bar import KeyBar
from wizard.tui.widgets.secret_input import SecretInput
from wizard.views.facts import Gathered, runs_programs


def json_era(home: Path, server: ProviderServer) -> dict[str, str]:
    """No OpenClaw here: name a release that reads the JSON files, or the wizard asks."""
    return base_env(home, server, AUTHWIZARD_GENERATION="G1")


SIZE = (80, 24)


def config(home: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((home / ".openclaw" / "openclaw.json").read_text())
    return data


def store(home: Path, agent: str = "main") -> dict[str, Any]:
    data: dict[str, Any] = json.loads(store_path(home, agent).read_text())
    return data


def no_secret_in(app: WizardApp) -> None:
    """The rendered screen never shows a whole fake secret."""
    text = app.export_screenshot()
    for secret in SECRETS:
        assert secret not in text


# --- whole flows ------------------------------------------------------------------------------


async def test_first_install_setup_token(home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server, env=json_era(home, provider_server))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, wrapped(TOKEN))  # the terminal wrapped it: both lines arrive
        field = app.screen.query_one(SecretInput)
        assert field.password and field.value == TOKEN
        no_secret_in(app)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "VerifyScreen" and verify_state(pilot) == "valid"
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ProfileScreen"
        assert app.screen.query_one("#profile-id", Input).value == "anthropic:default"
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ReviewScreen"
        no_secret_in(app)
        await keys(pilot, "w")
        assert screen_name(pilot) == "DoneScreen"
        no_secret_in(app)
        await keys(pilot, "enter")
    assert app.return_code == 0
    assert config(home)["auth"]["profiles"] == {
        "anthropic:default": {"provider": "anthropic", "mode": "token"}
    }
    assert store(home)["profiles"]["anthropic:default"] == {
        "type": "token", "provider": "anthropic", "token": TOKEN}
    assert store(home)["lastGood"] == {"anthropic": "anthropic:default"}
    (req,) = provider_server.requests_to("anthropic")
    assert req.auth_headers() == {"authorization"}


async def test_rotation_keeps_the_id_and_backs_up(home: Path,
                                                  provider_server: ProviderServer) -> None:
    existing_token_state(home, secret=TOKEN2)
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server, env=json_era(home, provider_server))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "enter")
        assert screen_name(pilot) == "ProfileScreen"
        rotation = str(app.screen.query_one("#rotation").render())
        assert "Rotation" in rotation and "sk-ant-oat01-…S9t0" in rotation
        assert "expires 2026-10-31" in rotation
        await keys(pilot, "enter", "w")
        assert screen_name(pilot) == "DoneScreen"
        assert "Rotated anthropic:default" in screen_text(app)
        await keys(pilot, "enter")
    assert app.return_code == 0
    assert store(home)["profiles"]["anthropic:default"]["token"] == TOKEN
    backup = store_path(home).with_name("auth-profiles.json.bak")
    assert TOKEN2 in backup.read_text() and backup.stat().st_mode & 0o777 == 0o600


async def test_rejection_then_retry_with_another(home: Path,
                                                 provider_server: ProviderServer) -> None:
    existing_token_state(home, secret=TOKEN2)
    before = files_under(home)
    provider_server.add_credential("anthropic", TOKEN, "expired")
    provider_server.add_credential("anthropic", API_KEY)
    app = make_app(home, provider_server, env=json_era(home, provider_server))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter")
        assert verify_state(pilot) == "rejected"
        assert "expired" in str(app.screen.query_one("#verdict").render())
        await keys(pilot, "enter", "w", "s")  # nothing moves on from a rejection
        assert screen_name(pilot) == "VerifyScreen"
        assert files_under(home) == before
        await keys(pilot, "escape")  # back to the secret, its text still there
        assert screen_name(pilot) == "SecretScreen"
        await keys(pilot, "escape", "up", "enter")  # Method: API key instead
        assert screen_name(pilot) == "SecretScreen"
        await paste(pilot, API_KEY)
        await keys(pilot, "enter")
        assert verify_state(pilot) == "valid"
        await keys(pilot, "enter", "enter", "w")
        assert screen_name(pilot) == "DoneScreen"
    profiles = store(home)["profiles"]
    assert profiles["anthropic:default"]["token"] == TOKEN2  # the token profile is untouched
    assert profiles["anthropic:api_key"] == {"type": "api_key", "provider": "anthropic",
                                             "key": API_KEY}


async def test_a_paste_after_a_rejection_replaces_the_rejected_token(
        home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN2, "expired")
    provider_server.add_credential("anthropic", TOKEN, "claude_code_only")
    app = make_app(home, provider_server, env=json_era(home, provider_server))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN2)
        await keys(pilot, "enter")
        assert verify_state(pilot) == "rejected"
        await keys(pilot, "escape")  # back: the rejected token is selected, not appended to
        await paste(pilot, TOKEN[:60] + "\n" + TOKEN[60:])
        assert app.screen.query_one(SecretInput).value == TOKEN
        await keys(pilot, "enter")
        assert verify_state(pilot) == "limited"
        await keys(pilot, "enter", "enter", "w")
        assert screen_name(pilot) == "DoneScreen"
    assert store(home)["profiles"]["anthropic:default"]["token"] == TOKEN


async def test_could_not_verify_then_save_unverified(home: Path,
                                                     provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    provider_server.fault("anthropic", "529", times=3, retry_after="0")
    app = make_app(home, provider_server, env=json_era(home, provider_server))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter")
        assert verify_state(pilot) == "unverified"
        assert files_under(home) == {}
        await keys(pilot, "enter")  # Enter does not save an unverified credential
        assert screen_name(pilot) == "VerifyScreen"
        await keys(pilot, "s")
        assert screen_name(pilot) == "ProfileScreen"
        await keys(pilot, "enter", "w")
        assert "Saved without a successful check" in screen_text(app)
    assert store(home)["profiles"]["anthropic:default"]["token"] == TOKEN
    assert len(provider_server.requests_to("anthropic")) == 3


async def test_could_not_verify_then_retry(home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    provider_server.fault("anthropic", "529", times=3, retry_after="0")
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter")
        assert verify_state(pilot) == "unverified"
        await keys(pilot, "r")
        assert verify_state(pilot) == "valid"
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ProfileScreen"


async def test_back_navigation_follows_the_flow(home: Path,
                                                provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "enter", "enter")
        assert screen_name(pilot) == "ReviewScreen"
        expected = [
            ("ProfileScreen", "profile"),
            ("SecretScreen", "secret"),  # Verify is not a stop on the way back
            ("MethodScreen", "method"),
            ("ProviderScreen", "provider"),
            ("WelcomeScreen", "provider"),
        ]
        for name, step in expected:
            await keys(pilot, "escape")
            assert (screen_name(pilot), app.flow.step.value) == (name, step)
        assert files_under(home) == {}
        # forward again: the provider and method are kept, the secret is asked again
        await keys(pilot, "enter", "enter", "enter")
        assert screen_name(pilot) == "SecretScreen"


async def test_back_skips_the_method_of_a_one_method_provider(
    home: Path, provider_server: ProviderServer
) -> None:
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter", *"openai", "enter")
        assert screen_name(pilot) == "SecretScreen"
        assert app.flow.state.method == "api-key"
        await keys(pilot, "escape")
        assert (screen_name(pilot), app.flow.step.value) == ("ProviderScreen", "provider")


async def test_an_answer_given_twice_moves_on_once(home: Path,
                                                  provider_server: ProviderServer) -> None:
    """Two Enters before the app handled the first: one check, one Verify screen, and the
    Escape pressed twice at once steps back once."""
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        secret_screen = app.screen
        secret_screen.action_submit()  # type: ignore[attr-defined]
        secret_screen.action_submit()  # type: ignore[attr-defined]
        await settle(pilot)
        assert app.screen_stack_steps() == ["provider", "method", "secret", "validate"]
        assert len(provider_server.requests) == 1
        verify_screen = app.screen
        verify_screen.action_back()  # type: ignore[attr-defined]
        verify_screen.action_back()  # type: ignore[attr-defined]
        await settle(pilot)
        assert app.screen_stack_steps() == ["provider", "method", "secret"]
        assert app.flow.step.value == "secret"


async def test_a_check_that_comes_back_after_escape_is_dropped(
    home: Path, provider_server: ProviderServer
) -> None:
    """The verdict arrives just as Escape left the Verify screen: no crash, the Secret screen
    stays; and one that arrives under the quit dialog is shown once the user stays."""
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server, spinner_min=1.0)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter")
        verify_screen = app.screen
        assert isinstance(verify_screen, VerifyScreen) and verify_state(pilot) == "valid"
        verdict = app.flow.state.verdict
        await keys(pilot, "escape")
        assert screen_name(pilot) == "SecretScreen"
        app.post_message(messages.Checked(verify_screen, verdict, None, 0.0))
        await settle(pilot)
        assert screen_name(pilot) == "SecretScreen" and app.is_running

        await pilot.press("enter")
        await pilot.press("ctrl+c")  # while the spinner is up
        assert screen_name(pilot) == "ConfirmQuit"
        assert any(w.group == "verify" and w.is_running for w in app.workers)  # checking
        await settle(pilot)
        await keys(pilot, "n")
        assert verify_state(pilot) == "valid"


async def test_cancel_asks_and_changes_nothing(home: Path,
                                               provider_server: ProviderServer) -> None:
    existing_token_state(home)
    before = files_under(home)
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "enter")
        await keys(pilot, "ctrl+c")
        assert screen_name(pilot) == "ConfirmQuit"
        await keys(pilot, "n")  # stay
        assert screen_name(pilot) == "ProfileScreen"
        await keys(pilot, "ctrl+c")
        await keys(pilot, "y")
    assert app.return_code == 130
    assert files_under(home) == before


async def test_quit_with_nothing_given_does_not_ask(home: Path,
                                                    provider_server: ProviderServer) -> None:
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "q")
    assert app.return_code == 130
    assert files_under(home) == {}


async def test_dry_run_writes_nothing(home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server, opts=Options(dry_run=True))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "enter", "enter")
        assert screen_name(pilot) == "ReviewScreen"
        assert "sk-ant-oat01-…C3d4" in str(app.screen.query_one("#diff Static").render())
        await keys(pilot, "w")  # no Write in a dry run
        assert screen_name(pilot) == "ReviewScreen"
        await keys(pilot, "d")
    assert app.return_code == 0
    assert files_under(home) == {}


def screen_rows(app: WizardApp) -> list[str]:
    """The screen as drawn, one string per terminal row."""
    import html
    import re

    rows: dict[float, str] = {}
    for y, span in re.findall(r'<text[^>]* y="([\d.]+)"[^>]*>(.*?)</text>',
                              app.export_screenshot()):
        rows[float(y)] = rows.get(float(y), "") + html.unescape(span).replace("\xa0", " ")
    return [rows[y] for y in sorted(rows)]


def welcome(app: WizardApp) -> FramedScreen:
    """The Welcome, which draws its bars and page itself."""
    assert isinstance(app.screen, FramedScreen), app.screen
    return app.screen


def page_text(app: WizardApp) -> str:
    """The Welcome's whole page (also what is scrolled out of sight), as at 80 columns."""
    return welcome(app).plain(SIZE[0] - 2)


async def test_a_look_that_runs_programs_is_a_worker(
    home: Path, provider_server: ProviderServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`openclaw --version` or `claude auth status` may take seconds: off the event loop."""
    app = make_app(home, provider_server)
    threads: list[int] = []
    look = app.look

    def spy() -> Gathered:
        threads.append(threading.get_ident())
        return look()

    monkeypatch.setattr(app, "look_runs_programs", lambda: True)
    monkeypatch.setattr(app, "look", spy)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.ready
        assert threads and threads[0] != threading.get_ident()
        assert "data folder" in page_text(app)


async def test_the_welcome_scrolls_with_the_keyboard(home: Path,
                                                    provider_server: ProviderServer) -> None:
    """The screen itself scrolls the page (no container to focus); the step bar stays put."""
    app = make_app(home, provider_server)
    async with app.run_test(size=(80, 12)) as pilot:
        await settle(pilot)
        screen = app.screen
        page = welcome(app)
        assert screen.focused is None and page.max_scroll_y > 0
        await keys(pilot, "down")
        assert page.scroll_y == 1
        await keys(pilot, "end")
        assert page.scroll_y == page.max_scroll_y
        rows = screen_rows(app)
        assert rows[0].startswith(" authwizard") and "Quit" in rows[-1]  # the bars stay
        assert "Environment" in "".join(rows)  # the page's last section is in sight
        await keys(pilot, "pageup", "home")
        assert page.scroll_y == 0
        top = screen_rows(app)
        await pilot._post_mouse_events([events.MouseScrollDown], offset=(20, 5))  # the wheel
        await settle(pilot)
        wheeled = screen_rows(app)
        assert page.scroll_y > 0 and wheeled[1:-1] != top[1:-1]
        assert wheeled[0] == top[0] and wheeled[-1] == top[-1]


async def test_a_page_that_grows_after_the_welcome_is_shown_gets_its_scrollbar(
        home: Path, provider_server: ProviderServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """A look in a worker shows "Looking…" first, then the facts: the longer page brings the
    scrollbar (the page narrows beside it) and scrolls to its last line."""
    app = make_app(home, provider_server)
    monkeypatch.setattr(app, "look_runs_programs", lambda: True)
    async with app.run_test(size=(80, 12)) as pilot:
        await settle(pilot)
        page = welcome(app)
        assert page.max_scroll_y > 0 and page.show_vertical_scrollbar
        assert page.scrollable_content_region.width == 80 - page.styles.scrollbar_size_vertical
        await keys(pilot, "end")
        assert "Environment" in "".join(screen_rows(app))


async def test_keys_pressed_together_scroll_the_welcome_once_each(
        home: Path, provider_server: ProviderServer) -> None:
    """A terminal may deliver three ↓ in one read: the page moves three lines, not one."""
    app = make_app(home, provider_server)
    async with app.run_test(size=(80, 12)) as pilot:
        await settle(pilot)
        for _ in range(3):
            app.post_message(events.Key("down", None))
        await settle(pilot)
        assert welcome(app).scroll_y == 3
        assert welcome(app).render_line(1).text.startswith(" data folder")  # page line 4


async def test_the_welcome_repaints_its_key_line_when_only_the_keys_change(
        home: Path, provider_server: ProviderServer, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Welcome keeps the lines it painted until something on them changes: a key that
    stops applying leaves the drawn key line even when the page and the size stay."""
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "Start" in screen_rows(app)[-1]
        screen = welcome(app)
        monkeypatch.setattr(type(screen), "check_action",
                            lambda self, action, parameters: action != "start")
        screen.refresh_bindings()
        await settle(pilot)
        assert "Start" not in screen_rows(app)[-1] and "Quit" in screen_rows(app)[-1]


async def test_a_notice_on_the_welcome_is_drawn_over_its_page(
        home: Path, provider_server: ProviderServer) -> None:
    """The Welcome draws its page as its own lines; Textual's notices still come up over it
    (k, where the keychain cannot be used, says why and changes nothing)."""
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await keys(pilot, "k")
        await settle(pilot)
        drawn = " ".join(" ".join(screen_rows(app)).replace("▌", " ").split())
        assert "keeping the secret in the keychain needs OpenClaw 2026.2.26 or later" in drawn
        assert screen_name(pilot) == "WelcomeScreen"
        assert "data folder" in drawn  # the page is still there beside the notice


async def test_a_click_on_the_key_bar_presses_its_key(home: Path,
                                                     provider_server: ProviderServer) -> None:
    """A click on a key acts like the key; a click past the last key does nothing."""
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        spans = {key.description: (start, end)
                 for start, end, key in welcome(app).key_spans()}
        assert list(spans) == ["Quit", "Start", "Look again"]
        last = SIZE[1] - 1
        await pilot.click(offset=(max(end for _, end in spans.values()) + 2, last))
        await settle(pilot)
        assert screen_name(pilot) == "WelcomeScreen"
        await pilot.click(offset=(spans["Start"][0] + 1, last))
        await settle(pilot)
        assert screen_name(pilot) == "ProviderScreen"
        bar = app.screen.query_one(KeyBar)  # the other screens' key bar: the same
        spans = {key.description: (start, end) for start, end, key in bar._spans}
        await pilot.click(KeyBar, offset=(spans["Back"][0] + 1, 0))
        await settle(pilot)
        assert screen_name(pilot) == "WelcomeScreen"


async def test_the_bars_follow_a_terminal_resize(home: Path,
                                                 provider_server: ProviderServer) -> None:
    """Both one-line bars are drawn once per width: a narrower terminal redraws them, with
    whole steps and `…` for the ones left out."""
    app = make_app(home, provider_server)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        page = welcome(app)
        assert page.render_line(0).text.rstrip().endswith("Review › Done")
        await pilot.resize_terminal(50, 24)
        await settle(pilot)
        line = page.render_line(0)
        width = page.scrollable_content_region.width
        assert line.cell_length == width < 50  # the page's scrollbar is beside it
        assert line.text.rstrip() == " authwizard   Provider › Method › Secret › …"
        assert page.render_line(23).cell_length == width
        assert page.render_line(23).text.split() == ["^c", "Quit", "⏎", "Start", "r", "Look",
                                                     "again"]


def test_only_other_programs_make_a_look_slow(home: Path, tmp_path: Path) -> None:
    def nothing(name: str) -> str | None:
        return None

    def claude(name: str) -> str | None:
        return "/opt/claude/bin/claude" if name == "claude" else None

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    env = {"HOME": str(home), "PATH": str(bin_dir)}
    assert not runs_programs(Options(), env, claude, claude_probe=False)
    assert runs_programs(Options(), env, claude, claude_probe=True)
    assert runs_programs(Options(), env, nothing, True) == (sys.platform == "darwin")
    openclaw = bin_dir / "openclaw"
    openclaw.write_text("#!/bin/sh\n")
    openclaw.chmod(0o755)
    assert runs_programs(Options(), env, nothing, claude_probe=False)


async def test_unreadable_config_exits_5(home: Path, provider_server: ProviderServer) -> None:
    write_config(home, "{ not json")
    before = files_under(home)
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")  # Start is not offered
        assert screen_name(pilot) == "WelcomeScreen"
        assert "openclaw.json:1:" in page_text(app)
        await keys(pilot, "q")
    assert app.return_code == 5
    assert files_under(home) == before


# --- the secret step --------------------------------------------------------------------------


async def test_clipboard_paste_and_reveal(home: Path, provider_server: ProviderServer) -> None:
    app = make_app(home, provider_server, clipboard=lambda: "  " + wrapped(API_KEY) + "\n")
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot, method="api-key")
        await keys(pilot, "ctrl+v")
        field = app.screen.query_one(SecretInput)
        assert field.value == API_KEY
        assert "Anthropic API key, 109 chars" in str(
            app.screen.query_one("#classification").render())
        no_secret_in(app)
        await keys(pilot, "ctrl+r")
        assert not field.password
        await keys(pilot, "ctrl+r")
        assert field.password


async def test_no_clipboard_is_a_friendly_note(home: Path,
                                               provider_server: ProviderServer) -> None:
    app = make_app(home, provider_server)  # the reader raises ClipboardUnavailable
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await keys(pilot, "ctrl+v")
        assert screen_name(pilot) == "SecretScreen"
        assert "install xclip" in str(app.screen.query_one("#secret-problem").render())


async def test_wrong_provider_key_is_named_live(home: Path,
                                                provider_server: ProviderServer) -> None:
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot, method="api-key")
        await paste(pilot, OPENAI_KEY)
        assert "OpenAI project key" in str(app.screen.query_one("#classification").render())
        await keys(pilot, "enter")
        assert screen_name(pilot) == "SecretScreen"
        assert provider_server.requests == []


async def test_typed_line_by_line_paste_keeps_both_lines(
    home: Path, provider_server: ProviderServer
) -> None:
    """Textual's Input would keep the first line only; this field keeps the whole paste."""
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, "Your token:\n" + wrapped(TOKEN, 40) + "\nStore it safely.\n")
        assert app.screen.query_one(SecretInput).value == TOKEN


# --- the check --------------------------------------------------------------------------------


async def test_spinner_is_shown_and_escape_cancels(home: Path,
                                                   provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    provider_server.fault("anthropic", "slow", delay=5.0)
    app = make_app(home, provider_server, spinner_min=0.75)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert screen_name(pilot) == "VerifyScreen"
        assert app.screen.query_one(LoadingIndicator).display
        await keys(pilot, "escape")
        assert screen_name(pilot) == "SecretScreen"
        assert app.flow.state.verdict is None
    assert files_under(home) == {}


async def test_spinner_lasts_at_least_its_minimum(home: Path,
                                                  provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server, spinner_min=0.75)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, VerifyScreen)
        assert screen.query_one(LoadingIndicator).display
        await settle(pilot)
        assert screen.state == "valid"  # a loopback answer takes milliseconds, yet
        assert screen.shown_after is not None and screen.shown_after >= 0.75
        assert not screen.query_one(LoadingIndicator).display


async def test_no_validate_skips_the_check(home: Path, provider_server: ProviderServer) -> None:
    app = make_app(home, provider_server, env=json_era(home, provider_server),
                   opts=Options(no_validate=True))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ProfileScreen"
        await keys(pilot, "enter", "w")  # the write runs in a worker: let it finish
        await keys(pilot, "enter")
    assert app.return_code == 0
    assert provider_server.requests == []
    assert store(home)["profiles"]["anthropic:default"]["token"] == TOKEN


# --- more --------------------------------------------------------------------------------------


async def test_several_agents(home: Path, provider_server: ProviderServer) -> None:
    write_config(home, {"agents": {"list": [{"id": "main", "default": True}, {"id": "work"}]}})
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server, env=json_era(home, provider_server))
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "enter")
        assert screen_name(pilot) == "ProfileScreen"
        await keys(pilot, "tab", "down", "space")  # the agent list: select "work" too
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ReviewScreen"
        await keys(pilot, "w", "enter")
    assert app.return_code == 0
    for agent in ("main", "work"):
        assert store(home, agent)["profiles"]["anthropic:default"]["token"] == TOKEN


async def test_run_claude_setup_token_then_paste(home: Path,
                                                 provider_server: ProviderServer) -> None:
    ran: list[list[str]] = []

    def runner(argv: list[str]) -> int:
        ran.append(list(argv))
        return 0

    app = make_app(home, provider_server, run_command=runner,
                   which=lambda name: "/opt/claude/bin/claude" if name == "claude" else None)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter", "enter", "down", "c")
        assert ran == [["/opt/claude/bin/claude", "setup-token"]]
        assert screen_name(pilot) == "SecretScreen"
        assert app.flow.state.method == "setup-token"


async def test_q_types_into_a_field_and_quits_elsewhere(
    home: Path, provider_server: ProviderServer
) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        await keys(pilot, "q")
        assert app.screen.query_one(SecretInput).value == "q"
        await keys(pilot, "ctrl+u")
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "q")  # on Verify: q asks, the credential is unsaved
        assert screen_name(pilot) == "ConfirmQuit"
        await keys(pilot, "escape")
        assert screen_name(pilot) == "VerifyScreen"
