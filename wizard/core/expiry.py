"""When a credential expires: parsing what the user gives (an ISO date or ``365d``), days left,
and the warning thresholds. Pure."""

from __future__ import annotations

import datetime as dt
import math
import re

DAY_MS = 86_400_000
WARN_DAYS = 30  # ``status --check`` exits 2 within this many days
WELCOME_WARNINGS = (30, 7, 1)  # the TUI's Welcome warns at these
_DAYS = re.compile(r"^\s*([1-9][0-9]{0,4})\s*d\s*$")


def parse_expires(text: str, now_ms: float) -> int:
    """``"2027-06-30"`` (end of that day, UTC), a full ISO date-time, or ``"365d"`` from now,
    as epoch milliseconds. ValueError naming the accepted forms; a moment not in the future is
    refused (OpenClaw would stop using the token at once)."""
    m = _DAYS.match(text)
    if m:
        return int(now_ms + int(m.group(1)) * DAY_MS)
    raw = text.strip()
    try:
        if len(raw) == 10:
            day = dt.date.fromisoformat(raw)
            when = dt.datetime(day.year, day.month, day.day, 23, 59, 59, tzinfo=dt.UTC)
        else:
            when = dt.datetime.fromisoformat(raw)
            if when.tzinfo is None:
                when = when.replace(tzinfo=dt.UTC)
    except ValueError:
        raise ValueError('expected an ISO date ("2027-06-30") or a number of days ("365d")'
                         ) from None
    ms = int(when.timestamp() * 1000)
    if ms <= now_ms:
        raise ValueError(f"{raw} is not in the future: OpenClaw would stop using the token "
                         "at once")
    return ms


def days_left(expires_ms: float, now_ms: float) -> int:
    """Whole days until ``expires_ms`` (rounded up: 0 means expired)."""
    return max(0, math.ceil((expires_ms - now_ms) / DAY_MS))


def expires_in_arg(expires_ms: float, now_ms: float) -> str:
    """``openclaw models auth paste-token --expires-in`` for the same moment, in whole days."""
    return f"{max(1, days_left(expires_ms, now_ms))}d"


def describe(expires_ms: float, now_ms: float) -> str:
    """``2027-06-30 (in 10 days)``, ``… (expired)``."""
    stamp = dt.datetime.fromtimestamp(expires_ms / 1000, tz=dt.UTC).strftime("%Y-%m-%d")
    if expires_ms <= now_ms:
        return f"{stamp} (expired)"
    n = days_left(expires_ms, now_ms)
    return f"{stamp} (in {n} day{'s' if n != 1 else ''})"


def renew_warning(expires_ms: float, now_ms: float) -> tuple[str, str] | None:
    """(level, words) once a credential is within 30, 7 or 1 day(s) of expiring; None before
    that and once expired (an expired one is an error of its own)."""
    if expires_ms <= now_ms:
        return None
    days = days_left(expires_ms, now_ms)
    if days <= WELCOME_WARNINGS[2]:
        return "error", "renew it today: OpenClaw stops using it tomorrow"
    if days <= WELCOME_WARNINGS[1]:
        return "warn", "renew it this week"
    if days <= WELCOME_WARNINGS[0]:
        return "warn", f"renew it within {days} days"
    return None
