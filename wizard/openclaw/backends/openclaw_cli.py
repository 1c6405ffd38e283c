"""G3/G4: credentials live in OpenClaw's SQLite stores, which authwizard never touches.

The secret goes to the installed ``openclaw models auth paste-token|paste-api-key`` on stdin
(never in argv), and ``openclaw models status --json`` is read back to confirm that the profile
is effective with the intended type (openclaw-versions.md §3). Measured on 2026.6.1, 2026.7.35
and 2026.9.6: the group option ``models auth --agent <id>`` selects the agent on all of them.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from wizard import children
from wizard.core.plan import CONFIG, Intent, WritePlan, choose_profile_id, plan
from wizard.core.redaction import without_secret
from wizard.core.snapshot import StoreSnapshot
from wizard.errors import FilesError
from wizard.openclaw.backends.protocol import WriteOutcome
from wizard.openclaw.generation import Detected, installed_version
from wizard.openclaw.paths import STORE_NAME, OpenClawPaths
from wizard.openclaw.store import Located, read_state
from wizard.spec.releases import STDIN_PASTE, has, parse_version, show

FENCE_CODE = "AUTH_PROFILE_MIGRATION_REQUIRED"
_LABEL_SECRET = re.compile(r"(=(?:token:|oauth:)?)[^\s\"',]+")

Runner = Callable[[list[str], str | None, float], "subprocess.CompletedProcess[str]"]


class OpenClawCommandError(FilesError):
    pass


def scrub(text: str, secret: str | None = None) -> str:
    """Output of OpenClaw with any secret (and its own partial labels) taken out."""
    if secret:
        text = without_secret(text, secret, "<secret>")
    return _LABEL_SECRET.sub(r"\1…", text)


class CliBackend:
    """Writes through the installed OpenClaw CLI; reads state through ``models status``."""

    def __init__(
        self,
        paths: OpenClawPaths,
        detected: Detected,
        env: Mapping[str, str],
        runner: Runner | None = None,
        timeout: float = 180.0,
    ) -> None:
        self.paths = paths
        self.detected = detected
        self.generation: str = detected.generation
        self.env = dict(env)
        self.timeout = timeout
        self._runner = runner or self._run
        self._status_cache: dict[str, dict[str, Any]] = {}

    # ------------------------------------------------------------ running OpenClaw

    def binary(self) -> str:
        binary = self.detected.binary
        if not binary:
            raise FilesError(
                f"this OpenClaw state ({self.detected.explain()}) keeps credentials in SQLite, "
                "and no `openclaw` command was found on PATH",
                "install the OpenClaw release you use (npm install -g openclaw) or pass "
                "--openclaw PATH; authwizard will not write JSON files this release ignores",
            )
        return binary

    def _run(self, argv: list[str], stdin: str | None, timeout: float
             ) -> subprocess.CompletedProcess[str]:
        env = dict(self.env)
        env.setdefault("OPENCLAW_STATE_DIR", str(self.paths.state_dir))
        env.setdefault("OPENCLAW_CONFIG_PATH", str(self.paths.config_path))
        env.setdefault("OPENCLAW_NO_AUTO_UPDATE", "1")
        try:
            # A read (no stdin) may be stopped when the wizard quits; a paste never is.
            return children.run(argv, env=env, timeout=timeout, input=stdin,
                                stoppable=stdin is None)
        except subprocess.TimeoutExpired:
            raise OpenClawCommandError(
                f"`{' '.join(os.path.basename(a) if i == 0 else a for i, a in enumerate(argv))}`"
                f" did not finish within {timeout:.0f} s",
                "run it by hand to see what it waits for; nothing was changed by authwizard",
            ) from None
        except OSError as exc:
            raise OpenClawCommandError(
                f"cannot run {argv[0]}: {exc.strerror}", "check the --openclaw path"
            ) from None

    def check_version(self) -> None:
        text = self.detected.version or installed_version(self.binary(), self.env) or ""
        version = parse_version(text)
        if version is not None and not has(STDIN_PASTE, version):
            raise FilesError(
                f"OpenClaw {text} cannot take a secret on stdin "
                f"(`models auth paste-token` reads a piped secret from {show(STDIN_PASTE.since)} "
                "on)",
                "update OpenClaw (npm install -g openclaw@latest), then run authwizard again",
            )

    def status(self, agent: str) -> dict[str, Any]:
        """``openclaw models status --json --agent <id>``; FilesError when it refuses."""
        if agent in self._status_cache:
            return self._status_cache[agent]
        proc = self._runner(
            [self.binary(), "models", "status", "--json", "--agent", agent], None, self.timeout
        )
        doc = _json_tail(proc.stdout)
        if proc.returncode != 0 or doc is None or doc.get("ok") is False:
            raise self._failure("openclaw models status", proc)
        self._status_cache[agent] = doc
        return doc

    def _write_refs(self, intent: Intent, pid: str, rotated: bool) -> WriteOutcome:
        """A reference-only profile through ``openclaw secrets apply``: OpenClaw never sees the
        secret. Where every agent already holds exactly this reference (a keychain rotation),
        OpenClaw has nothing to change."""
        import tempfile

        from wizard.openclaw.backends.secrets_plan import apply_plan, needs_exec

        wanted = {a: (ref["source"], ref["id"]) for a, ref in intent.refs.items()}
        if all(_ref_labels(self.status(a), intent.provider).get(pid) == wanted[a]
               for a in intent.agents):
            return WriteOutcome(pid, True, None)
        plan = apply_plan(intent, pid)
        with tempfile.TemporaryDirectory(prefix="authwizard-") as folder:
            plan_path = Path(folder) / "secrets-plan.json"
            plan_path.write_text(json.dumps(plan), "utf-8")
            argv = [self.binary(), "secrets", "apply", "--from", str(plan_path), "--json"]
            if needs_exec(plan):
                argv.append("--allow-exec")
            proc = self._runner(argv, None, self.timeout)
        if proc.returncode != 0:
            raise self._failure("openclaw secrets apply", proc, intent.secret)
        self._status_cache.clear()
        notes: list[str] = []
        for agent in intent.agents:
            status = self.status(agent)
            confirm_effective(status, intent.provider, pid, intent.type, agent)
            if _ref_labels(status, intent.provider).get(pid) != wanted[agent]:
                raise FilesError(
                    f"OpenClaw does not report {pid} for agent {agent} as the reference "
                    "authwizard applied",
                    f"run `openclaw models status --agent {agent}` and `openclaw secrets audit`",
                )
            notes.append(f"agent {agent}: OpenClaw keeps only a reference for {pid}")
        return WriteOutcome(pid, rotated, None, notes=notes, external=True)

    def _failure(self, what: str, proc: subprocess.CompletedProcess[str],
                 secret: str | None = None) -> FilesError:
        text = scrub(proc.stderr + "\n" + proc.stdout, secret)
        if FENCE_CODE in text or "requires legacy credential migration" in text:
            return FilesError(
                f"OpenClaw refuses to touch credentials until its legacy auth-profiles.json is "
                f"imported ({FENCE_CODE})",
                "run `openclaw doctor --fix` first (note: it deletes a retired "
                "anthropic:claude-cli profile), then run authwizard again; "
                "`authwizard doctor` explains what the import will do",
            )
        last = [line for line in text.splitlines() if line.strip()][-3:]
        return OpenClawCommandError(
            f"`{what}` failed (exit {proc.returncode}): " + " | ".join(last),
            "run the command by hand to see the whole output",
        )

    # ------------------------------------------------------------ reading

    def read(self) -> Located:
        """The config as JSON; each agent's profiles as OpenClaw reports them (no secrets)."""
        self._status_cache.clear()
        located = read_state(self.paths)
        stores: dict[str, StoreSnapshot] = {}
        for agent in located.snapshot.stores:
            stores[agent] = StoreSnapshot(None, reported_store(self.status(agent)))
        snap = located.snapshot._replace(stores=stores)
        return Located(snap, located.paths, located.files)

    def legacy_stores(self) -> list[Path]:
        located = read_state(self.paths)
        return [
            located.files[t] for t in located.files
            if t != CONFIG and located.files[t].name == STORE_NAME and located.files[t].exists()
        ]

    # ------------------------------------------------------------ writing

    def preview(self, located: Located, intent: Intent, now_ms: float) -> WritePlan:
        """What OpenClaw's command will do to openclaw.json; the secret goes to SQLite."""
        p = plan(located.snapshot, intent, now_ms)
        changes = tuple(c for c in p.changes if c.target == CONFIG)
        notes = (
            *p.notes,
            f"the secret goes to OpenClaw's SQLite store through `openclaw models auth "
            f"{_command(intent.type)} --provider {intent.provider} --profile-id {p.profile_id}` "
            "(on stdin, never in argv)",
        )
        return p._replace(changes=changes, notes=notes)

    def write(self, intent: Intent, now_ms: Callable[[], float]) -> WriteOutcome:
        self.check_version()
        binary = self.binary()
        located = self.read()
        pid = intent.profile or choose_profile_id(
            located.snapshot, intent.provider, intent.type, intent.agents
        )
        rotated = any(
            pid in located.snapshot.stores[a].profiles() for a in intent.agents
            if a in located.snapshot.stores
        )
        if intent.refs:
            return self._write_refs(intent, pid, rotated)
        notes: list[str] = []
        for agent in intent.agents:
            argv = [binary, "models", "auth", "--agent", agent, _command(intent.type),
                    "--provider", intent.provider, "--profile-id", pid]
            if intent.expires is not None and intent.type == "token":
                from wizard.core.expiry import expires_in_arg

                argv += ["--expires-in", expires_in_arg(intent.expires, now_ms())]
            proc = self._runner(argv, intent.secret + "\n", self.timeout)
            if proc.returncode != 0:
                raise self._failure(f"openclaw models auth {_command(intent.type)}", proc,
                                    intent.secret)
        self._status_cache.clear()
        for agent in intent.agents:
            confirm_effective(self.status(agent), intent.provider, pid, intent.type, agent)
            store_path = self.status(agent).get("auth", {}).get("storePath")
            if store_path:
                notes.append(f"agent {agent}: OpenClaw stored {pid} in {store_path}")
        return WriteOutcome(pid, rotated, None, notes=notes, external=True)

    def remove(self, profile_id: str, agents: tuple[str, ...],
               now_ms: Callable[[], float]) -> WriteOutcome:
        """``openclaw models auth --agent <id> logout <profile> --yes`` for each agent whose
        store holds it; then the config entry (and its auth.order mentions) once none does."""
        from wizard.core.removal import plan_removal
        from wizard.openclaw.writer import ConcurrentChange, apply_plan

        binary = self.binary()
        located = self.read()
        notes: list[str] = []
        for agent in agents:
            store = located.snapshot.stores.get(agent)
            if store is None or profile_id not in store.profiles():
                continue
            argv = [binary, "models", "auth", "--agent", agent, "logout", profile_id, "--yes"]
            proc = self._runner(argv, "", self.timeout)  # a write: never stopped half-way
            if proc.returncode != 0:
                raise self._failure("openclaw models auth logout", proc)
            notes.append(f"agent {agent}: OpenClaw removed {profile_id} from its store")
        for _ in range(3):
            located = self.read()
            p = plan_removal(located.snapshot, profile_id, agents, now_ms()).plan
            p = p._replace(changes=tuple(c for c in p.changes if c.target == CONFIG))
            if not p.changes:
                return WriteOutcome(profile_id, False, p, notes=notes, external=True)
            try:
                done = apply_plan(p, located.files)
            except ConcurrentChange:
                continue
            return WriteOutcome(profile_id, False, p, done.written, done.backups,
                                done.tightened, notes, external=True)
        raise FilesError(
            "openclaw.json kept changing while authwizard tried to write it",
            "stop other OpenClaw processes (openclaw gateway stop) and run authwizard again",
        )


def _ref_labels(status: Mapping[str, Any], provider: str) -> dict[str, tuple[str, str]]:
    from wizard.openclaw.backends.secrets_plan import refs_in_labels

    auth = status.get("auth")
    for entry in (auth.get("providers") if isinstance(auth, Mapping) else None) or []:
        if isinstance(entry, Mapping) and entry.get("provider") == provider:
            profiles = entry.get("profiles")
            labels = profiles.get("labels") if isinstance(profiles, Mapping) else None
            return refs_in_labels([x for x in labels or [] if isinstance(x, str)])
    return {}


def _command(wtype: str) -> str:
    return "paste-token" if wtype == "token" else "paste-api-key"


def _json_tail(stdout: str) -> dict[str, Any] | None:
    """The JSON document in stdout (some releases print a banner line before it)."""
    start = stdout.find("{")
    if start < 0:
        return None
    try:
        doc = json.loads(stdout[start:])
    except json.JSONDecodeError:
        return None
    return doc if isinstance(doc, dict) else None


def reported_profiles(status: Mapping[str, Any]) -> list[dict[str, Any]]:
    auth = status.get("auth")
    oauth = auth.get("oauth") if isinstance(auth, Mapping) else None
    profiles = oauth.get("profiles") if isinstance(oauth, Mapping) else None
    return [p for p in profiles or [] if isinstance(p, dict) and p.get("profileId")]


def effective_profiles(status: Mapping[str, Any], provider: str) -> list[dict[str, Any]]:
    auth = status.get("auth")
    oauth = auth.get("oauth") if isinstance(auth, Mapping) else None
    for entry in (oauth.get("providers") if isinstance(oauth, Mapping) else None) or []:
        if isinstance(entry, Mapping) and entry.get("provider") == provider:
            eff = entry.get("effectiveProfiles", entry.get("profiles"))
            return [p for p in eff or [] if isinstance(p, dict)]
    return []


def reported_store(status: Mapping[str, Any]) -> dict[str, Any]:
    """A store-shaped view of what OpenClaw reports: ids, types, providers; no secrets."""
    profiles: dict[str, Any] = {}
    for p in reported_profiles(status):
        entry = {"type": p.get("type"), "provider": p.get("provider"), "reported": True}
        value = {"api_key": "key", "token": "token", "oauth": "access"}.get(str(p.get("type")))
        if value:
            entry[value] = "(kept by OpenClaw)"
        profiles[str(p["profileId"])] = entry
    return {"version": 1, "profiles": copy.deepcopy(profiles)}


def confirm_effective(
    status: Mapping[str, Any], provider: str, pid: str, wtype: str, agent: str
) -> None:
    for p in effective_profiles(status, provider):
        if p.get("profileId") == pid:
            if p.get("type") != wtype:
                raise FilesError(
                    f"OpenClaw reports {pid} for agent {agent} as type {p.get('type')!r}, "
                    f"not {wtype!r}",
                    "run `authwizard status` and `openclaw models status` to compare",
                )
            return
    raise FilesError(
        f"OpenClaw does not list {pid} as an effective {provider} profile for agent {agent} "
        "after writing it",
        "run `openclaw models status --agent " + agent + "` to see why; "
        "`authwizard doctor` may name the cause",
    )



def reported_agent(
    agent: str, status: Mapping[str, Any], default: bool = False
) -> dict[str, Any]:
    """One agent as OpenClaw itself reports it (G3/G4 ``status``): per provider, each profile
    with its type and whether OpenClaw will use it, in OpenClaw's own order."""
    auth = status.get("auth") if isinstance(status.get("auth"), Mapping) else {}
    providers = []
    oauth = auth.get("oauth") if isinstance(auth, Mapping) else None
    for entry in (oauth.get("providers") if isinstance(oauth, Mapping) else None) or []:
        if not isinstance(entry, Mapping):
            continue
        provider = str(entry.get("provider"))
        effective = [p.get("profileId") for p in effective_profiles(status, provider)]
        profiles = [
            {
                "id": p.get("profileId"),
                "type": p.get("type"),
                "status": p.get("status"),
                "usable": p.get("profileId") in effective,
                "position": effective.index(p.get("profileId")) + 1
                if p.get("profileId") in effective else None,
            }
            for p in entry.get("profiles") or [] if isinstance(p, Mapping)
        ]
        providers.append({
            "provider": provider,
            "uses": {"kind": "profile", "id": effective[0]} if effective else None,
            "profiles": profiles,
        })
    return {
        "id": agent,
        "default": default,
        "source": "openclaw models status --json",
        "store": {"path": auth.get("storePath") if isinstance(auth, Mapping) else None},
        "providers": providers,
    }
