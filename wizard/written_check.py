"""Whether the doctor's look right after a write contradicts the write: an error about the
profile just written, or about its provider, in an agent just written. Such a run has not
succeeded (another writer may have replaced the config in between), whatever the files say."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, TypeVar


class _Finding(Protocol):
    @property
    def severity(self) -> str: ...
    @property
    def provider(self) -> str | None: ...
    @property
    def profile(self) -> str | None: ...
    @property
    def agent(self) -> str | None: ...


F = TypeVar("F", bound=_Finding)


def contradicting(findings: Iterable[F], provider: str, profile: str,
                  agents: Iterable[str]) -> list[F]:
    written = set(agents)
    return [
        f for f in findings
        if f.severity == "error" and f.provider == provider
        and f.profile in (profile, None) and (f.agent is None or f.agent in written)
    ]
