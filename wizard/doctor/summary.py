"""What a doctor run examined, in words for its all-clear line. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from wizard.core.profiles import entry_provider
from wizard.doctor.model import DoctorInput
from wizard.spec.registry import normalize_provider_id


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def checked(inp: DoctorInput) -> str:
    """"3 profiles of 2 providers for 2 agents" (and the env vars), plus which files exist."""
    snap = inp.snapshot
    agents = [a for a in (inp.agents or tuple(snap.stores)) if a in snap.stores]
    profiles: set[tuple[str, str]] = set()
    providers: set[str] = set()
    for a in agents:
        for pid, entry in snap.stores[a].profiles().items():
            profiles.add((a, pid))
            prov = entry_provider(entry) if isinstance(entry, Mapping) else None
            providers.add(prov or normalize_provider_id(pid.split(":")[0]))
    for pid, entry in snap.config_profiles().items():
        p = entry.get("provider") if isinstance(entry, Mapping) else None
        providers.add(normalize_provider_id(p) if isinstance(p, str) else pid.split(":")[0])
    env = [c for c in inp.env if c.in_use and not c.blank]
    words = (f"{_n(len(profiles), 'profile')} of {_n(len(providers), 'provider')} for "
             f"{_n(len(agents), 'agent')}")
    if env:
        words += f" and {_n(len(env), 'env var')}"
    return words


def files_present(inp: DoctorInput) -> tuple[bool, bool]:
    """(openclaw.json exists, every examined agent's auth-profiles.json exists)."""
    snap = inp.snapshot
    agents = [a for a in (inp.agents or tuple(snap.stores)) if a in snap.stores]
    return snap.config_text is not None, all(snap.stores[a].text is not None for a in agents)
