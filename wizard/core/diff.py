"""A unified diff of a plan with every secret replaced by its redacted form."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from wizard.core import jsontext
from wizard.core.plan import WritePlan
from wizard.core.secrets import redact

_SECRET_FIELDS = {"key", "token", "access", "refresh", "apiKey", "accessToken", "refreshToken"}
_SECRETISH_KEY = re.compile(r"(api[_-]?key|token|secret|password|passwd|key)$", re.IGNORECASE)


def _collect(value: Any, out: set[str], parent_key: str = "") -> None:
    if isinstance(value, Mapping):
        for k, v in value.items():
            _collect(v, out, str(k))
    elif isinstance(value, list):
        for v in value:
            _collect(v, out, parent_key)
    elif isinstance(value, str) and len(value) >= 8 and not value.startswith("${"):
        if parent_key in _SECRET_FIELDS or _SECRETISH_KEY.search(parent_key):
            out.add(value)


def secrets_in(texts: Iterable[str | None]) -> set[str]:
    found: set[str] = set()
    for text in texts:
        if not text:
            continue
        try:
            _collect(jsontext.parse(text).value, found)
        except jsontext.JSONTextError:
            continue
    return found


def redact_text(text: str, secrets: Iterable[str]) -> str:
    for s in sorted(set(secrets), key=len, reverse=True):
        if s:
            text = text.replace(s, redact(s))
    return text


def plan_diff(plan: WritePlan, labels: Mapping[str, str], extra_secrets: Iterable[str] = ()) -> str:
    """The redacted unified diff of every file the plan changes ("" when nothing changes)."""
    secrets = set(extra_secrets)
    secrets |= secrets_in(c.old_text for c in plan.changes)
    secrets |= secrets_in(c.new_text for c in plan.changes)
    chunks = []
    for change in plan.changes:
        label = labels.get(change.target, change.target)
        old = redact_text(change.old_text or "", secrets).splitlines(keepends=True)
        new = redact_text(change.new_text, secrets).splitlines(keepends=True)
        chunks.append(
            "".join(
                difflib.unified_diff(
                    old, new,
                    fromfile=f"{label} (before)" if change.old_text is not None else "/dev/null",
                    tofile=f"{label} (after)",
                )
            )
        )
    return "\n".join(chunks)
