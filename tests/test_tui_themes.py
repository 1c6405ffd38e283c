"""Textual's theme switching works (the command palette), and a light theme is legible."""

from __future__ import annotations

from pathlib import Path

from snapshots.drive import base_env, keys, make_app, settle
from tests.provider_server import ProviderServer


async def test_the_command_palette_changes_the_theme(tmp_path: Path,
                                                     provider_server: ProviderServer) -> None:
    home = tmp_path / "home"
    home.mkdir()
    app = make_app(home, provider_server, env=base_env(home, provider_server))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await keys(pilot, "ctrl+p")
        await pilot.press(*"theme")
        await keys(pilot, "enter")
        await pilot.press(*"textual-light")
        await keys(pilot, "enter")
        assert app.theme == "textual-light"
        assert not app.current_theme.dark


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    def lum(c: tuple[int, int, int]) -> float:
        ch = [(v / 255) / 12.92 if v / 255 <= 0.03928 else ((v / 255 + 0.055) / 1.055) ** 2.4
              for v in c]
        return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


async def test_a_light_theme_is_legible(tmp_path: Path) -> None:
    """The colours the screens use for warnings, successes and errors read on a light theme's
    background (WCAG AA: 4.5:1)."""
    from textual.color import Color

    home = tmp_path / "home"
    home.mkdir()
    app = make_app(home, None, env=base_env(home, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = "textual-light"
        await pilot.pause()
        background = Color.parse(app.current_theme.background or "#e0e0e0").rgb
        for index, name in ((1, "red"), (2, "green"), (3, "yellow")):
            colour = app.ansi_theme.ansi_colors[index]
            rgb = (colour.red, colour.green, colour.blue)
            assert contrast(rgb, background) >= 4.5, name
