"""Wording and formatting shared by the screens. No Textual here: plain functions, easy to test.

Everything shown on screen goes through these helpers, so paths are shown relative to HOME
(``~/.openclaw/…``) and times are formatted from the injected ``now`` only: the same state
renders the same screen on every run.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wizard.spec.registry import Method, Provider

DAY_MS = 86_400_000

METHOD_LABELS: dict[Method, str] = {"api-key": "API key", "setup-token": "setup token"}


def tildify(path: Path | str, home: Path) -> str:
    """``/home/me/.openclaw/x`` → ``~/.openclaw/x``; other paths unchanged."""
    p = Path(path)
    try:
        rel = p.relative_to(home)
    except ValueError:
        return str(p)
    return "~" if str(rel) == "." else f"~/{rel}"


def tildify_text(text: str, home: Path) -> str:
    """Every occurrence of the home folder in ``text`` shown as ``~``."""
    h = str(home).rstrip("/")
    return text.replace(h + "/", "~/") if h else text


def ms_date(ms: float) -> str:
    return datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d")


def expiry_words(expires_ms: float | None, now_ms: float) -> str:
    """"expires 2027-03-01 (in 96 days)" / "expired 2026-01-02 (3 days ago)" / ""."""
    if not expires_ms or expires_ms <= 0:
        return ""
    days = int((expires_ms - now_ms) // DAY_MS)
    if expires_ms <= now_ms:
        ago = int((now_ms - expires_ms) // DAY_MS)
        return f"expired {ms_date(expires_ms)} ({ago} days ago)" if ago else (
            f"expired {ms_date(expires_ms)} (today)"
        )
    return f"expires {ms_date(expires_ms)} (in {days} days)" if days else (
        f"expires {ms_date(expires_ms)} (today)"
    )


def datetime_words(when: datetime | None, now_ms: float) -> str:
    if when is None:
        return ""
    return expiry_words(when.timestamp() * 1000, now_ms)


def short_name(provider: Provider) -> str:
    return provider.name.split(" (")[0]


def methods_words(provider: Provider) -> str:
    return ", ".join(METHOD_LABELS[m] for m in provider.methods)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


OUTCOME_HEADLINE = {
    "valid": ("✓", "Accepted"),
    "limited": ("!", "Accepted, with a limit"),
    "rejected": ("✗", "Rejected"),
    "unverified": ("?", "Could not verify it"),
}

OUTCOME_NEXT = {
    "valid": "Press Enter to choose where to save it.",
    "limited": "It will work, with the limit above. Press Enter to choose where to save it.",
    "rejected": "Nothing was saved. Press Esc to go back and paste another credential.",
    "unverified": (
        "Nothing was saved yet. Press r to retry, s to save it without a check, "
        "or Esc to go back."
    ),
}
