"""``authwizard doctor [--fix] [--dry-run]``: find the broken states; repair the safe ones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.commands.result import DoctorResult, DryRun, Generation
from wizard.doctor.model import DoctorInput, Finding
from wizard.errors import WizardError
from wizard.gather import chosen_agents, doctor_input, store_secrets, unknown_release
from wizard.options import Options, resolve_environment

if TYPE_CHECKING:
    from wizard.doctor.fixes import FixResult


class DoctorOptions:
    __slots__ = ("common", "env", "fix")

    def __init__(self, common: Options, env: Mapping[str, str], fix: bool = False) -> None:
        self.common = common
        self.env = env
        self.fix = fix


def run(options: DoctorOptions) -> DoctorResult:
    result = DoctorResult(fix=options.fix, dry_run=options.common.dry_run)
    try:
        _doctor(options, result)
    except WizardError as exc:
        result.fail(exc)
    return result


def _doctor(options: DoctorOptions, result: DoctorResult) -> None:
    from wizard.doctor.engine import diagnose
    from wizard.doctor.fixes import plan_fixes
    from wizard.fixes import apply_fixes

    environment = resolve_environment(options.common, dict(options.env))
    detected = environment.detected
    result.generation = Generation(detected.as_json(), detected.explain(),
                                   (*detected.warnings, *unknown_release(detected)),
                                   detected.restart_command)
    agents = chosen_agents(options.common)
    if options.fix and not options.common.dry_run:
        from wizard.openclaw.store import read_state

        result.secrets |= store_secrets(read_state(environment.paths).snapshot)
        outcome = apply_fixes(environment, agents)
        result.findings, result.outcome = outcome.before, outcome
        unresolved = bool(outcome.imported and outcome.imported.unresolved)
        result.exit_code = 1 if unresolved else _code(outcome.after)
        _checked(result, doctor_input(environment, agents)[1])
        return
    located, inp = doctor_input(environment, agents)
    _checked(result, inp)
    result.secrets |= store_secrets(inp.snapshot)
    if options.common.dry_run:
        planned = plan_fixes(inp)
        result.findings = tuple(planned.before)
        result.would = _dry_run(planned, located.files, result.secrets)
        result.exit_code = _code(planned.before)
        return
    result.findings = tuple(diagnose(inp))
    result.exit_code = _code(result.findings)


def _checked(result: DoctorResult, inp: DoctorInput) -> None:
    from wizard.doctor.summary import checked, files_present

    result.checked, result.files_present = checked(inp), files_present(inp)


def _code(findings: Iterable[Finding]) -> int:
    return 1 if any(f.severity == "error" for f in findings) else 0


def _dry_run(planned: FixResult, files: Mapping[str, Path], secrets: set[str]) -> DryRun:
    from wizard.core.diff import plan_diff

    labels = {t: str(p) for t, p in files.items()}
    return DryRun(
        diff=plan_diff(planned.plan, labels, extra_secrets=secrets),
        files=tuple(labels[c.target] for c in planned.plan.changes),
        chmods=tuple(planned.chmods),
        fixed=tuple(planned.fixed),
        left=tuple(planned.left),
        shreds=tuple(s.path for s in planned.shreds),
    )
