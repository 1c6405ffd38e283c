"""Textual's theme switching works (the command palette), and a light theme is legible."""

from __future__ import annotations

from pathlib import Path

import pytest

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


def coloured_spans(svg: str) -> list[tuple[str, str, str]]:
    """(text, its colour, the colour behind it) of every span of a screenshot that is drawn
    in a colour of its own (not the theme's foreground)."""
    import html
    import re

    fills = dict(re.findall(r"\.(terminal-\d+-r\d+) \{ fill: (#[0-9a-f]{6})", svg))
    behind = {(x, round(float(y), 1)): fill for fill, x, y in re.findall(
        r'<rect fill="(#[0-9a-f]{6})" x="([\d.]+)" y="([\d.]+)"', svg)}
    out = []
    for cls, x, y, text in re.findall(
            r'<text class="(terminal-\d+-r\d+)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>',
            svg):
        shown = html.unescape(text).replace("\xa0", " ").strip()
        back = behind.get((x, round(float(y) - 18.5, 1)))
        if shown and cls in fills and back is not None:
            out.append((shown, fills[cls], back))
    return out


@pytest.mark.parametrize("theme", ["textual-light", "solarized-light", "catppuccin-latte",
                                   "rose-pine-dawn", "atom-one-light"])
async def test_an_error_reads_on_a_light_theme(tmp_path: Path, theme: str) -> None:
    """The Secret step refusing a cut token, as drawn: the error's colour (the theme's own
    $text-error, darker where needed) against what is behind it, at least 4.5:1."""
    from textual.color import Color

    from snapshots.drive import TOKEN, paste, to_secret
    from wizard.tui.palette import contrast

    home = tmp_path / "home"
    home.mkdir()
    app = make_app(home, None, env=base_env(home, None, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.theme = theme
        await to_secret(pilot)
        await paste(pilot, TOKEN[:60])
        await keys(pilot, "enter")
        errors = [(c, b) for text, c, b in coloured_spans(app.export_screenshot())
                  if text.startswith("✗")]
        assert errors, "no error on screen"
        for colour, back in errors:
            ratio = contrast(Color.parse(colour), Color.parse(back))
            assert ratio >= 4.5, f"{colour} on {back}: {ratio:.2f}:1"


LIGHT = ["textual-light", "solarized-light", "catppuccin-latte", "rose-pine-dawn",
         "atom-one-light"]


async def welcome_spans(tmp_path: Path, theme: str, size: tuple[int, int]
                        ) -> list[tuple[str, float]]:
    """The Welcome on ``theme``: each span drawn in a colour of its own, and its contrast
    against what is behind it."""
    from textual.color import Color

    from wizard.tui.palette import contrast

    home = tmp_path / "home"
    home.mkdir()
    app = make_app(home, None, env=base_env(home, None, AUTHWIZARD_GENERATION="G1"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.theme = theme
        await pilot.pause()
        return [(text, contrast(Color.parse(colour), Color.parse(back)))
                for text, colour, back in coloured_spans(app.export_screenshot())]


@pytest.mark.parametrize("theme", LIGHT)
async def test_the_keys_read_on_a_light_theme(tmp_path: Path, theme: str) -> None:
    """The key bar, a newcomer's guide to what to press: each key and its words at 4.5:1 or
    more against the bar (textual-light's blue keys read at 2.9:1)."""
    shown = [(text, ratio) for text, ratio in await welcome_spans(tmp_path, theme, (80, 24))
             if text in ("⏎", "^c", "r")]
    assert shown, "no key on the key bar"
    for text, ratio in shown:
        assert ratio >= 4.5, f"{text}: {ratio:.2f}:1"


@pytest.mark.parametrize("theme", LIGHT)
async def test_the_steps_to_come_read_on_a_light_theme(tmp_path: Path, theme: str) -> None:
    """The step bar's steps still to come are drawn fainter than the current one, but still
    at 4.5:1 or more against the bar (textual-light's dimmed names read at 4.4:1)."""
    shown = [(text, ratio) for text, ratio in await welcome_spans(tmp_path, theme, (100, 24))
             if any(name in text for name in ("Provider", "Method", "Review", "Done"))]
    assert shown, "no step name drawn in a colour of its own"
    for text, ratio in shown:
        assert ratio >= 4.5, f"{text}: {ratio:.2f}:1"


async def test_the_welcome_repaints_in_a_new_theme(tmp_path: Path) -> None:
    """The Welcome keeps the lines it painted until they change: a theme switch is such a
    change, on every row (not only the bars it draws once per theme)."""
    import re

    home = tmp_path / "home"
    home.mkdir()
    app = make_app(home, None, env=base_env(home, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)

        def fills() -> set[str]:
            return set(re.findall(r'<rect fill="(#[0-9a-f]{6})"', app.export_screenshot()))

        dark = app.screen.styles.background.hex.lower()
        assert dark in fills()
        app.theme = "textual-light"
        await settle(pilot)
        light = app.screen.styles.background.hex.lower()
        assert light in fills() and dark not in fills()
