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
from wizard.openclaw.backends.protocol import ImportOutcome, WriteOutcome
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

    # ------------------------------------------------------------ importing

    def import_legacy(self) -> ImportOutcome:
        """``openclaw doctor --fix --non-interactive``: the release's own (and only supported)
        import of the legacy JSON stores into SQLite. Measured on 2026.7.35 and 2026.9.6: it
        also rewrites openclaw.json (disables skills whose tools are missing, stamps ``meta``
        and ``wizard``; 9.6 adds ``agents.entries``) and keeps its own ``openclaw.json.bak``."""
        argv = [self.binary(), "doctor", "--fix", "--non-interactive"]
        before = _config_doc(self.paths.config_path)
        proc = self._runner(argv, "", self.timeout)
        self._status_cache.clear()
        if proc.returncode != 0:
            raise self._failure("openclaw doctor --fix --non-interactive", proc)
        after = _config_doc(self.paths.config_path)
        changed = sorted(k for k in set(before) | set(after)
                         if k != "auth" and before.get(k) != after.get(k))
        return ImportOutcome("openclaw doctor --fix --non-interactive", changed)

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
        notes: list[str] = []
        for agent in intent.agents:
            argv = [binary, "models", "auth", "--agent", agent, _command(intent.type),
                    "--provider", intent.provider, "--profile-id", pid]
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


def _config_doc(path: Path) -> dict[str, Any]:
    """openclaw.json's top level as JSON5 (empty when it cannot be read)."""
    from wizard.core.jsontext import parse

    try:
        doc = parse(path.read_text("utf-8")).value
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return {}
    return doc if isinstance(doc, dict) else {}


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
