"""No baseline shows a secret: neither a whole fake token nor any 16 characters of its
random part (the SVG text is read with its entities decoded and its spans joined per line)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from snapshots.drive import RANDOM_PARTS, SECRETS
from tests.test_tui_typed_secret import BARE

BASELINES = Path(__file__).parent / "__snapshots__"
EXTRA_FAKES = ("Cl4udeAc" * 12, "Cl4udeRf" * 12, "Env0nlyK" * 16, "M1n1MaxCn" * 10, BARE[3:])


def visible_lines(svg: str) -> list[str]:
    """The text of each terminal line of an SVG screenshot."""
    lines: dict[str, list[str]] = {}
    pattern = r'<text[^>]*clip-path="url\(#terminal-(?:\d+-)?line-(\d+)\)"[^>]*>([^<]*)</text>'
    for line_no, chunk in re.findall(pattern, svg):
        lines.setdefault(line_no, []).append(html.unescape(chunk).replace("\xa0", " "))
    return ["".join(parts) for parts in lines.values()]


def runs(part: str, n: int = 16) -> set[str]:
    return {part[i : i + n] for i in range(len(part) - n + 1)}


def test_baselines_exist() -> None:
    assert len(list(BASELINES.rglob("*.svg"))) >= 40


def test_no_baseline_shows_a_secret() -> None:
    needles = set(SECRETS)
    for part in (*RANDOM_PARTS, *EXTRA_FAKES):
        needles |= runs(part)
    for svg_path in sorted(BASELINES.rglob("*.svg")):
        raw = svg_path.read_text()
        text = "\n".join(visible_lines(raw))
        assert text, f"{svg_path.name}: no text found (format changed?)"
        for needle in needles:
            assert needle not in text and needle not in raw, (
                f"{svg_path.relative_to(BASELINES)} shows part of a secret"
            )
