"""What exists before the wizard starts: the Welcome screen's facts. No Textual here.

The resolved paths and agents, the detected OpenClaw generation, the existing profiles per
provider with their health, a Claude Code login (never its tokens), the provider env vars OpenClaw
would see, and the doctor's findings. Secrets appear only redacted. Reading the files takes a few
milliseconds; ``runs_programs`` says when a look also runs ``openclaw --version``,
``claude auth status`` or the keychain, which may take seconds.

An OpenClaw that keeps credentials in SQLite is asked for its own view (``models status``, seconds
of Node) in the background: the profiles ``openclaw.json`` lists are shown at once, marked as
being asked about, and ``with_answer`` replaces them with OpenClaw's answer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from wizard.core.expiry import renew_warning
from wizard.core.profiles import declared_type, entry_secret
from wizard.core.secrets import redact
from wizard.detect.claude import detect_claude_login
from wizard.detect.env import detect_env_vars
from wizard.errors import WizardError
from wizard.flow import Flow
from wizard.openclaw.generation import find_openclaw, package_version
from wizard.options import GENERATION_VARIABLE, resolve_environment
from wizard.views import doctor_view as doctor_bridge
from wizard.views.diagnosis import StartPoint, start_point
from wizard.views.release import release_words
from wizard.views.text import datetime_words, expiry_words, tildify

if TYPE_CHECKING:
    from wizard.core.snapshot import Snapshot
    from wizard.detect.claude import ClaudeLoginSummary
    from wizard.options import Environment, Options

Which = Callable[[str], "str | None"]
MARKS = {"ok": "✓", "warn": "!", "error": "✗", "dim": "·", "plain": "·"}
ASKING = "asking OpenClaw which of these it uses…"


@dataclass(frozen=True)
class Line:
    """One line of a section; ``level`` picks its colour: plain, ok, warn, error, dim."""

    text: str
    level: str = "plain"


@dataclass(frozen=True)
class Facts:
    state_dir: str = ""
    config_path: str = ""
    agents: tuple[str, ...] = ()
    default_agent: str = "main"
    generation: str = ""
    generation_warnings: tuple[str, ...] = ()
    profiles: tuple[Line, ...] = ()
    claude: tuple[Line, ...] = ()
    env_vars: tuple[Line, ...] = ()
    findings: tuple[doctor_bridge.Finding, ...] = ()
    doctor_note: str = ""
    asking: bool = False  # OpenClaw is being asked for its own view of the profiles
    start: StartPoint | None = None  # a broken setup: where Enter starts

    @property
    def fixable(self) -> int:
        return sum(1 for f in self.findings if f.fixable)


@dataclass
class Gathered:
    """The result of one look: the environment and flow (when the files could be read)."""

    facts: Facts
    environment: Environment | None = None
    flow: Flow | None = None
    error: WizardError | None = None
    notes: list[str] = field(default_factory=list)


def runs_programs(opts: Options, env: Mapping[str, str], which: Which, claude_probe: bool) -> bool:
    """Whether a look would run another program: an installed ``openclaw`` whose version its
    ``package.json`` does not tell, ``claude auth status``, or the macOS keychain."""
    if _runs_openclaw(opts, env):
        return True
    return claude_probe and (sys.platform == "darwin" or which("claude") is not None)


def _runs_openclaw(opts: Options, env: Mapping[str, str]) -> bool:
    """Whether the installed release is told only by ``openclaw --version``."""
    binary = find_openclaw(env, opts.openclaw)
    overridden = opts.generation or env.get(GENERATION_VARIABLE, "").strip()
    return binary is not None and not overridden and package_version(binary)[0] is None


def gather(
    opts: Options,
    env: Mapping[str, str],
    now_ms: Callable[[], float],
    which: Which,
    claude_probe: bool = True,
    environment: Environment | None = None,
) -> Gathered:
    """Resolve the environment (or take ``environment``, from ``ask_early``), open the flow,
    and describe what exists.

    A ``WizardError`` (unreadable files, a config OpenClaw's schema rejects) is kept in
    ``error``: the Welcome screen shows it with its fix instead of crashing.
    """
    try:
        environment = environment or resolve_environment(opts, env)
    except WizardError as exc:
        return Gathered(Facts(), error=exc)
    home = environment.home
    paths = environment.paths
    base = Facts(
        state_dir=tildify(paths.state_dir, home)
        + ("" if paths.state_dir.exists() else " (not there yet; it will be created)"),
        config_path=tildify(paths.config_path, home)
        + ("" if paths.config_path.exists() else " (not there yet)"),
        generation=release_words(environment.detected),
        generation_warnings=environment.detected.warnings,
        claude=claude_lines(env, home, now_ms(), which, claude_probe),
        env_vars=env_lines(env, home, paths.state_dir),
    )
    findings, note = doctor_bridge.findings(environment, now_ms())
    base = _replace(base, findings=findings, doctor_note=note)
    try:
        flow = Flow(environment.backend, environment.env, now_ms=now_ms)
    except WizardError as exc:
        return Gathered(base, environment, error=exc)
    asking = _asks_openclaw(environment)
    base = _replace(
        base,
        agents=tuple(flow.known_agents()),
        default_agent=flow.default_agent(),
        profiles=profile_lines(flow.located.snapshot, findings, now_ms(), unconfirmed=asking)
        + ((Line(ASKING, "dim"),) if asking else ()),
        asking=asking,
        start=start_point(findings, flow.located.snapshot.config_profiles()),
    )
    try:
        flow.check_config()
    except WizardError as exc:
        return Gathered(base, environment, flow, error=exc)
    return Gathered(base, environment, flow)


def _asks_openclaw(environment: Environment) -> bool:
    """Whether the profiles come from OpenClaw itself: a release that keeps them, installed."""
    return not environment.detected.reads_json and environment.detected.binary is not None


class Early(NamedTuple):
    """What ``ask_early`` found: the environment whose backend awaits OpenClaw's answer, or
    None when there was nothing to ask."""

    environment: Environment | None


def ask_early(opts: Options, env: Mapping[str, str]) -> Environment | None:
    """On a release that keeps credentials itself, start asking OpenClaw for every agent's
    view now (Node takes a second or two), so that the answer arrives while the screen is
    being built; the environment to pass to the first ``gather``. None: nothing to ask, or
    the release is told only by running it (the look then runs in a worker)."""
    if _runs_openclaw(opts, env):
        return None
    try:
        environment = resolve_environment(opts, env)
    except WizardError:
        return None
    if not _asks_openclaw(environment):
        return None
    try:
        agents = list(environment.backend.read().snapshot.stores)
    except WizardError:
        return None
    environment.backend.ask_status(agents, background=True)
    return environment


def ask_openclaw(gathered: Gathered) -> WizardError | None:
    """Ask OpenClaw for its view of every agent (all at once) and wait for it; what stopped
    it, if anything. Blocking: for a worker thread."""
    if gathered.environment is None or gathered.flow is None:
        return None
    backend, agents = gathered.environment.backend, gathered.flow.known_agents()
    backend.ask_status(agents, background=True)
    try:
        for agent in agents:
            backend.status(agent)
    except WizardError as exc:
        return exc
    return None


def with_answer(gathered: Gathered, error: WizardError | None, now_ms: float,
                on_welcome: bool) -> Gathered:
    """The look once OpenClaw answered: its profiles instead of the config's, or its refusal
    as the look's error. ``on_welcome``: nothing was started yet, so the flow may be refreshed
    (with a refusal, dropped: there is no way forward)."""
    facts = _replace(gathered.facts, asking=False,
                     profiles=tuple(p for p in gathered.facts.profiles if p.text != ASKING))
    flow, environment = gathered.flow, gathered.environment
    if error is not None:
        return Gathered(facts, environment, flow if not on_welcome else None, error,
                        gathered.notes)
    if flow is not None:
        try:
            located = flow.backend.read()  # now with OpenClaw's own answer
        except WizardError:
            return Gathered(facts, environment, flow, gathered.error, gathered.notes)
        if on_welcome:
            flow.located = located
        if environment is not None:  # what OpenClaw holds may clash with a legacy store
            found, note = doctor_bridge.findings(environment, now_ms)
            facts = _replace(facts, findings=found, doctor_note=note)
        facts = _replace(facts, profiles=profile_lines(located.snapshot, facts.findings, now_ms))
    return Gathered(facts, environment, flow, gathered.error, gathered.notes)


def _replace(facts: Facts, **changes: object) -> Facts:
    return replace(facts, **changes)  # type: ignore[arg-type]


# --- profiles -----------------------------------------------------------------------------------


def profile_lines(
    snap: Snapshot, findings: tuple[doctor_bridge.Finding, ...], now_ms: float,
    unconfirmed: bool = False,
) -> tuple[Line, ...]:
    """One line per profile id: provider, id, type, redacted secret, agents, health.
    ``unconfirmed``: what openclaw.json lists while OpenClaw, which keeps the secrets, has not
    answered yet: no verdict on them until it has."""
    health = doctor_bridge.profile_health(snap, now_ms, findings)
    rows: dict[str, dict[str, object]] = {}
    for agent, store in snap.stores.items():
        for pid, entry in sorted(store.profiles().items()):
            if not isinstance(entry, Mapping):
                continue
            row = rows.setdefault(pid, {"agents": [], "entry": entry})
            agents = row["agents"]
            assert isinstance(agents, list)
            agents.append(agent)
    for pid, cfg in sorted(snap.config_profiles().items()):
        if pid not in rows and isinstance(cfg, Mapping):
            rows[pid] = {"agents": [], "entry": cfg}
    out: list[Line] = []
    for pid in sorted(rows, key=lambda p: (str(_provider_of(rows[p], p)), p)):
        entry = rows[pid]["entry"]
        assert isinstance(entry, Mapping)
        agents = rows[pid]["agents"]
        assert isinstance(agents, list)
        kind = declared_type(entry) or entry.get("mode") or "?"
        if unconfirmed:
            out.append(Line(f"{MARKS['dim']} {pid} ({kind}) · listed in openclaw.json", "dim"))
            continue
        secret = entry_secret(entry)
        shown = redact(secret) if secret else "no secret"
        if entry.get("reported"):
            shown = "secret kept by OpenClaw"
        where = f"agents {', '.join(agents)}" if agents else "in the config only"
        expires = entry.get("expires")
        when = expiry_words(float(expires), now_ms) if isinstance(expires, int | float) else ""
        level, mark = doctor_bridge.health_of(pid, findings)
        parts = [f"{pid} ({kind}) {shown}", where]
        if health is not None and pid in health:
            level, words = health[pid]
            mark = MARKS[level]
            parts[1] = words or where
        if when:
            parts.append(when)
        soon = renew_warning(float(expires), now_ms) if isinstance(expires, int | float) else None
        if soon is not None and level in ("ok", "plain", "dim", "warn"):
            level, words = soon
            mark = MARKS[level]
            parts.append(words)
        out.append(Line(f"{mark} " + " · ".join(parts), level))
    return tuple(out)


def _provider_of(row: Mapping[str, object], pid: str) -> str:
    entry = row["entry"]
    if isinstance(entry, Mapping) and isinstance(entry.get("provider"), str):
        return str(entry["provider"])
    return pid.partition(":")[0]


# --- Claude Code --------------------------------------------------------------------------------


def claude_lines(
    env: Mapping[str, str], home: Path, now_ms: float, which: Which, probe: bool
) -> tuple[Line, ...]:
    try:
        summary = detect_claude_login(
            env,
            home,
            which=which,
            run_cli=probe and which("claude") is not None,
            keychain=None if probe else False,
            now=datetime.fromtimestamp(now_ms / 1000, UTC),
        )
    except Exception as exc:  # detection is a courtesy: never let it stop the wizard
        return (Line(f"could not check ({type(exc).__name__})", "dim"),)
    return describe_claude(summary, home, now_ms)


def describe_claude(summary: ClaudeLoginSummary, home: Path, now_ms: float) -> tuple[Line, ...]:
    if not summary.logged_in:
        return (Line("no Claude Code login found", "dim"),)
    if summary.method == "claude.ai":
        what = "logged in with claude.ai"
        if summary.subscription_type:
            what += f" ({summary.subscription_type} subscription)"
        if summary.email:
            what += f" as {summary.email}"
        lines = [Line(what, "ok")]
        where = tildify(summary.credentials_file.path, home)
        if not summary.credentials_file.logged_in and summary.keychain is not None:
            where = f"keychain item {summary.keychain.service!r}"
        when = datetime_words(summary.expires_at, now_ms)
        lines.append(Line(f"stored in {where}" + (f"; access token {when}" if when else "")))
        lines.append(
            Line("it stays Claude Code's: authwizard never copies a Claude Code login", "dim")
        )
        return tuple(lines)
    if summary.method == "third_party":
        return (Line(f"Claude Code uses {summary.api_provider} ({summary.env_var})"),)
    shown = f" ({summary.env_token_redacted})" if summary.env_token_redacted else ""
    return (Line(f"Claude Code uses {summary.env_var}{shown}", "ok"),)


# --- env vars -----------------------------------------------------------------------------------


def env_lines(env: Mapping[str, str], home: Path, state_dir: Path) -> tuple[Line, ...]:
    try:
        report = detect_env_vars(env, home, state_dir=state_dir)
    except Exception as exc:  # a courtesy, like the Claude check
        return (Line(f"could not check ({type(exc).__name__})", "dim"),)
    lines: list[Line] = []
    for f in report.findings:
        source = "environment" if f.source == "environment" else tildify(f.source, home)
        if f.blank:
            lines.append(Line(f"{f.name} is set but empty ({source}); OpenClaw skips it", "dim"))
        elif f.in_use:
            lines.append(
                Line(
                    f"{f.name} = {f.redacted} ({source}); OpenClaw uses it for {f.provider_id} "
                    "when no profile resolves",
                    "warn",
                )
            )
        elif not f.wins:
            lines.append(Line(f"{f.name} = {f.redacted} ({source}), shadowed by {f.shadowed_by}",
                              "dim"))
        else:
            lines.append(Line(f"{f.name} = {f.redacted} ({source}), not used", "dim"))
    if not lines:
        lines.append(Line("none of the provider variables OpenClaw reads are set", "dim"))
    return tuple(lines)
