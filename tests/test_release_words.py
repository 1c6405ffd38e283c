"""The Welcome names the OpenClaw release and where it keeps credentials in plain words."""

from __future__ import annotations

from pathlib import Path

from snapshots.drive import base_env, make_app, settle
from tests.test_tui_generations import screen_text
from wizard.openclaw.generation import Detected
from wizard.views.release import release_words


def test_an_installed_sqlite_release() -> None:
    d = Detected("G4", "installed", "2026.9.6", "/usr/bin/openclaw")
    assert release_words(d) == "OpenClaw 2026.9.6 — keeps credentials in its own database"


def test_a_json_release_named_by_the_config() -> None:
    d = Detected("G1", "config-meta", "2026.3.2", None)
    assert release_words(d) == (
        "OpenClaw 2026.3.2 (the release that last wrote the config) — keeps credentials in two "
        "JSON files (openclaw.json and auth-profiles.json)")


def test_an_unknown_release_is_said_to_be_unknown() -> None:
    words = release_words(Detected("G1", "none", None, None))
    assert words.startswith("release unknown: no `openclaw` program here")
    assert "assuming" not in words and "G1" not in words


async def test_the_welcome_uses_the_words(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    app = make_app(home, None, env=base_env(home, None))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "release unknown: no `openclaw` program here" in text
        assert "G1 —" not in text and "state dir" not in text


def test_a_generation_set_by_hand_is_said_as_the_releases_it_stands_for() -> None:
    d = Detected("G2", "override", None, None, override_by="AUTHWIZARD_GENERATION")
    assert release_words(d).startswith(
        "OpenClaw 2026.4.7 to 2026.6.1 (as set with AUTHWIZARD_GENERATION) — keeps credentials "
        "in two JSON files")
    d4 = Detected("G4", "override", None, None, override_by="--generation")
    assert release_words(d4).startswith("OpenClaw 2026.8.1 or later (as set with --generation)")
