"""A secret pasted anywhere but the secret field: never shown, and the wizard goes to the
secret step with the provider and method it names and the paste in place."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList, Static

from snapshots.drive import (
    API_KEY,
    OPENAI_KEY,
    SECRETS,
    TOKEN,
    TOKEN2,
    base_env,
    keys,
    make_app,
    paste,
    screen_name,
    settle,
    to_secret_by_keys,
    verify_state,
    wrapped,
)
from tests.provider_server import ProviderServer
from tests.test_tui_generations import screen_text
from wizard.core.secrets import recognise
from wizard.tui.app import WizardApp
from wizard.tui.widgets.secret_input import SecretInput

SIZE = (80, 24)


def app_for(home: Path, server: ProviderServer) -> WizardApp:
    return make_app(home, server, env=base_env(home, server, AUTHWIZARD_GENERATION="G1"))


def shown(app: WizardApp) -> str:
    """The screen's text; no whole secret, nor its last 24 characters, in it."""
    text = screen_text(app)
    for secret in SECRETS:
        assert secret not in text
        assert secret[-24:] not in text
    return text


def test_what_counts_as_a_secret() -> None:
    assert recognise(TOKEN) == ("anthropic", "setup-token", "Claude setup token")
    assert recognise(wrapped(API_KEY)) == ("anthropic", "api-key", "Anthropic API key")
    assert recognise(OPENAI_KEY)[:2] == ("openai", "api-key")  # type: ignore[index]
    for search in ("claude", "openai", "kimi k2", "sk-ant-", "Moonshot AI (Kimi)", "x" * 40):
        assert recognise(search) is None, search
    unknown = recognise("q8Zr41mWk2Lp0sT7vB3nX9cY")
    assert unknown is not None and unknown.provider is None


async def test_a_token_pasted_into_the_provider_search(
        home: Path, provider_server: ProviderServer) -> None:
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ProviderScreen"
        await paste(pilot, wrapped(TOKEN))
        await settle(pilot)
        assert screen_name(pilot) == "SecretScreen"
        assert app.flow.state.provider is not None and app.flow.state.provider.id == "anthropic"
        assert app.flow.state.method == "setup-token"
        field = app.screen.query_one(SecretInput)
        assert field.password and field.value == TOKEN
        text = shown(app)
        assert "Paste your Anthropic setup token" in text and "Claude setup token, 109" in text
        await keys(pilot, "escape")  # back goes where it would have: the method, the provider
        assert screen_name(pilot) == "MethodScreen"
        await keys(pilot, "escape")
        assert screen_name(pilot) == "ProviderScreen"
        assert app.screen.query_one("#search", Input).value == ""
        shown(app)


async def test_paste_first_on_the_welcome(home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", API_KEY)
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen_name(pilot) == "WelcomeScreen"
        await paste(pilot, API_KEY)
        await settle(pilot)
        assert screen_name(pilot) == "SecretScreen"
        assert app.flow.state.method == "api-key"
        shown(app)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "VerifyScreen"
        assert app.flow.state.credential is not None
        assert app.flow.state.credential.secret == API_KEY


async def test_a_key_pasted_into_the_profile_name(
        home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter", "enter", "down", "enter")
        await paste(pilot, TOKEN)
        await keys(pilot, "enter", "enter")
        assert screen_name(pilot) == "ProfileScreen"
        await paste(pilot, OPENAI_KEY)
        await settle(pilot)
        assert screen_name(pilot) == "SecretScreen"
        assert app.flow.state.provider is not None and app.flow.state.provider.id == "openai"
        assert app.screen.query_one(SecretInput).value == OPENAI_KEY
        assert app.screen_stack_steps() == ["provider", "secret"]
        shown(app)


async def test_a_key_of_an_unknown_provider_waits_for_the_provider(
        home: Path, provider_server: ProviderServer) -> None:
    key = "q8Zr41mWk2Lp0sT7vB3nX9cYq8Zr41mW"
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        await paste(pilot, key)
        await settle(pilot)
        assert screen_name(pilot) == "ProviderScreen"
        assert app.screen.query_one("#search", Input).value == ""
        text = screen_text(app)
        assert key not in text and "You pasted a key, kept hidden" in text
        await keys(pilot, *"mistral", "enter")
        assert screen_name(pilot) == "SecretScreen"
        assert app.screen.query_one(SecretInput).value == key


async def test_a_search_is_still_a_search(home: Path, provider_server: ProviderServer) -> None:
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        await paste(pilot, "openai")
        assert screen_name(pilot) == "ProviderScreen"
        assert app.screen.query_one("#search", Input).value == "openai"
        await paste(pilot, "zz-no-such")
        note = str(app.screen.query_one("#provider-note", Static).render())
        assert "No provider matches 'openaizz-no-such'" in note


# --- the secret field -------------------------------------------------------------------------


async def test_a_second_paste_replaces_the_first(
        home: Path, provider_server: ProviderServer) -> None:
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot)
        field = app.screen.query_one(SecretInput)
        await paste(pilot, TOKEN2)
        await paste(pilot, wrapped(TOKEN))  # no selection, the cursor at the end
        assert field.value == TOKEN
        assert "Claude setup token, 109 chars" in shown(app)
        assert "^u Clear" in shown(app)
        await keys(pilot, "ctrl+u")
        assert field.value == ""


async def test_an_api_key_under_setup_token_offers_the_switch(
        home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", API_KEY)
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot, "setup-token")
        text = shown(app)
        assert "Use as" not in text
        await paste(pilot, API_KEY)
        text = shown(app)
        assert "Ctrl+T: use it as an API key" in text and "^t Use as API key" in text
        await keys(pilot, "ctrl+t")
        assert app.flow.state.method == "api-key"
        assert app.screen.query_one(SecretInput).value == API_KEY
        text = shown(app)
        assert "Paste your Anthropic API key" in text and "Anthropic API key, 109" in text
        assert "Use as" not in text
        await keys(pilot, "enter")
        assert screen_name(pilot) == "VerifyScreen" and verify_state(pilot) == "valid"
        await keys(pilot, "escape", "escape")
        assert screen_name(pilot) == "MethodScreen"
        assert app.screen.query_one("#methods", OptionList).highlighted == 0  # API key


async def test_a_token_under_api_key_offers_the_switch(
        home: Path, provider_server: ProviderServer) -> None:
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await to_secret_by_keys(pilot, "api-key")
        await paste(pilot, TOKEN)
        assert "^t Use as setup token" in shown(app)
        await keys(pilot, "ctrl+t")
        assert app.flow.state.method == "setup-token"
        assert app.screen.query_one(SecretInput).value == TOKEN
