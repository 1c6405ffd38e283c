"""The colours of "red", "green" and "yellow" words on a light theme.

The screens colour errors red, successes green and warnings yellow (Rich's ANSI colours); on a
light theme Textual maps those through ``App.ansi_theme_light``, whose own red, green and yellow
are too pale to read there. This palette takes them from the theme instead — its text colours
for errors, successes and warnings (``$text-error``, ``$text-success``, ``$text-warning``) —
darkened where a theme's are still too pale, until each reads on the theme's background and
surface at WCAG AA (4.5:1).
"""

from __future__ import annotations

from collections.abc import Mapping

from rich.terminal_theme import TerminalTheme
from textual.color import Color

AA = 4.5
TONES = {1: "text-error", 2: "text-success", 3: "text-warning"}  # ANSI red, green, yellow
# The other colours of a light terminal (black, blue, magenta, cyan, white, grey), then the
# bright ones; red, green and yellow come from the theme.
_NORMAL = [(0, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0, 0), (30, 70, 170), (110, 50, 140),
           (0, 100, 135), (247, 247, 247)]
_BRIGHT = [(90, 90, 90), (0, 0, 0), (0, 0, 0), (0, 0, 0), (0, 90, 180), (160, 50, 160),
           (0, 120, 150), (247, 247, 247)]


def luminance(colour: Color) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = colour.rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: Color, b: Color) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def readable(colour: Color, *backgrounds: Color) -> Color:
    """``colour``, darkened (lightened, when it is lighter than the first background) as little
    as it takes to reach 4.5:1 on every background; the other way when that way cannot."""
    lighter = luminance(colour) > luminance(backgrounds[0])
    for direction in (lighter, not lighter):  # white on a mid blue never reaches 4.5: go dark
        shade = colour
        for _ in range(40):
            if all(contrast(shade, bg) >= AA for bg in backgrounds):
                return shade
            shade = shade.lighten(0.025) if direction else shade.darken(0.025)
    return colour


def legible_keys(variables: Mapping[str, str]) -> dict[str, str]:
    """The key bar's keys readable on its background: light themes colour them in an accent
    made for a dark bar (textual-light's blue keys read at 2.9:1)."""
    bar = Color.parse(variables.get("footer-background", variables["background"]))
    key_background = variables.get("footer-key-background", "transparent")
    if key_background != "transparent":
        bar = bar + Color.parse(key_background)
    key = readable(bar + Color.parse(variables["footer-key-foreground"]), bar)
    return {**variables, "footer-key-foreground": key.hex}


def _parsed(variables: Mapping[str, str], name: str) -> Color:
    """The variable's colour (a theme that spells it some other way: its base colour)."""
    for candidate in (name, name.removeprefix("text-"), "foreground"):
        try:
            return Color.parse(variables[candidate])
        except (KeyError, ValueError):
            continue
    return Color(0, 0, 0)


def light_ansi(variables: Mapping[str, str]) -> TerminalTheme:
    """The light ANSI colours for a theme's CSS variables (``App.get_css_variables()``)."""
    background = Color.parse(variables["background"])
    surface = background + Color.parse(variables.get("surface", variables["background"]))
    normal, bright = list(_NORMAL), list(_BRIGHT)
    for index, name in TONES.items():
        tone = readable(background + _parsed(variables, name), background, surface)
        normal[index] = bright[index] = tone.rgb
    return TerminalTheme(background.rgb, (0, 0, 0), normal, bright)
