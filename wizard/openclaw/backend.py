"""One interface for writing credentials, one implementation per OpenClaw storage generation.

The flow, the TUI and the replay only see ``Backend``; which files (or which OpenClaw command)
carry the credential is this layer's business (DESIGN §9).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from wizard.core.plan import Intent, WritePlan, plan
from wizard.errors import FilesError
from wizard.openclaw.generation import Detected
from wizard.openclaw.paths import OpenClawPaths
from wizard.openclaw.store import Located, read_state
from wizard.openclaw.writer import ConcurrentChange, Fault, apply_plan

MAX_REPLANS = 3


@dataclass
class WriteOutcome:
    profile_id: str
    rotated: bool
    plan: WritePlan | None
    written: list[Path] = field(default_factory=list)
    backups: list[Path] = field(default_factory=list)
    tightened: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    external: bool = False  # written by OpenClaw's own command (G3/G4), not by authwizard
    keychain: list[str] = field(default_factory=list)  # keychain items (ref ids) written


class Backend(Protocol):
    generation: str

    def read(self) -> Located: ...

    def preview(self, located: Located, intent: Intent, now_ms: float) -> WritePlan: ...

    def write(self, intent: Intent, now_ms: Callable[[], float]) -> WriteOutcome: ...


class JsonPairBackend:
    """G1/G2: OpenClaw reads ``openclaw.json`` + ``auth-profiles.json`` directly."""

    def __init__(
        self,
        paths: OpenClawPaths,
        generation: str = "G1",
        extra_agents: Iterable[str] = (),
        fault: Fault | None = None,
    ) -> None:
        self.paths = paths
        self.generation = generation
        self.extra_agents = tuple(extra_agents)
        self.fault = fault

    def read(self) -> Located:
        return read_state(self.paths, self.extra_agents)

    def preview(self, located: Located, intent: Intent, now_ms: float) -> WritePlan:
        return plan(located.snapshot, intent, now_ms)

    def write(self, intent: Intent, now_ms: Callable[[], float]) -> WriteOutcome:
        for _ in range(MAX_REPLANS):
            located = self.read()
            p = plan(located.snapshot, intent, now_ms())
            if p.nothing_to_do:
                return WriteOutcome(p.profile_id, p.rotated, p, notes=list(p.notes))
            try:
                if self.fault is not None:
                    result = apply_plan(p, located.files, fault=self.fault)
                else:
                    result = apply_plan(p, located.files)
            except ConcurrentChange:
                continue
            return WriteOutcome(
                p.profile_id, p.rotated, p, result.written, result.backups,
                result.tightened, list(p.notes),
            )
        raise FilesError(
            "the OpenClaw files kept changing while authwizard tried to write them",
            "stop other OpenClaw processes (openclaw gateway stop) and run authwizard again",
        )


def make_backend(detected: Detected, paths: OpenClawPaths, env: Mapping[str, str]) -> Backend:
    if detected.reads_json:
        return JsonPairBackend(paths, detected.generation)
    from wizard.openclaw.cli_backend import CliBackend

    return CliBackend(paths, detected, env)
