"""Paths named by environment variables, read as OpenClaw reads them: the first variable set to
something non-blank wins, trimmed, with a leading ``~`` meaning the home directory."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def expand(raw: str, home: Path) -> Path:
    raw = raw.strip()
    if raw == "~":
        return home
    if raw.startswith("~/"):
        return home / raw[2:]
    return Path(raw)


def first_set(env: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        value = env.get(name, "").strip()
        if value:
            return value
    return None


def env_path(env: Mapping[str, str], home: Path, *names: str) -> Path | None:
    """The first of ``names`` set in ``env``, as a path (trimmed, ``~`` expanded)."""
    value = first_set(env, *names)
    return expand(value, home) if value else None
