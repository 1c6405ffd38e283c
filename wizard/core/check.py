"""``status --check``: OpenClaw's own exit codes (0 usable, 1 missing or expired, 2 expiring),
with a window a year-long setup token deserves. Pure, over the status document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.core.expiry import WARN_DAYS

OK, PROBLEM, EXPIRING = 0, 1, 2


def check(document: Mapping[str, Any], window_days: int = WARN_DAYS) -> dict[str, Any]:
    """``{"exit_code", "problems", "expiring", "window_days"}`` for the status document."""
    problems: list[str] = []
    expiring: list[str] = []
    for agent in document.get("agents", []):
        who = f"agent {agent['id']}"
        if not agent.get("providers"):
            problems.append(f"{who}: no credential at all")
        for p in agent.get("providers", []):
            if p.get("uses") is None:
                problems.append(f"{who}: {p['provider']}: OpenClaw has nothing it can use")
            for pr in p.get("profiles", []):
                days = pr.get("days_left")
                if pr.get("expired"):
                    problems.append(f"{who}: {pr['id']} expired")
                elif pr.get("usable") and isinstance(days, int) and days <= window_days:
                    expiring.append(f"{who}: {pr['id']} expires in {days} day(s)")
    code = PROBLEM if problems else EXPIRING if expiring else OK
    return {"exit_code": code, "problems": problems, "expiring": expiring,
            "window_days": window_days}


def lines(result: Mapping[str, Any]) -> list[str]:
    """The check as the text ``status --check`` ends with."""
    out = [""]
    out += [f"✗ {p}" for p in result["problems"]]
    out += [f"! {e}" for e in result["expiring"]]
    if result["exit_code"] == OK:
        out.append(f"✓ every credential OpenClaw uses is usable for more than "
                   f"{result['window_days']} days (or does not expire)")
    return out
