"""``authwizard --replay FILE``: the wizard's flow, headless, from an answers file.

Human lines go to stderr (as they happen, through ``progress``); with ``--json`` exactly one
JSON document on stdout, whatever the exit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from wizard.commands.result import ReplayResult
from wizard.errors import CancelledError, PartlyWritten, WizardError
from wizard.options import Environment, Options, resolve_environment

if TYPE_CHECKING:
    from wizard.flow import Flow
    from wizard.providers.validate import Verdict

Progress = Callable[[ReplayResult], Callable[[str], None]]


class ReplayOptions:
    """``progress``: makes the line printer that shows the run's human lines as they happen."""

    __slots__ = ("answers_path", "common", "env", "progress")

    def __init__(self, common: Options, answers_path: str, env: Mapping[str, str],
                 progress: Progress | None = None) -> None:
        self.common = common
        self.answers_path = answers_path
        self.env = env
        self.progress = progress


def run(options: ReplayOptions) -> ReplayResult:
    rep = ReplayResult()
    rep.document.update(dry_run=options.common.dry_run)
    if options.progress is not None:
        rep.progress = options.progress(rep)
    try:
        rep.exit_code = _run(options.common, options.answers_path, dict(options.env), rep)
    except WizardError as exc:
        if isinstance(exc, PartlyWritten):
            rep.document.update(written_agents=list(exc.written), unwritten_agents=list(exc.left))
        rep.fail(exc)
    except KeyboardInterrupt:
        rep.fail(CancelledError("cancelled; nothing was changed"))
    return rep


def _run(opts: Options, answers_path: str, env: dict[str, str], rep: ReplayResult) -> int:
    from wizard.answers import load_answers, read_secret
    from wizard.core.secrets import PasteError
    from wizard.errors import UsageError
    from wizard.flow import Flow, verdict_exit
    from wizard.steps import Step

    answers, base_dir = load_answers(answers_path)
    raw_secret = read_secret(answers, base_dir, env, stdin_used=answers_path == "-")
    if isinstance(answers.secret, str):
        rep.warn("the answers file holds the secret itself; prefer {\"env\": NAME}")
    environment = resolve_environment(opts, env)
    detected = environment.detected
    rep.document["generation"] = detected.as_json()
    rep.say(f"OpenClaw: {detected.explain()}")
    for w in detected.warnings:
        rep.warn(w)
    if not detected.reads_json:
        environment = _legacy_store_first(
            environment, opts, env, rep, answers.import_legacy or opts.import_legacy)

    flow = Flow(environment.backend, env, base_url=answers.base_url)
    flow.check_config()
    agents = opts.agents_choice() or answers.agents
    while flow.step is not Step.DONE:  # the answers walk the same table as the app's screens
        step = flow.step
        if step is Step.PROVIDER:
            flow.choose_provider(answers.provider)
            if flow.state.method not in (None, answers.method):
                flow.choose_method(answers.method)  # its only method is another: exit 2
        elif step is Step.METHOD:
            flow.choose_method(answers.method)
        elif step is Step.SECRET:
            rep.document.update(provider=answers.provider, method=answers.method)
            try:
                credential = flow.give_secret(raw_secret)
            except PasteError as exc:
                raise UsageError(f"secret: {exc.message}", None) from None
            rep.secrets.add(credential.secret)
            rep.document["secret"] = credential.redacted
            rep.say(f"Credential: {credential.describe()} ({credential.redacted})")
            flow.resolve_agents(agents)  # unknown agent ids are a usage error before any network
            flow.parse_profile(answers.profile)
            if answers.expires is not None:
                rep.document["expires"] = flow.choose_expires(answers.expires)
            flow.api_roots()  # a plain-http root off loopback is refused before any connection
            detected.require_known()  # before any request: which files to write is never guessed
            if answers.store != "openclaw" or answers.env_var:
                from wizard.spec.releases import parse_version

                flow.choose_store(
                    answers.store, generation=detected.generation, env_var=answers.env_var,
                    version=parse_version(detected.version or ""),
                )
                rep.document["store"] = answers.store
        elif step is Step.VALIDATE and answers.validate_ and not opts.no_validate:
            name = flow.state.provider.name if flow.state.provider else ''
            rep.say(f"Checking it with {name}…")
            verdict = flow.validate_blocking(timeout=answers.timeout)
            _record(rep, "validation", verdict)
            if str(verdict.outcome) == "limited":
                rep.warn(verdict.message)
            forced = verdict_exit(verdict, answers.on_unverified)
            if forced is not None:
                rep.say("  nothing was changed")
                return int(forced)
            if (answers.probe or opts.probe) and str(verdict.outcome) != "unverified":
                refused = _test_message(rep, flow)
                if refused is not None:
                    return refused
            if str(verdict.outcome) == "unverified":
                rep.warn("saving a credential that could not be verified (on_unverified: save)")
                flow.save_unverified()
        elif step is Step.VALIDATE:
            rep.document["validation"] = {"outcome": "skipped"}
            flow.skip_validation()
        elif step is Step.PROFILE:
            plan = flow.choose_profile(answers.profile, agents)
            rep.document.update(
                profile=plan.profile_id,
                type=flow.credential_type(),
                agents=list(flow.state.agents),
                rotated=plan.rotated,
                notes=list(plan.notes),
            )
        elif step is Step.REVIEW and opts.dry_run:
            diff = flow.diff()
            rep.document["diff"] = diff
            rep.document["files"] = [
                {"path": str(flow.located.files[c.target]), "action": "would-write"}
                for c in plan.changes
            ]
            rep.stdout = diff or "(no changes)\n"
            rep.say("Dry run: nothing was written.")
            return 0
        elif step is Step.REVIEW:
            flow.write()
        if flow.step is step:
            raise WizardError(f"replay: the answers did not get past the {step} step")
    outcome = flow.state.outcome
    assert outcome is not None
    rep.document["files"] = [{"path": str(p), "action": "written"} for p in outcome.written]
    rep.document["backups"] = [str(p) for p in outcome.backups]
    rep.document["tightened"] = outcome.tightened
    rep.document["notes"] = outcome.notes
    for line in outcome.tightened:
        rep.say(f"! tightened permissions: {line}")
    for note in outcome.notes:
        rep.say(f"! {note}")
    blocking = _report_findings(rep, environment, answers.provider, outcome.profile_id,
                                flow.state.agents)
    verb = "Rotated" if outcome.rotated else "Wrote"
    rep.document["written_by"] = "openclaw" if outcome.external else "authwizard"
    if outcome.keychain:
        rep.document["keychain"] = outcome.keychain
        rep.say(f"  the secret is in the OS keychain ({', '.join(outcome.keychain)}); "
                "OpenClaw keeps only a reference")
    if answers.store == "env":
        from wizard.keychain.storage import SERVICE_ENV_NOTE

        rep.warn(SERVICE_ENV_NOTE.format(name=answers.env_var))
    if blocking:  # written, yet not in effect: not a success (exit 1, the files changed)
        raise WizardError(
            f"{verb.lower()} {outcome.profile_id}, but OpenClaw will not use it: "
            f"{blocking[0].message}", "run `authwizard doctor`, then authwizard again")
    if not outcome.written and not outcome.external and outcome.keychain:
        rep.say(f"✓ Rotated {outcome.profile_id} in the keychain; no OpenClaw file changed")
        if detected.next_step:
            rep.say("  next: `openclaw secrets reload` (or restart the gateway) so a running "
                    "gateway picks it up")
    elif not outcome.written and not outcome.external:
        rep.say(f"✓ {outcome.profile_id} is already set up exactly so; nothing to change.")
    else:
        rep.say(f"✓ {verb} {outcome.profile_id} for agent(s) {', '.join(flow.state.agents)}")
        if detected.next_step:
            rep.say(f"  next: {detected.next_step}")
    return 0


def _test_message(rep: ReplayResult, flow: Flow) -> int | None:
    """The opt-in test message, after a free check that passed: a limit is written with a
    warning naming it; a refusal is exit 3 with nothing changed."""
    from wizard.errors import ExitCode
    from wizard.providers.message_test import what_it_sends

    provider = flow.state.provider
    assert provider is not None
    rep.say(f"Sending a test message: {what_it_sends(provider)}…")
    verdict = flow.send_test_message_blocking()
    _record(rep, "message_test", verdict)
    if str(verdict.outcome) == "rejected":
        rep.say("  nothing was changed")
        return int(ExitCode.REJECTED)
    if str(verdict.outcome) == "limited":
        rep.warn(f"written with a limit: {verdict.message}")
    elif str(verdict.outcome) == "unverified":
        rep.warn(f"the test message could not be sent ({verdict.message}); the free check "
                 "passed, so the credential is written")
    return None


def _legacy_store_first(environment: Environment, opts: Options, env: dict[str, str],
                        rep: ReplayResult, wanted: bool) -> Environment:
    """A legacy auth-profiles.json on a SQLite-era OpenClaw: with ``import_legacy``, the
    doctor's path (repair the pair, OpenClaw's import, confirm) and a fresh environment;
    without it, a fenced store (2026.8.1+) is exit 5 naming the option."""
    from wizard.openclaw.store import read_state
    from wizard.spec.releases import row

    legacy = [a for a, st in read_state(environment.paths).snapshot.stores.items()
              if st.profiles()]
    if not legacy:
        return environment
    fenced = row(environment.detected.generation).json_store != "ignored"
    if not wanted:
        if fenced and _fences(environment, legacy):
            from wizard.errors import FilesError

            raise FilesError(
                f"agent(s) {', '.join(legacy)} have a legacy auth-profiles.json, and OpenClaw "
                "refuses their providers until it is imported (AUTH_PROFILE_MIGRATION_REQUIRED)",
                'add "import_legacy": true to the answers (or pass --import-legacy) to have '
                "authwizard repair and import it first (`authwizard doctor` explains what the "
                "import does), or run `openclaw doctor --fix` yourself")
        rep.warn(f"agent(s) {', '.join(legacy)} have a legacy auth-profiles.json this OpenClaw "
                 'ignores; "import_legacy": true imports it first (`authwizard doctor`)')
        return environment
    if opts.dry_run:
        rep.say("Dry run: would repair the legacy auth-profiles.json and have OpenClaw import "
                "it first")
        return environment
    from wizard.fixes import apply_fixes

    rep.say("Importing the legacy auth-profiles.json first (repair, then "
            "`openclaw doctor --fix --non-interactive`)…")
    outcome = apply_fixes(environment, import_anyway=True)
    imported = outcome.imported
    rep.document["import_legacy"] = {
        "written": [str(p) for p in outcome.written],
        "backups": [str(p) for p in outcome.backups],
        "config_backup": str(imported.config_backup) if imported else None,
        "config_changes": list(imported.config_changes) if imported else [],
        "archives": list(imported.archives) if imported else [],
    }
    if imported is not None:
        if imported.config_changes:
            rep.warn("OpenClaw's import also changed openclaw.json: "
                     + ", ".join(imported.config_changes)
                     + f" (backup: {imported.config_backup})")
        for line in imported.archives:
            rep.warn(f"plaintext archive left by the import: {line}")
    return resolve_environment(opts, env)


def _report_findings(rep: ReplayResult, environment: Environment, provider: str, profile: str,
                     agents: tuple[str, ...]) -> list[Any]:
    """What doctor still finds about the provider just written (other agents, env vars that
    shadow the profile, …); returns the errors that contradict the write itself."""
    from wizard.doctor.engine import diagnose
    from wizard.gather import doctor_input
    from wizard.written_check import contradicting

    inp = doctor_input(environment, wait=False)[1]  # no more OpenClaw runs after the paste
    findings = [f for f in diagnose(inp)
                if f.provider in (provider, None) and f.severity != "info"]
    rep.document["findings"] = [f.as_json() for f in findings]
    old = [c for c in inp.copies if c.kind != "temp-file" and inp.reads_json]
    rep.document["leftovers"] = [{"path": c.path, "kind": c.kind, "secrets": c.stale,
                                  "profiles": list(c.profile_ids)} for c in old]
    if old:
        rep.say(f"! {len(old)} backup(s) still hold a secret no profile uses any more: "
                "`authwizard doctor --fix` removes them (recommended if it leaked)")
    for f in findings:
        rep.say(f"! {f.severity}: {f.message}")
        rep.say(f"  fix: {f.fix}")
    return contradicting(findings, provider, profile, agents)


def _fences(environment: Environment, agents: list[str]) -> bool:
    """Whether OpenClaw refuses these agents' providers until their legacy store is imported:
    its own answer (one ``models status``, kept for the write), not a guess from the file."""
    from wizard.errors import FilesError

    try:
        for agent in agents:
            environment.backend.status(agent)
    except FilesError as exc:
        if "AUTH_PROFILE_MIGRATION_REQUIRED" in exc.message:
            return True
        raise
    return False


def _record(rep: ReplayResult, key: str, verdict: Verdict) -> None:
    """A check's verdict in the JSON document, and its line (a limit's is the caller's warning)."""
    rep.document[key] = {
        "outcome": str(verdict.outcome), "reason": verdict.reason,
        "message": verdict.message, "status": verdict.status,
        "request_id": verdict.request_id, "attempts": verdict.attempts,
    }
    if str(verdict.outcome) == "limited":
        return  # the caller's warning is its line
    mark = {"valid": "✓", "rejected": "✗", "unverified": "?"}
    rep.say(f"{mark.get(str(verdict.outcome), '-')} {verdict.message}")
