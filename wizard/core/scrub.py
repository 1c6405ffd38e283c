"""Credential-shaped text taken out of anything shown to the user.

A secret typed where an id belongs (``order.anthropic: ["sk-ant-oat01-…"]``) travels into
messages, ids and paths that nobody thought of as secret, sometimes lower-cased as ids are.
Everything a command prints passes through :class:`Scrubber`: a token with a known prefix (in
any case) is shown redacted, and so is any text sharing a run of :data:`WINDOW` characters
with a secret the files hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from wizard.core.paste import known_prefixes, redact

WINDOW = 12  # this many characters of a secret in a row are too many to show
MIN_BODY = 8  # characters after a known prefix that make a token (a redacted one has none)
REDACTED = "[redacted]"
_WORD = re.compile(rf"[A-Za-z0-9_-]{{{WINDOW},}}")


@cache
def _prefixed() -> re.Pattern[str]:
    """A known prefix at the start of a run of token characters (dots inside, for JWTs)."""
    alternatives = "|".join(map(re.escape, known_prefixes()))
    return re.compile(rf"(?<![A-Za-z0-9_-])(?:{alternatives})[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*",
                      re.IGNORECASE)


def _prefix_of(token: str) -> str:
    folded = token.lower()
    return next((p for p in known_prefixes() if folded.startswith(p.lower())), "")


def _redact_prefixed(m: re.Match[str]) -> str:
    token = m.group(0)
    return redact(token) if len(token) - len(_prefix_of(token)) >= MIN_BODY else token


def _windows(secret: str) -> Iterator[str]:
    """Every WINDOW-long piece of the secret that is more than its public prefix."""
    start = max(0, len(_prefix_of(secret)) - WINDOW + 1)
    for i in range(start, len(secret) - WINDOW + 1):
        yield secret[i : i + WINDOW].lower()


class Scrubber:
    """Redacts credential-shaped text; ``secrets`` are values known to be secret (the store's)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        known = {s for s in secrets if len(s) >= WINDOW}
        self._secrets = sorted(known, key=len, reverse=True)
        self._windows = frozenset(w for s in known for w in _windows(s))

    def text(self, text: str) -> str:
        for secret in self._secrets:
            if secret in text:
                text = text.replace(secret, redact(secret))
        text = _prefixed().sub(_redact_prefixed, text)
        if self._windows:
            text = _WORD.sub(self._word, text)
        return text

    def _word(self, m: re.Match[str]) -> str:
        word = m.group(0)
        folded = word.lower()
        hit = any(folded[i : i + WINDOW] in self._windows for i in range(len(word) - WINDOW + 1))
        return REDACTED if hit else word

    def value(self, value: Any) -> Any:
        """A JSON value with every string in it (keys too) scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, Mapping):
            return {self.text(str(k)): self.value(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.value(v) for v in value]
        return value


def scrub(text: str, secrets: Iterable[str] = ()) -> str:
    """``text`` with every credential-shaped piece redacted (see :class:`Scrubber`)."""
    return Scrubber(secrets).text(text)
