"""``authwizard doctor [--fix] [--dry-run]``: find the broken states; repair the safe ones."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from wizard.commands.result import DoctorResult, DryRun, Generation, WouldImport
from wizard.doctor.model import DoctorInput, Finding
from wizard.errors import WizardError
from wizard.gather import chosen_agents, doctor_input, store_secrets, unknown_release
from wizard.options import Options, resolve_environment

if TYPE_CHECKING:
    from wizard.doctor.fixes import FixResult


class DoctorOptions:
    """``import_anyway`` (the TUI's i, never a flag): also import a legacy store the doctor
    leaves alone, as ``wizard.fixes.apply_fixes`` does."""

    __slots__ = ("common", "env", "fix", "import_anyway")

    def __init__(self, common: Options, env: Mapping[str, str], fix: bool = False,
                 import_anyway: bool = False) -> None:
        self.common = common
        self.env = env
        self.fix = fix
        self.import_anyway = import_anyway


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
                                   detected.next_step or "")
    agents = chosen_agents(options.common)
    if options.fix and not options.common.dry_run:
        from wizard.openclaw.store import read_state

        result.secrets |= store_secrets(read_state(environment.paths).snapshot)
        outcome = apply_fixes(environment, agents, options.import_anyway)
        result.findings, result.outcome = outcome.before, outcome
        unresolved = bool(outcome.imported and outcome.imported.unresolved)
        result.exit_code = 1 if unresolved else _code(outcome.after)
        _checked(result, doctor_input(environment, agents)[1])
        return
    located, inp = doctor_input(environment, agents)
    _checked(result, inp)
    result.secrets |= store_secrets(inp.snapshot)
    if options.common.dry_run:
        from wizard.fixes import refuse_worse_import

        can_import = detected.reads_json or bool(detected.binary)
        planned = plan_fixes(inp, options.import_anyway, can_import)
        result.findings = tuple(planned.before)
        if options.import_anyway:
            refuse_worse_import(planned.before)
        imports = _would_import(inp, [i.agent for i in planned.imports], located.files)
        result.would = _dry_run(planned, located.files, result.secrets, imports)
        result.exit_code = _code(planned.before)
        return
    result.findings = tuple(diagnose(inp))
    result.exit_code = _code(result.findings)
    if any(f.code == "json-store-not-read" for f in result.findings):
        from wizard.doctor.fixes import legacy_imports

        agents_imported = [i.agent for i in legacy_imports(result.findings)]
        result.would_import = _would_import(inp, agents_imported, located.files)


def _checked(result: DoctorResult, inp: DoctorInput) -> None:
    from wizard.doctor.summary import checked, files_present

    result.checked, result.files_present = checked(inp), files_present(inp)


def _code(findings: Iterable[Finding]) -> int:
    return 1 if any(f.severity == "error" for f in findings) else 0


# What the import resolves for an agent it imports (the legacy store is gone afterwards).
_IMPORT_RESOLVES = ("json-store-not-read", "import-id-clash", "import-deletes-only-credential")


def _dry_run(planned: FixResult, files: Mapping[str, Path], secrets: set[str],
             imports: WouldImport | None = None) -> DryRun:
    from wizard.core.diff import plan_diff

    labels = {t: str(p) for t, p in files.items()}
    imported = {p.agent for p in imports.agents} if imports else set()
    by_import = tuple(f for f in planned.left
                      if f.agent in imported and f.code in _IMPORT_RESOLVES)
    return DryRun(
        diff=plan_diff(planned.plan, labels, extra_secrets=secrets),
        files=tuple(labels[c.target] for c in planned.plan.changes),
        chmods=tuple(planned.chmods),
        fixed=(*planned.fixed, *by_import),
        left=tuple(f for f in planned.left if f not in by_import),
        shreds=tuple(s.path for s in planned.shreds),
        imports=imports,
    )


def _would_import(inp: DoctorInput, agents: list[str], files: Mapping[str, Path]
                  ) -> WouldImport | None:
    """The release's import --fix would run after its repairs (None: no import)."""
    if not agents:
        return None
    from wizard.core.plan import CONFIG
    from wizard.doctor.rules.storage import IMPORT_COMMAND, import_effects, import_preview
    from wizard.legacy_import import CONFIG_BACKUP_SUFFIX

    config = files[CONFIG]
    changes, archive = import_effects(inp.generation)
    return WouldImport(IMPORT_COMMAND, import_preview(inp, agents), changes,
                       str(config.with_name(config.name + CONFIG_BACKUP_SUFFIX)), archive)
