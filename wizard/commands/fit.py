"""Text output that fits the terminal: lines wrapped at its width between words (an id or a
path is never broken), continuing under the line's own text or table column; colour marks on a
terminal that wants them. Pure: the caller says the width and whether to colour."""

from __future__ import annotations

import os
import re
import shutil
import textwrap
from collections.abc import Mapping
from typing import IO

MARKS = ("✗ ", "! ", "✓ ", "i ", "- ", "# ")
_CELL_GAP = re.compile(r"\S(\s{2,})(?=\S)")
COLOURS = {"✗": "\x1b[1;31m", "!": "\x1b[33m", "✓": "\x1b[32m"}
RESET = "\x1b[0m"
MIN_WIDTH = 40


def width_for(out: IO[str], env: Mapping[str, str] | None = None) -> int | None:
    """The width to wrap at: the terminal's, or COLUMNS; None for a pipe without COLUMNS."""
    env = os.environ if env is None else env
    if not env.get("COLUMNS", "").isdigit() and not _isatty(out):
        return None
    return max(MIN_WIDTH, shutil.get_terminal_size().columns)


def wants_colour(out: IO[str], env: Mapping[str, str] | None = None) -> bool:
    env = os.environ if env is None else env
    return _isatty(out) and "NO_COLOR" not in env and env.get("TERM") != "dumb"


def _isatty(out: IO[str]) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False


def _wrap(text: str, width: int, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


def wrap_line(line: str, width: int) -> list[str]:
    """``line`` in lines of at most ``width`` cells where the words allow it."""
    if len(line) <= width:
        return [line]
    indent = len(line) - len(line.lstrip(" "))
    gaps = list(_CELL_GAP.finditer(line))
    if len(gaps) >= 2:  # a table row: the cells stay; the last one wraps under itself
        column = gaps[-1].end(1)
        head, tail = line[:column], line[column:]
        if width - column >= 20:
            body = _wrap(tail, width - column, "", "")
            return [head + body[0], *(" " * column + b for b in body[1:])]
        under = " " * min(indent + 6, width // 2)
        return [head.rstrip(), *_wrap(tail, width, under, under)]
    lead = indent + (2 if line[indent:].startswith(MARKS) else 0) + (2 if indent == 0 else 0)
    lead = min(lead, width // 2)
    return _wrap(line[indent:], width, " " * indent, " " * lead) or [line]


def fit(text: str, width: int | None) -> str:
    if width is None:
        return text
    out = [piece for line in text.split("\n") for piece in wrap_line(line, width)]
    return "\n".join(out)


def colour(text: str) -> str:
    """The ✗ ! ✓ marks at the start of a line's text in their colours."""
    def paint(m: re.Match[str]) -> str:
        return f"{m.group(1)}{COLOURS[m.group(2)]}{m.group(2)}{RESET}"

    return re.sub(r"(?m)^( *)([✗!✓])(?= )", paint, text)
