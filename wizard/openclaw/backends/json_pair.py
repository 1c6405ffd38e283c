"""G1/G2: OpenClaw reads ``openclaw.json`` + ``auth-profiles.json``, and authwizard writes them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from wizard.core.plan import Intent, WritePlan, plan
from wizard.errors import FilesError
from wizard.openclaw.backends.protocol import ImportOutcome, WriteOutcome
from wizard.openclaw.paths import OpenClawPaths
from wizard.openclaw.store import Located, read_state
from wizard.openclaw.writer import ConcurrentChange, Fault, apply_plan

MAX_REPLANS = 3


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

    def status(self, agent: str) -> dict[str, Any] | None:
        return None  # the files are what OpenClaw reads: status reads them itself

    def ask_status(self, agents: Iterable[str], background: bool = False) -> None:
        return None

    def import_legacy(self) -> ImportOutcome:
        raise FilesError(f"OpenClaw {self.generation} reads auth-profiles.json itself; there is "
                         "nothing to import", None)

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
        raise _kept_changing()

    def remove(self, profile_id: str, agents: tuple[str, ...],
               now_ms: Callable[[], float]) -> WriteOutcome:
        from wizard.core.removal import plan_removal

        for _ in range(MAX_REPLANS):
            located = self.read()
            p = plan_removal(located.snapshot, profile_id, agents, now_ms()).plan
            if p.nothing_to_do:
                return WriteOutcome(profile_id, False, p)
            try:
                result = (apply_plan(p, located.files) if self.fault is None
                          else apply_plan(p, located.files, fault=self.fault))
            except ConcurrentChange:
                continue
            return WriteOutcome(profile_id, False, p, result.written, result.backups,
                                result.tightened)
        raise _kept_changing()


def _kept_changing() -> FilesError:
    return FilesError(
        "the OpenClaw files kept changing while authwizard tried to write them",
        "stop other OpenClaw processes (openclaw gateway stop) and run authwizard again",
    )

