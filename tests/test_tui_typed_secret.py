"""A secret the terminal typed key by key (no bracketed paste, or a slow typed paste) into a
field that is not the secret field, or on a screen where no field has the focus: never shown,
and the wizard takes it to the secret step with the provider and method its prefix names, every
key in its place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.pilot import Pilot
from textual.widgets import Input

from snapshots.drive import (
    API_KEY,
    TOKEN,
    base_env,
    existing_token_state,
    jump,
    keys,
    make_app,
    screen_name,
    settle,
)
from tests.provider_server import ProviderServer
from tests.test_tui_generations import screen_text
from wizard.core.paste import known_prefixes
from wizard.core.secrets import typed_secret
from wizard.steps import Step
from wizard.tui.app import WizardApp
from wizard.tui.typed_keys import KeyBurst
from wizard.tui.widgets.inputs import HAND_OVER, GuardedInput
from wizard.tui.widgets.secret_input import SecretInput

SIZE = (80, 24)
# A token with the keys that do something on a screen: q quits, f fixes, x removes, w writes…
KEYED = "sk-ant-oat01-" + "qfxwrkitcQFXWRKIT0" * 5 + "a1B2c3D4"
BARE = "sk-" + "Zq7Yx6Wv5Ut4Sr3Qp2On1Ml0Kj9Ih8Gf"  # "sk-" names no provider (DeepSeek's are so)


def app_for(home: Path, server: ProviderServer) -> WizardApp:
    return make_app(home, server, env=base_env(home, server, AUTHWIZARD_GENERATION="G1"))


def pieces(secret: str) -> list[str]:
    """Every 12 characters in a row of ``secret`` but its (public) prefix."""
    prefix = next(p for p in known_prefixes() if secret.startswith(p))
    return [secret[i:i + 12] for i in range(len(secret) - 11) if i + 12 > len(prefix)]


def never_shown(app: WizardApp, *secrets: str) -> str:
    text = screen_text(app)
    flat = text.replace("\n", "")
    for secret in secrets:
        assert not any(piece in flat for piece in pieces(secret)), "part of the secret shows"
    return text


def key_event(char: str) -> events.Key:
    name = char if char.isalnum() else {"-": "minus", "_": "underscore", "\r": "enter"}[char]
    return events.Key(name, char)


async def burst(pilot: Pilot[Any], text: str) -> None:
    """Keys as a terminal sends them for a paste without bracketed paste: all at once."""
    driver = pilot.app._driver
    assert driver is not None
    for char in text:
        driver.send_message(key_event(char))
    await handed_over(pilot)


async def handed_over(pilot: Pilot[Any]) -> None:
    await pilot.pause(HAND_OVER * 3)
    await settle(pilot)


def on_the_secret_step(app: WizardApp, secret: str, provider: str, method: str) -> None:
    assert type(app.screen).__name__ == "SecretScreen", type(app.screen).__name__
    assert app.flow.state.provider is not None and app.flow.state.provider.id == provider
    assert app.flow.state.method == method
    field = app.screen.query_one(SecretInput)
    assert field.has_focus and field.password
    assert field.value == secret, "the secret arrived whole and in order"


def test_what_a_typed_secret_is() -> None:
    assert typed_secret("sk-ant-oat01-") == ("anthropic", "setup-token", "Claude setup token")
    assert typed_secret("sk-ant-api03-x") == ("anthropic", "api-key", "Anthropic API key")
    for start in ("sk-", "sk-ant-", "sk-ant-oat"):  # a secret, whose kind the next keys tell
        found = typed_secret(start)
        assert found is not None and found.provider is None, start
    for search in ("s", "sk", "claude", "xai", "gsk", "openai", "kimi k2", "anthropic:work"):
        assert typed_secret(search) is None, search


async def test_a_token_typed_key_by_key_into_the_provider_search(
        home: Path, provider_server: ProviderServer) -> None:
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ProviderScreen"
        for i, char in enumerate(TOKEN):
            await pilot.press(char)
            if i % 4 == 0:
                text = never_shown(app, TOKEN)
                assert "No provider matches" not in text or "what you typed" in text
        await handed_over(pilot)
        on_the_secret_step(app, TOKEN, "anthropic", "setup-token")
        text = never_shown(app, TOKEN)
        assert "Claude setup token, 109 chars" in text
        assert app.screen_stack_steps() == ["provider", "method", "secret"]
        await keys(pilot, "escape", "escape")  # back where it would have been: the search
        assert screen_name(pilot) == "ProviderScreen"
        assert app.screen.query_one("#search", Input).value == ""
        never_shown(app, TOKEN)


async def test_keys_sent_at_once_all_reach_the_secret_in_order(
        home: Path, provider_server: ProviderServer) -> None:
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        await burst(pilot, API_KEY)
        on_the_secret_step(app, API_KEY, "anthropic", "api-key")
        never_shown(app, API_KEY)


async def test_keys_after_the_hand_over_land_in_the_secret_field(
        home: Path, provider_server: ProviderServer) -> None:
    """A slow typed paste: the secret step comes up mid-way; the rest goes there."""
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        await burst(pilot, TOKEN[:40])
        assert screen_name(pilot) == "SecretScreen"
        await burst(pilot, TOKEN[40:])
        on_the_secret_step(app, TOKEN, "anthropic", "setup-token")


async def test_keys_on_their_way_to_the_search_when_it_hands_over_follow_the_secret(
        home: Path, provider_server: ProviderServer) -> None:
    """The search hands the secret over (the terminal paused mid-paste) while the next keys are
    already queued for it: they reach the secret step after the secret, never before it."""
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        search = app.screen.query_one("#search", GuardedInput)
        search.value = TOKEN[:40]
        await search.action_submit()  # handed over now, not after the pause
        for char in TOKEN[40:]:
            search.post_message(key_event(char))
        await handed_over(pilot)
        on_the_secret_step(app, TOKEN, "anthropic", "setup-token")


async def test_enter_right_after_a_typed_secret_takes_it_to_the_secret_step(
        home: Path, provider_server: ProviderServer) -> None:
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        await burst(pilot, API_KEY + "\r")
        on_the_secret_step(app, API_KEY, "anthropic", "api-key")


async def test_a_key_whose_prefix_names_no_provider_waits_masked_for_its_provider(
        home: Path, provider_server: ProviderServer) -> None:
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        await burst(pilot, BARE)
        assert screen_name(pilot) == "ProviderScreen"
        search = app.screen.query_one("#search", Input)
        assert search.password and search.value == BARE
        text = never_shown(app, BARE)
        assert "That looks like an OpenAI-style key, kept hidden: choose its provider." in text
        assert "DeepSeek" in text  # every provider is listed, not the ones matching the key
        await keys(pilot, *["down"] * 10)
        await keys(pilot, "enter")
        assert app.flow.state.provider is not None and app.flow.state.provider.id == "deepseek"
        on_the_secret_step(app, BARE, "deepseek", "api-key")
        never_shown(app, BARE)


async def test_a_search_stays_a_search(home: Path, provider_server: ProviderServer) -> None:
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await keys(pilot, "enter")
        search = app.screen.query_one("#search", Input)
        for query in ("claude", "xai", "anthropicc"):
            await keys(pilot, *query)
            await handed_over(pilot)
            assert screen_name(pilot) == "ProviderScreen"
            assert not search.password and search.value == query
            await keys(pilot, "ctrl+u")
        assert "No provider matches 'anthropicc'" not in screen_text(app)
        await keys(pilot, *"anthropicc")
        assert "No provider matches 'anthropicc'" in screen_text(app)


async def test_a_token_typed_into_the_profile_id(home: Path,
                                                 provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await jump(pilot, Step.PROFILE)
        await keys(pilot, "ctrl+u")
        await burst(pilot, API_KEY + "\r")  # Enter never takes it as the profile's name
        on_the_secret_step(app, API_KEY, "anthropic", "api-key")
        assert app.flow.state.profile is None
        never_shown(app, API_KEY)


async def test_a_token_typed_on_the_welcome_runs_none_of_its_keys(
        home: Path, provider_server: ProviderServer) -> None:
    """On the Welcome every letter is a key (q quits, f fixes, x removes, k moves to the
    keychain): a burst spelling a secret runs none of them after its first."""
    existing_token_state(home)
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert screen_name(pilot) == "WelcomeScreen"
        await burst(pilot, KEYED)
        assert app.return_code is None, "the wizard quit"
        on_the_secret_step(app, KEYED, "anthropic", "setup-token")
        never_shown(app, KEYED)


async def test_a_key_typed_on_the_welcome_whose_prefix_names_no_provider(
        home: Path, provider_server: ProviderServer) -> None:
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await burst(pilot, BARE)
        assert screen_name(pilot) == "ProviderScreen"
        text = never_shown(app, BARE)
        assert "You pasted an OpenAI-style key, kept hidden: choose its provider." in text
        await keys(pilot, *"deepseek", "enter")
        on_the_secret_step(app, BARE, "deepseek", "api-key")


async def test_keys_of_a_burst_the_wizard_was_too_busy_to_read_follow_the_key_it_took(
        home: Path, provider_server: ProviderServer) -> None:
    """The terminal sent the key at once, but the wizard read half of it, then nothing for a
    while (a busy machine): it took that half to the provider list; the other half, pressed
    with it, joins it there, and the user's search after a pause is a search again."""
    app = app_for(home, provider_server)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        driver = pilot.app._driver
        assert driver is not None
        pressed = [key_event(char) for char in BARE]
        for event in pressed[:20]:
            driver.send_message(event)
        await handed_over(pilot)
        assert screen_name(pilot) == "ProviderScreen"
        for event in pressed[20:]:
            driver.send_message(event)
        await handed_over(pilot)
        assert app.screen.query_one("#search", Input).value == ""
        await keys(pilot, *"deepseek", "enter")
        on_the_secret_step(app, BARE, "deepseek", "api-key")


def test_only_a_burst_spelling_a_secret_is_held() -> None:
    burst_ = KeyBurst()
    assert not burst_.hold("s", 0.0)  # the first key of a burst runs its binding
    assert burst_.hold("k", 0.001)  # "sk": perhaps a key's start: k does not move to keychain
    assert burst_.hold("-", 0.002)
    assert burst_.secret() is not None
    assert not burst_.hold("k", 0.3), "typed at a person's pace: the keychain key"
    assert not burst_.hold("s", 1.0)
    assert not burst_.hold("x", 1.001), "sx starts no key"
    assert not burst_.hold("f", 1.002)
