"""What every doctor rule gets: the input plus facts derived from it once per diagnosis
(resolutions, repairs), and the shape of a rule. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from wizard.core.candidates import Resolution, resolve
from wizard.core.fallbacks import models_api_key
from wizard.doctor.codes import Code
from wizard.doctor.model import Action, DoctorInput, Finding, SetConfig, SetStore
from wizard.doctor.repairs import (
    Repair,
    config_secret,
    repair_config_entry,
    repair_store_entry,
)
from wizard.spec.registry import normalize_provider_id


class Rule(NamedTuple):
    """One check: the codes it can report (the engine runs it where one of them applies) and
    the function that looks."""

    codes: tuple[Code, ...]
    check: Callable[[Ctx], list[Finding]]


class Ctx:
    """The input plus cached derived facts (resolutions, repairs) for one diagnosis."""

    def __init__(self, inp: DoctorInput) -> None:
        self.inp = inp
        self.snap = inp.snapshot
        self.cfg = self.snap.config_profiles()
        wanted = inp.agents if inp.agents is not None else tuple(self.snap.stores)
        default = self.snap.default_agent
        self.agents = [
            a for a in wanted
            if a in self.snap.stores and (a == default or self.snap.stores[a].text is not None)
        ]
        # the agents whose auth-profiles.json OpenClaw reads: none where it keeps credentials
        # in SQLite (there the store is reported as a whole, by the storage rule)
        self.store_agents = self.agents if inp.reads_json else []
        self._res: dict[tuple[str, str], Resolution] = {}
        self._store: dict[tuple[str, str], Repair] = {}
        self._config: dict[str, tuple[Repair, tuple[SetStore, ...]]] = {}

    def res(self, agent: str, provider: str) -> Resolution:
        k = (agent, provider)
        if k not in self._res:
            self._res[k] = resolve(self.snap, agent, provider, self.inp.now_ms, self.inp.rules)
        return self._res[k]

    def own(self, agent: str) -> dict[str, Any]:
        return self.snap.stores[agent].profiles()

    def eff(self, agent: str) -> dict[str, Any]:
        return self.snap.effective_profiles(agent)

    def store_repair(self, agent: str, pid: str) -> Repair:
        """The repair of the entry the agent *sees* under pid (own store, else inherited)."""
        k = (agent, pid)
        if k not in self._store:
            owner = agent if pid in self.own(agent) else self.snap.main_agent or agent
            raw = self.snap.stores[owner].profiles().get(pid) if owner in self.snap.stores else None
            self._store[k] = repair_store_entry(pid, raw, self.cfg.get(pid))
        return self._store[k]

    def config_repair(self, pid: str) -> tuple[Repair, tuple[SetStore, ...]]:
        """The config entry's repair, and the store entry that carries a secret found in the
        config into the default agent's store (when no store has the id at all)."""
        if pid not in self._config:
            cfg = self.cfg.get(pid)
            holders = [a for a in self.snap.stores if pid in self.snap.stores[a].profiles()]
            stored = [self.store_repair(a, pid).value for a in holders]
            moves: tuple[SetStore, ...] = ()
            found = config_secret(cfg)
            if found and not holders and isinstance(cfg, Mapping):
                pseudo = {"provider": cfg.get("provider"), "mode": cfg.get("mode"),
                          found[0]: found[1]}
                moved = repair_store_entry(pid, pseudo, cfg)
                if not moved.blocked and isinstance(moved.value, Mapping):
                    stored.append(moved.value)
                    moves = (SetStore(self.snap.default_agent, pid, moved.value),)
            self._config[pid] = (repair_config_entry(pid, cfg, stored), moves)
        return self._config[pid]

    def config_provider(self, pid: str) -> str | None:
        value = self.config_repair(pid)[0].value
        p = value.get("provider") if isinstance(value, Mapping) else None
        return normalize_provider_id(p) if isinstance(p, str) and p.strip() else None

    def fallback(self, provider: str) -> str | None:
        """What OpenClaw uses after the profiles: the env var, else models.providers.apiKey."""
        for c in self.inp.env:
            if c.provider == provider and c.in_use:
                where = "the environment" if c.source == "environment" else c.source
                return f"{c.name} from {where} ({c.redacted})"
        if models_api_key(self.snap.config, provider):
            return f"models.providers.{provider}.apiKey in openclaw.json"
        return None

    def pid_actions(self, pid: str, agents: list[str]) -> list[Action]:
        """Every change that repairs the id: its config entry and its store entries."""
        rep, moves = self.config_repair(pid)
        out: list[Action] = [*moves]
        if rep.changed:
            out.append(SetConfig(pid, rep.value))
        for a in agents:
            if pid in self.own(a) and (srep := self.store_repair(a, pid)).changed:
                out.append(SetStore(a, pid, srep.value))
        return out

    def pid_changes(self, pid: str, agents: list[str], codes: tuple[str, ...]) -> str:
        rep, moves = self.config_repair(pid)
        parts: list[str] = []
        for a in agents:
            srep = self.store_repair(a, pid)
            texts = [t for c in codes for t in srep.changes.get(c, [])]
            if texts and pid in self.own(a):
                parts.append(f"in agent {a}'s auth-profiles.json {pid}: " + "; ".join(texts))
        if moves:
            parts.append(f"move the secret into agent {moves[0].agent}'s auth-profiles.json")
        texts = [t for c in codes for t in rep.changes.get(c, [])]
        if texts:
            parts.append(f"in openclaw.json auth.profiles[{pid!r}]: " + "; ".join(texts))
        return "; ".join(parts)
