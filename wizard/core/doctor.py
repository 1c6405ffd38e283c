"""``authwizard doctor``: findings over the current state (DESIGN §3 doctor list, §8 severities).

Pure: the snapshot, the file modes and the env credentials come in as data; findings go out.
Each finding names what is wrong in plain words and either the exact change ``--fix`` makes
(``auto``, carried as ``actions``) or why there is no single right answer and what to run.
The rules live in :mod:`wizard.core.doctor_entries` (config and store entries) and
:mod:`wizard.core.doctor_rules` (orders, resolution, env, files); the per-entry repairs that
both describe in :mod:`wizard.core.repairs`; :mod:`wizard.core.doctor_fix` applies them.

Codes (severity; ``*`` = ``--fix`` repairs it where the files say how):

- ``config-schema`` error* — a config entry OpenClaw's strict schema rejects
- ``config-id-missing-in-store`` error* (warning if another profile still works) — #2697
- ``mode-type-mismatch`` error* (warning for config oauth over store token)
- ``provider-mismatch`` error* — only when the secret's prefix proves one side right
- ``store-entry-dropped`` error* — no/alias type, alias value key, no provider, no secret
- ``type-contradicts-secret`` error* — a setup token as api_key, an API key as token
- ``store-entry-alias`` info* — redundant alias keys beside the real ones; warning* when the
  entry has only the aliases and the detected release (2026.2.26+) reads them
- ``dangling-order`` / ``dangling-last-good`` warning* (error if no usable profile is left)
- ``token-expired`` error (warning if another profile still works)
- ``deprecated-claude-cli`` warning · ``store-only-hidden`` warning
- ``no-usable-profile`` error · ``env-shadows-profile`` error (an env var/models key used
  instead of the profiles) · ``agent-lacks-profile`` warning
- ``env-duplicates-profile`` warning · ``env-fallback`` info · ``env-only-credential`` info
- ``file-permissions`` warning* (files 0600, folders 0700)
- ``json-store-not-read`` error — G3/G4 keep credentials in SQLite (then only config repairs)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

from wizard.core.candidates import STRICT, Resolution, Rules, resolve
from wizard.core.repairs import (
    Repair,
    config_secret,
    repair_config_entry,
    repair_store_entry,
)
from wizard.core.snapshot import Snapshot
from wizard.spec.registry import normalize_provider_id

Severity = Literal["error", "warning", "info"]
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
WIZARD = "authwizard"


# ------------------------------------------------------------------ inputs


class FileInfo(NamedTuple):
    """A file or folder that holds (or leads to) credentials, with its permission bits."""

    path: str
    mode: int
    is_dir: bool = False


class EnvCredential(NamedTuple):
    """A provider env var OpenClaw would see (process env or ``<stateDir>/.env``); never the
    value itself: its redacted form, a fingerprint, and the header it would go out with."""

    name: str
    provider: str
    source: str  # "environment" or the .env file's path
    redacted: str
    digest: str
    header: str | None
    in_use: bool  # OpenClaw's first non-blank env candidate for the provider
    wins: bool = True  # this source's value is the one OpenClaw sees for this name
    blank: bool = False


class DoctorInput(NamedTuple):
    snapshot: Snapshot
    now_ms: float
    files: tuple[FileInfo, ...] = ()
    env: tuple[EnvCredential, ...] = ()
    agents: tuple[str, ...] | None = None  # None: every agent
    reads_json: bool = True  # the detected OpenClaw generation reads the JSON pair
    generation: str = "G1"
    rules: Rules = STRICT  # how the installed release reads the files (strictest if unknown)


# ------------------------------------------------------------------ actions (what --fix does)


class SetConfig(NamedTuple):
    pid: str
    entry: Any  # None: remove the entry (and its auth.order mentions)


class RenameConfig(NamedTuple):
    old: str
    new: str
    entry: Any


class SetStore(NamedTuple):
    agent: str
    pid: str
    entry: Any


class DropOrderIds(NamedTuple):
    agent: str | None  # None: openclaw.json auth.order
    key: str
    ids: tuple[str, ...]


class FixLastGood(NamedTuple):
    """Point ``lastGood[key]`` at the provider's only usable profile, else remove it."""

    agent: str
    key: str


class Chmod(NamedTuple):
    path: str
    mode: int
    is_dir: bool = False


Action = SetConfig | RenameConfig | SetStore | DropOrderIds | FixLastGood | Chmod


class Finding(NamedTuple):
    code: str
    severity: Severity
    message: str  # what is wrong and what OpenClaw does with it, in plain words
    fix: str  # the exact change --fix makes (auto), or what to run
    auto: bool
    agent: str | None = None
    provider: str | None = None
    profile: str | None = None
    actions: tuple[Action, ...] = ()
    path: str | None = None  # the file or folder, for file-permissions

    def key(self) -> tuple[str, str | None, str | None, str | None, str | None]:
        return (self.code, self.agent, self.provider, self.profile, self.path)

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code, "severity": self.severity, "agent": self.agent,
            "provider": self.provider, "profile": self.profile, "path": self.path,
            "message": self.message, "fix": self.fix, "auto": self.auto,
        }


# ------------------------------------------------------------------ shared context


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


def models_api_key(config: Mapping[str, Any], provider: str) -> str | None:
    models = config.get("models")
    providers = models.get("providers") if isinstance(models, Mapping) else None
    if isinstance(providers, Mapping):
        for key, entry in providers.items():
            if normalize_provider_id(str(key)) == provider and isinstance(entry, Mapping):
                v = entry.get("apiKey")
                if isinstance(v, str) and v.strip():
                    return v
    return None


def finding(
    code: str, severity: Severity, message: str, *, fix: str, actions: list[Action] | None = None,
    agent: str | None = None, provider: str | None = None, profile: str | None = None,
    path: str | None = None,
) -> Finding:
    acts: list[Action] = []
    for act in actions or ():
        if act not in acts:
            acts.append(act)
    if acts and not fix:
        fix = "rewrite the entry in the form OpenClaw reads"
    return Finding(code, severity, message, fix, bool(acts), agent, provider, profile,
                   tuple(acts), path)


SET_UP_AGAIN = f"Run `{WIZARD}` to set the credential up; it writes both files consistently"


def manual(reason: str, then: str = SET_UP_AGAIN) -> str:
    """The fix text of a finding --fix leaves alone: why, then what the user can do."""
    return f"not changed by --fix: {reason}. {then}" if reason else f"not changed by --fix. {then}"


# ------------------------------------------------------------------ entry point


def diagnose(inp: DoctorInput) -> list[Finding]:
    """Every finding over the input, errors first; stable order within a severity."""
    from wizard.core import doctor_rules as rules
    from wizard.core.doctor_entries import config_findings, store_findings

    ctx = Ctx(inp)
    if not inp.reads_json:
        found = [f for f in config_findings(ctx) if f.code in ("config-schema",
                                                                "deprecated-claude-cli")]
        found += rules.generation_findings(ctx) + rules.file_findings(ctx)
        found = [_config_only(f, inp.generation) for f in found]
    else:
        found = (config_findings(ctx) + store_findings(ctx) + rules.order_findings(ctx)
                 + rules.resolution_findings(ctx) + rules.env_findings(ctx)
                 + rules.file_findings(ctx))
    seen: set[tuple[str, str | None, str | None, str | None, str | None]] = set()
    unique = []
    for f in found:
        if f.key() not in seen:
            seen.add(f.key())
            unique.append(f)
    return sorted(unique, key=lambda f: SEVERITY_RANK[f.severity])


def _config_only(f: Finding, generation: str) -> Finding:
    if any(isinstance(a, (SetStore, DropOrderIds, FixLastGood)) for a in f.actions):
        return f._replace(auto=False, actions=(), fix=(
            f"not changed by --fix: OpenClaw {generation} does not read auth-profiles.json; "
            "run `openclaw doctor --fix` to import it, then `authwizard status`"))
    return f

