"""G3/G4: credentials live in OpenClaw's SQLite stores, which authwizard never touches.

The secret goes to the installed ``openclaw models auth paste-token|paste-api-key`` on stdin
(never in argv). Measured on 2026.6.1, 2026.7.35 and 2026.9.6: the group option
``models auth --agent <id>`` selects the agent on all of them.

Every OpenClaw command starts Node for seconds, so each is run at most once per command: what
``openclaw.json`` lists (profile ids, modes, order) stands in for the stores until OpenClaw
itself is asked (``models status --json``, once per agent, cached until this backend writes);
a write is confirmed by the paste command's own report and the config it rewrote, and only
when those do not show the profile by one ``models status``.
"""

from __future__ import annotations

import copy
import functools
import json
import os
import re
import subprocess
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from wizard import children
from wizard.core.plan import CONFIG, Intent, WritePlan, choose_profile_id, plan
from wizard.core.redaction import without_secret
from wizard.core.snapshot import StoreSnapshot
from wizard.errors import FilesError, ImportNeeded, PartlyWritten
from wizard.openclaw.backends.protocol import ImportOutcome, WriteOutcome
from wizard.openclaw.generation import Detected, installed_version
from wizard.openclaw.paths import STORE_NAME, OpenClawPaths
from wizard.openclaw.store import Located, read_state
from wizard.spec.registry import normalize_provider_id
from wizard.spec.releases import (
    JSON_STORE_FENCE,
    STDIN_PASTE,
    generation_has,
    has,
    parse_version,
    show,
)

FENCE_CODE = "AUTH_PROFILE_MIGRATION_REQUIRED"
_LABEL_SECRET = re.compile(r"(=(?:token:|oauth:)?)[^\s\"',]+")
# What paste-token/paste-api-key print once saved (2026.7.35, 2026.9.6):
# "Auth profile: anthropic:default (anthropic/token)".
_PASTED = re.compile(r"^Auth profile: (\S+) \(([^/\s]+)/([\w-]+)\)\s*$", re.MULTILINE)

Runner = Callable[[list[str], str | None, float], "subprocess.CompletedProcess[str]"]

BACKGROUND_NICE = 10  # a question the wizard asks while it draws: the screen comes first

# `openclaw secrets apply` sets a profile's reference and nothing else of it.
EXPIRY_NOT_KEPT = (
    "the expiry is not recorded: on this release a profile that keeps only a reference gets "
    "none (`openclaw secrets apply` sets the reference alone), so OpenClaw will not warn "
    "before the token expires; keep the date yourself, or store the token in OpenClaw"
)


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
        self._lock = threading.Lock()
        self._status_cache: dict[str, dict[str, Any]] = {}
        self._asking: dict[str, _Ask] = {}
        self._epoch = 0  # one more per write: an answer asked before it is stale

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

    def _run(self, argv: list[str], stdin: str | None, timeout: float, nice: int = 0
             ) -> subprocess.CompletedProcess[str]:
        env = dict(self.env)
        env.setdefault("OPENCLAW_STATE_DIR", str(self.paths.state_dir))
        env.setdefault("OPENCLAW_CONFIG_PATH", str(self.paths.config_path))
        env.setdefault("OPENCLAW_NO_AUTO_UPDATE", "1")
        try:
            # A read (no stdin) may be stopped when the wizard quits; a paste never is.
            return children.run(argv, env=env, timeout=timeout, input=stdin,
                                stoppable=stdin is None, nice=nice)
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

    def ask_status(self, agents: Iterable[str], background: bool = False) -> None:
        """Start ``models status`` for each of ``agents`` now, all at once, in the background;
        ``status`` then waits for that answer instead of starting another process.
        ``background``: nobody waits for it yet (the wizard draws its screen meanwhile), so
        OpenClaw runs at a lower CPU priority than the wizard."""
        if not self.detected.binary:
            return
        for agent in agents:
            with self._lock:
                if agent in self._status_cache or agent in self._asking:
                    continue
                ask = _Ask(self._epoch)
                self._asking[agent] = ask
            ask.start(functools.partial(self._status_now, agent, background))

    def status(self, agent: str) -> dict[str, Any]:
        """``openclaw models status --json --agent <id>`` (asked once per command, and again
        only after this backend wrote); FilesError when it refuses."""
        with self._lock:
            if agent in self._status_cache:
                return self._status_cache[agent]
            ask = self._asking.get(agent)
        doc = ask.result() if ask is not None else self._status_now(agent)
        with self._lock:
            if self._asking.get(agent) is ask:
                self._asking.pop(agent, None)
            if ask is None or ask.epoch == self._epoch:
                self._status_cache[agent] = doc
                return doc
        return self.status(agent)  # asked before a write of ours: ask again

    def answered(self, agent: str) -> dict[str, Any] | None:
        """OpenClaw's answer for ``agent`` if it has already come (never waits)."""
        with self._lock:
            if agent in self._status_cache:
                return self._status_cache[agent]
            ask = self._asking.get(agent)
        if ask is None or not ask.done() or ask.epoch != self._epoch:
            return None
        try:
            return self.status(agent)
        except FilesError:
            return None

    def _status_now(self, agent: str, background: bool = False) -> dict[str, Any]:
        run = self._runner
        if background and run == self._run:
            run = functools.partial(self._run, nice=BACKGROUND_NICE)
        proc = run(
            [self.binary(), "models", "status", "--json", "--agent", agent], None, self.timeout
        )
        doc = _json_tail(proc.stdout)
        if proc.returncode != 0 or doc is None or doc.get("ok") is False:
            raise self._failure("openclaw models status", proc)
        return doc

    def _write_refs(self, intent: Intent, pid: str, rotated: bool) -> WriteOutcome:
        """A reference-only profile through ``openclaw secrets apply``: OpenClaw never sees the
        secret. Where every agent already holds exactly this reference (a keychain rotation),
        OpenClaw has nothing to change."""
        import tempfile

        from wizard.openclaw.backends.secrets_plan import apply_plan, needs_exec

        wanted = {a: (ref["source"], ref["id"]) for a, ref in intent.refs.items()}
        unkept = [EXPIRY_NOT_KEPT] if intent.expires is not None else []
        if all(_ref_labels(self.status(a), intent.provider).get(pid) == wanted[a]
               for a in intent.agents):
            return WriteOutcome(pid, True, None, notes=unkept)
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
        self._forget()
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
        return WriteOutcome(pid, rotated, None, notes=notes + unkept, external=True)

    def _forget(self) -> None:
        """This backend changed OpenClaw's state: every answer so far is out of date."""
        with self._lock:
            self._epoch += 1
            self._status_cache.clear()
            self._asking.clear()

    def _failure(self, what: str, proc: subprocess.CompletedProcess[str],
                 secret: str | None = None) -> FilesError:
        text = scrub(proc.stderr + "\n" + proc.stdout, secret)
        if FENCE_CODE in text or "requires legacy credential migration" in text:
            return ImportNeeded(
                f"OpenClaw refuses to touch credentials until its legacy auth-profiles.json is "
                f"imported ({FENCE_CODE})",
                "run `authwizard doctor --fix`: it repairs the file, then has OpenClaw import it "
                "(`authwizard doctor` says first what the import will do; --replay: "
                "\"import_legacy\": true)",
            )
        last = [line for line in text.splitlines() if line.strip()][-3:]
        return OpenClawCommandError(
            f"`{what}` failed (exit {proc.returncode}): " + " | ".join(last),
            "run the command by hand to see the whole output",
        )

    # ------------------------------------------------------------ reading

    def read(self) -> Located:
        """The config as JSON; each agent's profiles as OpenClaw reported them when it has
        already answered in this command, else as ``openclaw.json`` lists them. Starts no
        process: no secrets either way."""
        located = read_state(self.paths)
        listed = listed_store(located.snapshot.config)
        stores: dict[str, StoreSnapshot] = {}
        for agent in located.snapshot.stores:
            answer = self.answered(agent)
            stores[agent] = StoreSnapshot(
                None, reported_store(answer) if answer is not None else copy.deepcopy(listed))
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
        self._forget()  # every answer asked before (even one still coming) is out of date
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
        expires = ""
        if intent.expires is not None and intent.type == "token" and not intent.refs:
            from wizard.core.expiry import expires_in_arg

            expires = f" --expires-in {expires_in_arg(intent.expires, now_ms)}"
        notes = (
            *p.notes,
            f"the secret goes to OpenClaw's SQLite store through `openclaw models auth "
            f"{_command(intent.type)} --provider {intent.provider} --profile-id {p.profile_id}"
            f"{expires}` (on stdin, never in argv)",
        )
        if intent.expires is not None and intent.refs:
            notes = (*notes, EXPIRY_NOT_KEPT)
        return p._replace(changes=changes, notes=notes)

    def write(self, intent: Intent, now_ms: Callable[[], float]) -> WriteOutcome:
        self.check_version()
        binary = self.binary()
        if generation_has(self.generation, JSON_STORE_FENCE) and self.legacy_stores():
            # A leftover JSON store may fence credential writes, and a fenced paste still
            # rewrites files: OpenClaw says whether it does before anything is handed to it.
            for agent in intent.agents:
                self.status(agent)
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
        outputs: list[str] = []
        for agent in intent.agents:
            argv = [binary, "models", "auth", "--agent", agent, _command(intent.type),
                    "--provider", intent.provider, "--profile-id", pid]
            if intent.expires is not None and intent.type == "token":
                from wizard.core.expiry import expires_in_arg

                argv += ["--expires-in", expires_in_arg(intent.expires, now_ms())]
            proc = self._runner(argv, intent.secret + "\n", self.timeout)
            if proc.returncode != 0:
                failure = self._failure(f"openclaw models auth {_command(intent.type)}", proc,
                                        intent.secret)
                if outputs:
                    self._forget()
                    done = intent.agents[:len(outputs)]
                    raise PartlyWritten(failure, done, intent.agents[len(outputs):])
                raise failure
            outputs.append(proc.stdout)
        self._forget()
        notes = self._confirm(intent, pid, outputs)
        return WriteOutcome(pid, rotated, None, notes=notes, external=True)

    def _confirm(self, intent: Intent, pid: str, outputs: Sequence[str]) -> list[str]:
        """That OpenClaw saved ``pid`` with the intended type: from what each paste printed
        and the config it rewrote; only when those do not show it, from one ``models status``
        per agent (which then raises when OpenClaw does not use it)."""
        config = read_state(self.paths).snapshot.config
        doubt = pasted_doubt(config, outputs, intent.provider, pid, intent.type)
        if doubt is None:
            return [f"agent {agent}: OpenClaw stored {pid} in its SQLite store"
                    for agent in intent.agents]
        notes: list[str] = []
        for agent in intent.agents:
            status = self.status(agent)
            confirm_effective(status, intent.provider, pid, intent.type, agent)
            store_path = status.get("auth", {}).get("storePath")
            if store_path:
                notes.append(f"agent {agent}: OpenClaw stored {pid} in {store_path}")
        return notes

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
        self._forget()
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


class _Ask:
    """One ``models status`` under way in a thread of its own."""

    def __init__(self, epoch: int) -> None:
        self.epoch = epoch
        self._done = threading.Event()
        self._doc: dict[str, Any] | None = None
        self._error: BaseException | None = None

    def start(self, ask: Callable[[], dict[str, Any]]) -> None:
        def run() -> None:
            try:
                self._doc = ask()
            except BaseException as exc:  # handed to whoever waits for the answer
                self._error = exc
            finally:
                self._done.set()

        threading.Thread(target=run, name="openclaw-status", daemon=True).start()

    def done(self) -> bool:
        return self._done.is_set()

    def result(self) -> dict[str, Any]:
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._doc is not None
        return self._doc


def pasted_doubt(config: Mapping[str, Any], outputs: Sequence[str], provider: str, pid: str,
                 wtype: str) -> str | None:
    """Why the paste's report and the config it rewrote do not show ``pid`` saved as ``wtype``
    and usable for ``provider`` (None: they do)."""
    for out in outputs:
        for said_id, said_provider, said_type in _PASTED.findall(out):
            if said_id == pid and (normalize_provider_id(said_provider) != provider
                                   or said_type != wtype):
                return f"OpenClaw reported {pid} as {said_provider}/{said_type}"
    auth = config.get("auth")
    profiles = auth.get("profiles") if isinstance(auth, Mapping) else None
    entry = profiles.get(pid) if isinstance(profiles, Mapping) else None
    if not isinstance(entry, Mapping) or entry.get("mode") != wtype or not isinstance(
            entry.get("provider"), str) or normalize_provider_id(entry["provider"]) != provider:
        return f"openclaw.json does not list {pid} with provider {provider} and mode {wtype}"
    order = auth.get("order") if isinstance(auth, Mapping) else None
    ranked = order.get(provider) if isinstance(order, Mapping) else None
    if isinstance(ranked, list) and pid not in ranked:
        return f"auth.order.{provider} in openclaw.json leaves {pid} out"
    return None


def listed_store(config: Mapping[str, Any]) -> dict[str, Any]:
    """A store-shaped view of the profiles ``openclaw.json`` lists (OpenClaw keeps the
    secrets): what stands in for OpenClaw's answer until it is asked."""
    auth = config.get("auth")
    listed = auth.get("profiles") if isinstance(auth, Mapping) else None
    profiles: dict[str, Any] = {}
    for pid, cfg in (listed or {}).items() if isinstance(listed, Mapping) else ():
        if isinstance(cfg, Mapping) and isinstance(cfg.get("provider"), str):
            profiles[str(pid)] = _kept_entry(cfg.get("mode"), cfg["provider"])
    return {"version": 1, "profiles": profiles}


def _kept_entry(wtype: object, provider: object, expires: object = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"type": wtype, "provider": provider, "reported": True}
    value = {"api_key": "key", "token": "token", "oauth": "access"}.get(str(wtype))
    if value:
        entry[value] = "(kept by OpenClaw)"
    if isinstance(expires, int | float) and not isinstance(expires, bool) and expires > 0:
        entry["expires"] = expires  # OpenClaw's expiresAt (ms): the Welcome warns before it
    return entry

def _ref_labels(status: Mapping[str, Any], provider: str) -> dict[str, tuple[str, str]]:
    from wizard.openclaw.backends.secrets_plan import refs_in_labels

    auth = status.get("auth")
    for entry in (auth.get("providers") if isinstance(auth, Mapping) else None) or []:
        if isinstance(entry, Mapping) and entry.get("provider") == provider:
            profiles = entry.get("profiles")
            labels = profiles.get("labels") if isinstance(profiles, Mapping) else None
            return refs_in_labels([x for x in labels or [] if isinstance(x, str)])
    return {}


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
    profiles = {str(p["profileId"]): _kept_entry(p.get("type"), p.get("provider"),
                                                 p.get("expiresAt"))
                for p in reported_profiles(status)}
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
