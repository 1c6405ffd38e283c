"""How a problem is shown: the message in colour, its fix in plain text below it."""

from __future__ import annotations

from rich.text import Text


def problem_text(message: str, fix: str | None = None, *, mark: str = "✗",
                 style: str = "bold red") -> Text:
    text = Text()
    text.append(f"{mark} {message}", style=style)
    if fix:
        text.append(f"\n  fix: {fix}")
    return text
