"""Small terminals: at 60x20 the step bar keeps the current step in sight and the key bar
leaves out whole keys; at 80x24 an error after Write is in sight and says what was written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.strip import Strip

from snapshots.drive import (
    TOKEN,
    base_env,
    files_under,
    jump,
    keys,
    make_app,
    screen_name,
    settle,
    start,
    state_dir,
    to_secret,
)
from tests.provider_server import ProviderServer
from tests.test_tui_generations import screen_text
from wizard.options import Options
from wizard.steps import Step
from wizard.tui.app import WizardApp
from wizard.tui.screens.framed import FramedScreen
from wizard.tui.widgets.key_bar import KeyBar
from wizard.tui.widgets.step_bar import LABELS, StepBar


@pytest.mark.parametrize("step", [Step.SECRET, Step.VALIDATE, Step.PROFILE, Step.REVIEW,
                                  Step.DONE])
async def test_the_step_bar_shows_the_current_step_at_60x20(
        home: Path, provider_server: ProviderServer, step: Step) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=(60, 20)) as pilot:
        await jump(pilot, step)
        bar = screen_text(app).splitlines()[1]
        assert dict(LABELS)[step] in bar, bar
        assert "Done" in bar  # the steps still to come stay in sight too


async def on_step(pilot: Pilot[Any], step: Step | None) -> None:
    if step is None:
        await settle(pilot)
    elif step is Step.PROVIDER:
        await start(pilot)
    elif step is Step.METHOD:
        await start(pilot)
        await keys(pilot, "enter")
    else:
        await jump(pilot, step)


def key_entries(bar: KeyBar) -> list[str]:
    return [f" {k.display} {k.description} " for k in bar.keys()]


def drawn_keys(line: Strip) -> str:
    """The keys as drawn on the key line (the line pads them to its width; the last key ends
    with a space of its own, as every other does)."""
    return line.text.rstrip() + " "


def bars(app: WizardApp) -> tuple[str, str, list[str]]:
    """The step bar's line, the key bar's keys as drawn, and every key the screen shows:
    the Welcome draws its bars itself, the other screens have a StepBar and a KeyBar."""
    if isinstance(app.screen, FramedScreen):
        page = app.screen
        drawn = drawn_keys(page.render_line(page.size.height - 1))
        return page.render_line(0).text, drawn, [
            f" {k.display} {k.description} " for k in page.keys()]
    keybar = app.screen.query_one(KeyBar)
    return (app.screen.query_one(StepBar).render_line(0).text, drawn_keys(keybar.render_line(0)),
            key_entries(keybar))


@pytest.mark.parametrize("dry_run", [False, True], ids=["write", "dry-run"])
@pytest.mark.parametrize("step", [None, *(step for step, _ in LABELS)],
                         ids=["welcome", *(label for _, label in LABELS)])
async def test_at_60x20_the_bars_keep_whole_words(
        home: Path, provider_server: ProviderServer, step: Step | None, dry_run: bool) -> None:
    """The step bar: the current step whole, and `…` where steps are left out (never a
    trailing `›`); the key bar: whole keys only."""
    if dry_run and step is Step.DONE:
        pytest.skip("a dry run ends at the Review")
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server, opts=Options(dry_run=dry_run),
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=(60, 20)) as pilot:
        await on_step(pilot, step)
        steps, drawn, entries = bars(app)
        shown = steps.rstrip()
        assert len(shown) <= 60
        words = shown.split()
        if step is not None:
            assert dict(LABELS)[step] in words, shown
        assert words[-1] != "›", shown
        left_out = [label for _, label in LABELS if label not in words]
        if left_out:
            assert "…" in words, shown
        if step in (Step.REVIEW, Step.DONE):
            assert "Done" in words
        whole = ""
        for entry in entries:
            if not drawn.startswith(whole + entry):
                break
            whole += entry
        assert drawn == whole, f"a key is cut: {drawn!r}"


async def test_the_key_bar_leaves_out_whole_keys(home: Path,
                                                 provider_server: ProviderServer) -> None:
    app = make_app(home, provider_server)
    async with app.run_test(size=(50, 20)) as pilot:
        await to_secret(pilot)
        bar = app.screen.query_one(KeyBar)
        shown = drawn_keys(bar.render_line(0))
        entries = [f" {k.display} {k.description} " for k in bar.keys()]
        assert len(shown.rstrip()) <= 50
        whole = ""
        for entry in entries:
            if not shown.startswith(whole + entry):
                break
            whole += entry
        assert shown == whole, "a key is cut"
        assert whole != "".join(entries)  # at 50 columns some keys do not fit


async def test_an_error_after_write_is_in_sight_and_says_nothing_was_written(
        home: Path, provider_server: ProviderServer) -> None:
    provider_server.add_credential("anthropic", TOKEN)
    app = make_app(home, provider_server,
                   env=base_env(home, provider_server, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await jump(pilot, Step.PROFILE)
        await keys(pilot, "enter")
        assert screen_name(pilot) == "ReviewScreen"
        agents = state_dir(home) / "agents"
        agents.mkdir(parents=True)
        (agents / "main").write_text("in the way\n")  # the store's folder cannot be made
        before = files_under(home)
        await keys(pilot, "enter")
        await settle(pilot)
        assert screen_name(pilot) == "ReviewScreen"
        text = screen_text(app)
        assert "Nothing was written." in text, text
        assert "✗" in text
        assert files_under(home) == before
