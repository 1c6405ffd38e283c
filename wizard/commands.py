"""``authwizard status`` and ``authwizard doctor [--fix]``: headless, never import Textual or
keyring. Human output on stdout; with ``--json`` exactly one JSON document on stdout, whatever
the exit code (DESIGN §2, §8)."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any, NamedTuple

from wizard.doctor.codes import SEVERITY_RANK
from wizard.doctor.model import DoctorInput, Finding
from wizard.errors import FilesError, WizardError, report
from wizard.gather import doctor_input, release_rules
from wizard.openclaw.generation import Detected
from wizard.openclaw.store import Located
from wizard.options import Environment, Options, resolve_environment
from wizard.spec.releases import GENERATIONS, row

MAX_REPLANS = 3
_MARK = {"error": "✗", "warning": "!", "info": "i"}


class _State(NamedTuple):
    environment: Environment
    located: Located
    inp: DoctorInput


class FixOutcome(NamedTuple):
    """What ``doctor --fix`` (or the TUI's repair button) did."""

    before: tuple[Finding, ...]
    after: tuple[Finding, ...]  # a fresh diagnosis of the files as now on disk
    written: tuple[Path, ...]
    backups: tuple[Path, ...]
    tightened: tuple[str, ...]
    conflicts: tuple[str, ...]

    @property
    def fixed(self) -> tuple[Finding, ...]:
        left = {f.key() for f in self.after}
        return tuple(f for f in self.before if f.key() not in left)


# ------------------------------------------------------------------ gathering (the I/O side)


def apply_fixes(environment: Environment, agents: tuple[str, ...] | None = None) -> FixOutcome:
    """Apply the single-right-answer repairs through the wizard's atomic, backed-up, locked
    write; re-read and re-plan when a file changes underneath; then diagnose again."""
    from wizard.doctor.engine import diagnose
    from wizard.doctor.fixes import plan_fixes
    from wizard.openclaw import writer

    for _ in range(MAX_REPLANS):
        located, inp = doctor_input(environment, agents)
        result = plan_fixes(inp)
        try:
            done = writer.apply_plan(result.plan, located.files) if result.plan.changes else None
        except writer.ConcurrentChange:
            continue
        tightened = [*(done.tightened if done else []), *_chmod(result.chmods)]
        after = diagnose(doctor_input(environment, agents)[1])
        return FixOutcome(
            result.before, tuple(after), tuple(done.written if done else ()),
            tuple(done.backups if done else ()), tuple(tightened), result.conflicts,
        )
    raise FilesError(
        "the OpenClaw files kept changing while authwizard doctor tried to fix them",
        "stop other OpenClaw processes (openclaw gateway stop) and run it again",
    )


def _agents(opts: Options) -> tuple[str, ...] | None:
    from wizard.openclaw.paths import normalize_agent_id

    choice = opts.agents_choice()
    if isinstance(choice, list):
        return tuple(dict.fromkeys(normalize_agent_id(a) for a in choice))
    return None


def _gather(opts: Options, env: Mapping[str, str]) -> _State:
    environment = resolve_environment(opts, env)
    located, inp = doctor_input(environment, _agents(opts))
    return _State(environment, located, inp)


def _fail(doc: dict[str, Any], exc: WizardError, err: IO[str]) -> int:
    return report(exc, doc, err)


def _emit(opts: Options, doc: dict[str, Any], code: int, out: IO[str]) -> int:
    doc["exit_code"] = code
    doc.setdefault("ok", code == 0)
    if opts.json:
        out.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    return code


# ------------------------------------------------------------------ status


def run_status(
    opts: Options, *, env: Mapping[str, str] | None = None,
    out: IO[str] | None = None, err: IO[str] | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    doc: dict[str, Any] = {"command": "status", "version": 1}
    try:
        st = _gather(opts, dict(os.environ if env is None else env))
        doc.update(_status_doc(st))
        code = 0
        if not opts.json:
            from wizard.core.status import render_text

            out.write(render_text({**doc, "generation_text": st.environment.detected.explain()}))
    except WizardError as exc:
        code = _fail(doc, exc, err)
    return _emit(opts, doc, code, out)


def _status_doc(st: _State) -> dict[str, Any]:
    from wizard.core.plan import store_target
    from wizard.core.status import build_agents
    from wizard.doctor.engine import diagnose

    snap, detected = st.inp.snapshot, st.environment.detected
    findings = diagnose(st.inp)
    paths = {a: str(st.located.path_of(store_target(a))) for a in snap.stores}
    agents = build_agents(snap, st.inp.now_ms, agents=st.inp.agents, env=st.inp.env,
                          findings=findings, variables=st.environment.env, store_paths=paths,
                          rules=release_rules(detected))
    warnings = [*detected.warnings, *_unknown_release(detected)]
    if not detected.reads_json:
        agents = _reported_agents(st, agents, warnings)
    return {
        "generation": detected.as_json(),
        "config": {"path": str(st.located.paths.config_path),
                   "exists": snap.config_text is not None},
        "agents": agents,
        "findings": _counts(findings),
        "warnings": warnings,
    }


def _unknown_release(detected: Detected) -> list[str]:
    unknown = detected.unknown_release
    return [f"{unknown}: judged by the strictest rules"] if unknown else []


def _reported_agents(
    st: _State, json_view: list[dict[str, Any]], warnings: list[str]
) -> list[dict[str, Any]]:
    """G3/G4: what OpenClaw itself reports (``models status --json``), not the JSON files."""
    from wizard.openclaw.backends.openclaw_cli import reported_agent

    backend = st.environment.backend
    detected = st.environment.detected
    try:
        snap = st.inp.snapshot
        reports = {a: backend.status(a) for a in snap.stores
                   if st.inp.agents is None or a in st.inp.agents}
        if any(doc is None for doc in reports.values()):
            return json_view
        return [reported_agent(a, doc, a == snap.default_agent)
                for a, doc in reports.items() if doc is not None]
    except WizardError as exc:
        warnings.append(
            f"OpenClaw {detected.generation} keeps credentials in SQLite and could not be asked "
            f"({exc.message}); showing the JSON files, which this release does not read"
        )
        return json_view


def _counts(findings: list[Finding] | tuple[Finding, ...]) -> dict[str, int]:
    return {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_RANK}


# ------------------------------------------------------------------ doctor


def run_doctor(
    opts: Options, fix: bool, *, env: Mapping[str, str] | None = None,
    out: IO[str] | None = None, err: IO[str] | None = None,
) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    doc: dict[str, Any] = {"command": "doctor", "fix": fix, "dry_run": opts.dry_run}
    lines: list[str] = []
    try:
        code = _doctor(opts, fix, dict(os.environ if env is None else env), doc, lines)
    except WizardError as exc:
        code = _fail(doc, exc, err)
    if not opts.json and lines:
        out.write("\n".join(lines) + "\n")
    return _emit(opts, doc, code, out)


def _doctor(
    opts: Options, fix: bool, env: dict[str, str], doc: dict[str, Any], lines: list[str]
) -> int:
    from wizard.doctor.engine import diagnose
    from wizard.doctor.fixes import plan_fixes

    environment = resolve_environment(opts, env)
    detected = environment.detected
    doc["generation"] = detected.as_json()
    doc["warnings"] = [*detected.warnings, *_unknown_release(detected)]
    lines += [f"OpenClaw: {detected.explain()}", *(f"! {w}" for w in doc["warnings"])]
    agents = _agents(opts)
    if fix and not opts.dry_run:
        outcome = apply_fixes(environment, agents)
        _report(doc, lines, "findings", outcome.before)
        return _after_fix(doc, lines, outcome, detected.restart_command)
    located, inp = doctor_input(environment, agents)
    if opts.dry_run:
        result = plan_fixes(inp)
        _report(doc, lines, "findings", result.before)
        return _dry_run(_State(environment, located, inp), result, doc, lines)
    findings = diagnose(inp)
    _report(doc, lines, "findings", findings)
    return 1 if _errors(findings) else 0


def _errors(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    return any(f.severity == "error" for f in findings)


def _chmod(chmods: Any) -> list[str]:
    from wizard.openclaw.writer import tighten

    done: list[str] = []
    for c in chmods:
        path = Path(c.path)
        try:
            if c.is_dir:
                old = stat.S_IMODE(path.stat().st_mode)
                if old & 0o077:
                    os.chmod(path, old & 0o700)
                    done.append(f"{path}: {old:04o} → {old & 0o700:04o}")
            elif (line := tighten(path)) is not None:
                done.append(line)
        except OSError as exc:
            raise FilesError(f"cannot change the mode of {path}: {exc.strerror}",
                             f"run: chmod {c.mode:04o} '{path}'") from None
    return done


def _all_clear(doc: Mapping[str, Any]) -> str:
    """What a clean doctor run vouches for, by generation (G3/G4 keep credentials in SQLite,
    which the doctor does not read)."""
    generation = doc.get("generation", {}).get("generation")
    if generation in GENERATIONS and not row(generation).reads_json:
        return "openclaw.json is valid and no JSON store is in OpenClaw's way"
    return "both files agree and OpenClaw can use them"


def _report(doc: dict[str, Any], lines: list[str], key: str, findings: Any) -> None:
    doc[key] = [f.as_json() for f in findings]
    doc["summary"] = _counts(findings)
    lines.append("")
    if not findings:
        lines.append(f"✓ No problems found: {_all_clear(doc)}.")
    for f in findings:
        lines += _finding_lines(f)
    if findings:
        auto = sum(1 for f in findings if f.auto)
        c = _counts(findings)
        lines.append("")
        lines.append(f"{c['error']} error(s), {c['warning']} warning(s), {c['info']} info."
                     + (f" `authwizard doctor --fix` repairs {auto} of them." if auto else ""))


def _finding_lines(f: Finding, mark: str | None = None) -> list[str]:
    where = " · ".join(x for x in (f.agent and f"agent {f.agent}", f.provider, f.profile) if x)
    head = f"{mark or _MARK[f.severity]} {f.severity:<7} {f.code}" + (f"  ({where})"
                                                                       if where else "")
    return [head, f"    {f.message}", f"    fix: {f.fix}" + ("  [--fix]" if f.auto else "")]


def _dry_run(st: _State, result: Any, doc: dict[str, Any], lines: list[str]) -> int:
    from wizard.core.diff import plan_diff

    labels = {t: str(p) for t, p in st.located.files.items()}
    diff = plan_diff(result.plan, labels, extra_secrets=_secrets(st))
    doc["diff"] = diff
    doc["files"] = [{"path": labels[c.target], "action": "would-write"}
                    for c in result.plan.changes]
    doc["tightened"] = [f"{c.path}: would become {c.mode:04o}" for c in result.chmods]
    doc["would_fix"] = [f.as_json() for f in result.fixed]
    doc["left"] = [f.as_json() for f in result.left]
    lines.append("")
    lines.append(diff.rstrip("\n") if diff else "(no file changes)")
    lines += [f"would chmod {c.mode:04o} {c.path}" for c in result.chmods]
    lines.append(f"Dry run: nothing was written; --fix would repair {len(result.fixed)} "
                 f"finding(s) and leave {len(result.left)}.")
    return 1 if _errors(result.before) else 0


def _secrets(st: _State) -> set[str]:
    from wizard.core.profiles import entry_secret

    found: set[str] = set()
    for store in st.inp.snapshot.stores.values():
        for e in store.profiles().values():
            if isinstance(e, Mapping):
                for v in (entry_secret(e), e.get("refresh"), e.get("refreshToken")):
                    if isinstance(v, str) and v.strip():
                        found.add(v.strip())
            elif isinstance(e, str) and e.strip():
                found.add(e.strip())
    return found


def _after_fix(
    doc: dict[str, Any], lines: list[str], outcome: FixOutcome, restart: str
) -> int:
    fixed, after = outcome.fixed, outcome.after
    doc["files"] = [{"path": str(p), "action": "written"} for p in outcome.written]
    doc["backups"] = [str(p) for p in outcome.backups]
    doc["tightened"] = list(outcome.tightened)
    doc["fixed"] = [f.as_json() for f in fixed]
    doc["left"] = [f.as_json() for f in after]
    doc["summary"] = _counts(after)
    doc["conflicts"] = list(outcome.conflicts)
    lines.append("")
    if fixed:
        lines.append("Fixed:")
    elif outcome.before:
        lines.append("Fixed: nothing (no finding has a single right repair)")
    for f in fixed:
        what = f.fix if f.auto else "resolved by the repairs above"
        lines.append(f"  ✓ {f.code}" + (f" {f.profile}" if f.profile else "") + f": {what}")
    lines += [f"  wrote {p}" for p in outcome.written]
    lines += [f"  backup {b}" for b in outcome.backups]
    lines += [f"  tightened {t}" for t in outcome.tightened]
    lines += [f"  ! {c}" for c in outcome.conflicts]
    if after:
        lines.append("Left (with why):")
        for f in after:
            lines += ["  " + x for x in _finding_lines(f)]
    else:
        lines.append(f"✓ Nothing left: {_all_clear(doc)}.")
    if outcome.written:
        lines.append(f"next: {restart}")
    return 1 if _errors(after) else 0
