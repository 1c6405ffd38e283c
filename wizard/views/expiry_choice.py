"""The question the Profile step asks about a setup token: when does it expire? No Textual here.

``claude setup-token`` makes tokens that last one year, so that lifetime is offered, but only
as a choice the user makes: an expiry is written only when the user gave or confirmed it (one
in the past makes OpenClaw stop using the token), so the preset answer records none.
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from wizard.core.expiry import DAY_MS, describe
from wizard.views.text import ms_date

Key = Literal["lifetime", "date", "none"]
LIFETIME_DAYS = 365  # `claude setup-token`'s tokens last one year
PRESET: Key = "none"
QUESTION = "When does this token expire?"
WHY = " OpenClaw stops using a token after its expiry."
DATE_PLACEHOLDER = "YYYY-MM-DD, the day it expires"


class Choice(NamedTuple):
    key: Key
    label: str


def choices(now_ms: float) -> tuple[Choice, ...]:
    lifetime = now_ms + LIFETIME_DAYS * DAY_MS
    return (
        Choice("lifetime", f"{LIFETIME_DAYS} days from today, {ms_date(lifetime)} "
                           "(claude setup-token's lifetime)"),
        Choice("date", "on a date I enter"),
        Choice("none", "don't record an expiry"),
    )


def answer(key: Key, date: str) -> str | None:
    """What the choice tells ``Flow.choose_expires`` (the same forms as answers.json's
    ``expires``); None: nothing is recorded."""
    if key == "lifetime":
        return f"{LIFETIME_DAYS}d"
    if key == "date":
        return date.strip()
    return None


def review_words(expires_ms: int | None, now_ms: float) -> str:
    """The Review's line about the expiry about to be written ("" when none is)."""
    if expires_ms is None:
        return ""
    return f"The token expires {describe(expires_ms, now_ms)}: OpenClaw stops using it then."
