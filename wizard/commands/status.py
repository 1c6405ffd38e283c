"""``authwizard status``: every profile per provider and agent, and what OpenClaw will use."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from wizard.commands.result import StatusResult, counts
from wizard.errors import WizardError
from wizard.options import Environment, Options, resolve_environment

if TYPE_CHECKING:
    from wizard.doctor.model import DoctorInput
    from wizard.openclaw.store import Located


class StatusOptions:
    """``check``: exit 0 all usable, 1 one missing or expired, 2 one expiring soon."""

    __slots__ = ("check", "common", "env")

    def __init__(self, common: Options, env: Mapping[str, str], check: bool = False) -> None:
        self.common = common
        self.env = env
        self.check = check


def run(options: StatusOptions) -> StatusResult:
    result = StatusResult()
    try:
        environment = resolve_environment(options.common, dict(options.env))
        if not environment.detected.reads_json:
            _ask_first(environment, options.common)  # Node starts before the rest is imported
        from wizard.gather import chosen_agents, doctor_input, store_secrets

        located, inp = doctor_input(environment, chosen_agents(options.common))
        result.secrets |= store_secrets(inp.snapshot)
        result.document = _document(environment, located, inp)
        result.document["claude_code"] = claude_code(environment, inp.now_ms)
        result.generation_text = environment.detected.explain()
        if options.check:
            from wizard.core.check import check

            result.document["check"] = check(result.document)
            result.exit_code = result.document["check"]["exit_code"]
    except WizardError as exc:
        result.fail(exc)
    return result


def _document(environment: Environment, located: Located, inp: DoctorInput) -> dict[str, Any]:
    from wizard.core.plan import store_target
    from wizard.core.status import build_agents
    from wizard.doctor.engine import diagnose
    from wizard.gather import release_rules, unknown_release

    snap, detected = inp.snapshot, environment.detected
    findings = diagnose(inp)
    paths = {a: str(located.path_of(store_target(a))) for a in snap.stores}
    agents = build_agents(snap, inp.now_ms, agents=inp.agents, env=inp.env,
                          findings=findings, variables=environment.env, store_paths=paths,
                          rules=release_rules(detected))
    warnings = [*detected.warnings, *unknown_release(detected)]
    if not detected.reads_json:
        agents = _reported_agents(environment, inp, agents, warnings)
    return {
        "generation": detected.as_json(),
        "config": {"path": str(located.paths.config_path),
                   "exists": snap.config_text is not None},
        "agents": agents,
        "findings": counts(findings),
        "warnings": warnings,
    }


def _reported_agents(
    environment: Environment, inp: DoctorInput, json_view: list[dict[str, Any]], warnings: list[str]
) -> list[dict[str, Any]]:
    """G3/G4: what OpenClaw itself reports (``models status --json``), not the JSON files."""
    from wizard.openclaw.backends.openclaw_cli import reported_agent

    backend = environment.backend
    detected = environment.detected
    try:
        snap = inp.snapshot
        reports = {a: backend.status(a) for a in _asked(inp)}
        if any(doc is None for doc in reports.values()):
            return json_view
        return [_with_expiry(reported_agent(a, doc, a == snap.default_agent), doc, inp.now_ms)
                for a, doc in reports.items() if doc is not None]
    except WizardError as exc:
        warnings.append(
            f"OpenClaw {detected.generation} keeps credentials in SQLite and could not be asked "
            f"({exc.message}); showing the JSON files, which this release does not read"
        )
        return json_view


def _with_expiry(agent: dict[str, Any], doc: Mapping[str, Any], now_ms: float
                 ) -> dict[str, Any]:
    """Each reported profile's ``expires`` (OpenClaw's ``expiresAt``), ``expired`` and
    ``days_left``, as for the JSON files."""
    from wizard.core.expiry import days_left
    from wizard.openclaw.backends.openclaw_cli import reported_profiles

    stamps = {p.get("profileId"): p.get("expiresAt") for p in reported_profiles(doc)}
    for provider in agent["providers"]:
        for profile in provider["profiles"]:
            raw = stamps.get(profile["id"])
            exp = float(raw) if isinstance(raw, int | float) and raw > 0 else None
            profile["expires"] = int(exp) if exp is not None else None
            profile["expired"] = exp is not None and exp <= now_ms
            profile["days_left"] = days_left(exp, now_ms) if exp is not None else None
    return agent


def claude_code(environment: Environment, now_ms: float, platform: str = sys.platform
                ) -> dict[str, Any] | None:
    """Claude Code's claude.ai login as its credentials file says (no process, no keychain):
    when its access token and its login expire. On macOS, where Claude Code keeps the login in
    the login keychain, which is not opened here (keyring is slow to load, and may ask): where
    it lives, its expiry unknown. None without a login."""
    import datetime as dt

    from wizard.core.expiry import days_left
    from wizard.detect.claude_store import account_email, read_credentials_file

    now = dt.datetime.fromtimestamp(now_ms / 1000, tz=dt.UTC)
    env, home = environment.env, environment.home
    login = read_credentials_file(env, home, now=now)
    if not login.logged_in:
        if platform != "darwin" or account_email(env, home) is None:
            return None
        from wizard.detect.claude_keychain import keychain_service

        return {"path": None, "keychain": keychain_service(env), "expires": None,
                "days_left": None, "login_expires": None, "login_days_left": None}
    doc: dict[str, Any] = {"path": str(login.path), "keychain": None}
    for key, when in (("expires", login.expires_at), ("login_expires", login.login_expires_at)):
        ms = int(when.timestamp() * 1000) if when is not None else None
        doc[key] = ms
        doc[key.replace("expires", "days_left")] = (
            days_left(ms, now_ms) if ms is not None else None)
    return doc

def _asked(inp: DoctorInput) -> list[str]:
    """The agents OpenClaw is asked about: the chosen ones (default: all)."""
    return [a for a in inp.snapshot.stores if inp.agents is None or a in inp.agents]


def _ask_first(environment: Environment, opts: Options) -> None:
    """Start ``models status`` for the agents ``status`` will show (unknown ids are refused
    later, and never asked about)."""
    from wizard.openclaw.paths import normalize_agent_id
    from wizard.openclaw.store import read_state

    choice = opts.agents_choice()
    chosen = {normalize_agent_id(a) for a in choice} if isinstance(choice, list) else None
    known = read_state(environment.paths).snapshot.stores
    environment.backend.ask_status([a for a in known if chosen is None or a in chosen])
