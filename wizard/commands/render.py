"""The one place a command's result becomes output: text for people, or one versioned JSON
envelope (docs/json-output.md). Every string printed, either way, is scrubbed of anything
credential-shaped first."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

from wizard.commands.result import (
    DoctorResult,
    DryRun,
    Generation,
    RemoveResult,
    ReplayResult,
    Result,
    StatusResult,
    WouldImport,
    counts,
)
from wizard.core.scrub import Scrubber

if TYPE_CHECKING:
    from wizard.doctor.model import Finding
    from wizard.fixes import FixOutcome
    from wizard.legacy_import import ImportReport

ENVELOPE_VERSION = 1
_MARK = {"error": "✗", "warning": "!", "info": "i"}


def emit(result: Result, *, json_output: bool, out: IO[str], err: IO[str]) -> int:
    """Print ``result`` (stdout: the text or the JSON envelope; stderr: the human lines not
    shown yet and the error) and return its exit code."""
    scrubber = Scrubber(result.secrets)
    if isinstance(result, ReplayResult):
        for line in result.log[result.shown:]:
            print(scrubber.text(line), file=err)
    if result.failure is not None:
        print(scrubber.text(f"✗ {result.failure.message}"), file=err)
        if result.failure.fix:
            print(scrubber.text(f"  fix: {result.failure.fix}"), file=err)
    if json_output:
        out.write(dumps(envelope(result, scrubber)))
    else:
        text = render_text(result)
        if text and isinstance(result, StatusResult | DoctorResult):
            from wizard.commands.fit import colour, fit, wants_colour, width_for

            text = fit(text, width_for(out))
            if wants_colour(out):
                text = colour(text)
        if text:
            out.write(scrubber.text(text))
    return result.exit_code


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def progress(err: IO[str]) -> Callable[[ReplayResult], Callable[[str], None]]:
    """For ``ReplayOptions.progress``: show each human line on ``err`` as it happens."""

    def for_result(result: ReplayResult) -> Callable[[str], None]:
        def say(line: str) -> None:
            print(Scrubber(result.secrets).text(line), file=err, flush=True)

        return say

    return for_result


# ------------------------------------------------------------------ JSON


def envelope(result: Result, scrubber: Scrubber | None = None) -> dict[str, Any]:
    """``{"version": 1, "command", "exit_code", "ok", …the command's own keys, "error"?}``."""
    doc: dict[str, Any] = {
        "version": ENVELOPE_VERSION,
        "command": result.command,
        "exit_code": result.exit_code,
        "ok": result.exit_code == 0,
    }
    doc.update(payload(result))
    if result.failure is not None:
        doc["error"] = {"message": result.failure.message, "fix": result.failure.fix}
    scrubbed: dict[str, Any] = (scrubber or Scrubber(result.secrets)).value(doc)
    return scrubbed


def payload(result: Result) -> dict[str, Any]:
    if isinstance(result, StatusResult | ReplayResult):
        return dict(result.document)
    if isinstance(result, DoctorResult):
        return _doctor_payload(result)
    if isinstance(result, RemoveResult):
        return _remove_payload(result)
    return {}


def _remove_payload(r: RemoveResult) -> dict[str, Any]:
    return {
        "profile": r.profile, "provider": r.provider, "dry_run": r.dry_run,
        "removed": r.removed, "nothing_to_remove": r.nothing, "agents": list(r.agents),
        "diff": r.diff, "files": [{"path": p, "action": "written"} for p in r.files],
        "backups": list(r.backups), "keychain": list(r.keychain),
        "afterwards": list(r.afterwards), "notes": list(r.notes), "warnings": list(r.warnings),
    }


def _doctor_payload(r: DoctorResult) -> dict[str, Any]:
    doc: dict[str, Any] = {"fix": r.fix, "dry_run": r.dry_run}
    if r.checked:
        doc["checked"] = r.checked
    if r.generation is not None:
        doc["generation"] = r.generation.json
        doc["warnings"] = list(r.generation.warnings)
    if r.findings is not None:
        doc["findings"] = [f.as_json() for f in r.findings]
        doc["summary"] = counts(r.findings)
    if r.would_import is not None:
        doc["would_import"] = _would_import_json(r.would_import)
    if r.would is not None:
        doc["would_import"] = _would_import_json(r.would.imports) if r.would.imports else None
        doc["diff"] = r.would.diff
        doc["files"] = [{"path": p, "action": "would-write"} for p in r.would.files]
        doc["tightened"] = [f"{c.path}: would become {c.mode:04o}" for c in r.would.chmods]
        doc["would_shred"] = list(r.would.shreds)
        doc["would_fix"] = [f.as_json() for f in r.would.fixed]
        doc["left"] = [f.as_json() for f in r.would.left]
    if r.outcome is not None:
        o = r.outcome
        doc["files"] = [{"path": str(p), "action": "written"} for p in o.written]
        doc["backups"] = [str(p) for p in o.backups]
        doc["tightened"] = list(o.tightened)
        doc["fixed"] = [f.as_json() for f in o.fixed]
        doc["left"] = [f.as_json() for f in o.after]
        doc["summary"] = counts(o.after)
        doc["conflicts"] = list(o.conflicts)
        doc["shredded"] = [str(p) for p in o.shredded]
        if o.imported is not None:
            doc["imported"] = _imported_json(o.imported)
    return doc


FATES = ("usable", "dropped", "deleted", "kept")


def _would_import_json(w: WouldImport) -> dict[str, Any]:
    return {"command": w.command, "after": "the repairs (diff) above",
            "agents": [{"agent": p.agent,
                        **{fate: [pid for pid, f in p.fates if f == fate] for fate in FATES}}
                       for p in w.agents],
            "config_changes": w.config_changes, "config_backup": w.config_backup,
            "archive": w.archive}


def would_import_lines(w: WouldImport) -> list[str]:
    """The import ``--fix`` runs after the repairs, as the dry run and the TUI's consent
    dialog say it: per profile what OpenClaw does with it, what else it changes."""
    words = {"usable": "{pid} becomes usable",
             "dropped": "OpenClaw drops {pid} (nothing usable in it)",
             "deleted": "OpenClaw deletes {pid} (retired from 2026.8.1)",
             "kept": "OpenClaw keeps its own {pid} (the legacy one is not imported)"}
    lines = [f"then `{w.command}`: OpenClaw's own import of the repaired auth-profiles.json"]
    for p in w.agents:
        lines += [f"  agent {p.agent}: " + words.get(fate, "{pid}: " + fate).format(pid=pid)
                  for pid, fate in p.fates]
    lines.append(f"  it also changes openclaw.json: {w.config_changes}; authwizard first keeps "
                 f"openclaw.json as it is now in {w.config_backup}")
    lines.append(f"  OpenClaw renames the legacy file {w.archive}: a plaintext copy of its secrets "
                 "(authwizard makes it 0600)")
    return lines


def _imported_json(i: ImportReport) -> dict[str, Any]:
    return {"command": i.command, "config_backup": str(i.config_backup),
            "config_changes": list(i.config_changes), "resolved": list(i.resolved),
            "unresolved": list(i.unresolved), "archives": list(i.archives)}


def imported_lines(i: ImportReport) -> list[str]:
    lines = [f"  ran `{i.command}`: OpenClaw imported the repaired auth-profiles.json",
             f"  backup {i.config_backup} (openclaw.json before the import)"]
    if i.config_changes:
        lines.append("  ! it also changed openclaw.json: " + ", ".join(i.config_changes))
    lines += [f"  ✓ OpenClaw resolves {r}" for r in i.resolved]
    lines += [f"  ! OpenClaw resolves no profile for {u}" for u in i.unresolved]
    lines += [f"  ! plaintext archive left by the import: {a}" for a in i.archives]
    return lines


# ------------------------------------------------------------------ text


def render_text(result: Result) -> str:
    """What the command prints on stdout without ``--json`` ("" for nothing)."""
    if isinstance(result, StatusResult):
        if result.failure is not None:
            return ""
        from wizard.core.status import render_text as status_table

        text = status_table({**result.document, "generation_text": result.generation_text})
        text += _claude_line(result.document.get("claude_code"))
        if "check" in result.document:
            from wizard.core.check import lines as check_lines

            text += "\n".join(check_lines(result.document["check"])) + "\n"
        return text
    if isinstance(result, DoctorResult):
        lines = _doctor_lines(result)
        return "\n".join(lines) + "\n" if lines else ""
    if isinstance(result, ReplayResult):
        return result.stdout
    if isinstance(result, RemoveResult):
        lines = remove_lines(result)
        return "\n".join(lines) + "\n" if lines else ""
    return ""


def remove_lines(r: RemoveResult, preview: bool = False) -> list[str]:
    """``remove``'s text; ``preview``: what is shown before asking for the confirmation."""
    if r.failure is not None and not r.diff:
        return []
    lines = [f"i {n}" for n in r.notes if preview or r.nothing or r.removed or r.dry_run]
    if r.nothing:
        return lines
    if preview or r.dry_run or not r.shown_preview:
        lines += [r.diff.rstrip("\n") if r.diff else "(no file changes in openclaw.json or "
                  "auth-profiles.json)"]
    lines += [f"! {a['says']}" if a["lost"] else f"i {a['says']}" for a in r.afterwards]
    if r.keychain:
        lines.append(("would delete" if r.dry_run or preview else "deleted")
                     + " keychain item(s): " + ", ".join(r.keychain))
    if preview:
        return lines
    if r.dry_run:
        lines.append(f"Dry run: nothing was written; `authwizard remove {r.profile} --yes` "
                     "would remove it.")
        return lines
    lines += [f"  wrote {p}" for p in r.files]
    lines += [f"  backup {p}" for p in r.backups]
    lines += [f"! {w}" for w in r.warnings]
    if r.removed:
        lines.append(f"✓ Removed {r.profile}. The backups still hold its secret until "
                     "`authwizard doctor --fix` removes them.")
        if r.restart_command:
            lines.append(f"next: {r.restart_command}")
    return lines


def _claude_line(claude: dict[str, Any] | None) -> str:
    """Claude Code's login (it stays Claude Code's; shown for its expiry)."""
    if not claude:
        return ""
    import datetime as dt

    if claude.get("path") is None:
        return (f"\nClaude Code: logged in with claude.ai; the login lives in the macOS login "
                f"keychain (item \"{claude.get('keychain')}\"), which status does not open, so "
                "its expiry is unknown here (`claude auth status` shows it)\n")
    parts = [f"Claude Code: logged in with claude.ai ({claude['path']})"]
    for key, what in (("expires", "access token"), ("login_expires", "login")):
        ms, days = claude.get(key), claude.get(key.replace("expires", "days_left"))
        if isinstance(ms, int) and isinstance(days, int):
            stamp = dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).strftime("%Y-%m-%d")
            parts.append(f"{what} expires {stamp} "
                         + ("(expired)" if days == 0 else f"({days} day(s) left)"))
    if len(parts) == 1:
        parts.append("its expiry is unknown (the file records none)")
    return "\n" + "; ".join(parts) + "\n"


def _doctor_lines(r: DoctorResult) -> list[str]:
    lines: list[str] = []
    gen = r.generation
    if gen is not None:
        lines += [f"OpenClaw: {gen.explain}", *(f"! {w}" for w in gen.warnings)]
    if r.findings is not None and r.outcome is None:  # after a fix: Fixed and Left say it
        lines += _findings_lines(r.findings, gen, r)
    if r.would is not None:
        lines += _dry_run_lines(r.would)
    if r.outcome is not None:
        lines += _after_fix_lines(r.outcome, gen, r)
    return lines


def _all_clear(gen: Generation | None, r: DoctorResult) -> str:
    """What a clean doctor run vouches for: what it examined, and by generation what that
    proves (G3/G4 keep credentials in SQLite, which the doctor does not read)."""
    if gen is not None and gen.keeps_sqlite:
        return "openclaw.json is valid and no JSON store is in OpenClaw's way"
    config, stores = r.files_present
    if config and stores:
        proof = "both files agree and OpenClaw can use them"
    elif stores:
        proof = "OpenClaw can use them (there is no openclaw.json; it reads auth-profiles.json)"
    else:
        proof = "OpenClaw can use what there is (an agent has no auth-profiles.json)"
    return f"checked {r.checked}; {proof}" if r.checked else proof


def _findings_lines(
    findings: tuple[Finding, ...], gen: Generation | None, r: DoctorResult
) -> list[str]:
    lines = [""]
    if not findings:
        lines.append(f"✓ No problems found: {_all_clear(gen, r)}.")
    for f in findings:
        lines += _finding_lines(f)
    if findings:
        auto = sum(1 for f in findings if f.auto)
        lines.append("")
        lines.append(f"{_count_words(findings)[:1].upper()}{_count_words(findings)[1:]}."
                     + (f" `authwizard doctor --fix` repairs {auto} of them." if auto else ""))
    return lines


def _count_words(findings: tuple[Finding, ...]) -> str:
    """"2 errors, 1 warning, no info"."""
    c = counts(findings)

    def n(k: str, word: str, many: str) -> str:
        return f"no {many}" if not c[k] else f"{c[k]} {word if c[k] == 1 else many}"

    return ", ".join((n("error", "error", "errors"), n("warning", "warning", "warnings"),
                      n("info", "info", "info")))


def _finding_lines(f: Finding) -> list[str]:
    where = " · ".join(x for x in (f.agent and f"agent {f.agent}", f.provider, f.profile) if x)
    head = f"{_MARK[f.severity]} {f.severity:<7} {f.code}" + (f"  ({where})" if where else "")
    return [head, f"    {f.message}", f"    fix: {f.fix}" + ("  [--fix]" if f.auto else "")]


def repair_lines(d: DryRun) -> list[str]:
    """The repairs --fix would make: the redacted diff, modes, deletions."""
    return [
        d.diff.rstrip("\n") if d.diff else "(no file changes)",
        *(f"would chmod {c.mode:04o} {c.path}" for c in d.chmods),
        *(f"would overwrite and delete {p}" for p in d.shreds),
    ]


def _dry_run_lines(d: DryRun) -> list[str]:
    return [
        "", *repair_lines(d), *(would_import_lines(d.imports) if d.imports else ()),
        f"Dry run: nothing was written; --fix would repair {len(d.fixed)} "
        f"finding(s) and leave {len(d.left)}.",
    ]


def fixed_items(o: FixOutcome) -> list[tuple[str, str]]:
    """What ``--fix`` did, each change once, as (kind, words): "finding" (a fixed finding:
    what was done), "change" (a file written, backed up, tightened or deleted), "conflict",
    "import" (OpenClaw's import, as ``imported_lines`` says it)."""
    items = [("finding", f"{f.code}" + (f" {f.profile}" if f.profile else "") + ": "
              + (f.fix if f.auto else "resolved by the repairs above")) for f in o.fixed]
    said = " ".join(f.fix or "" for f in o.fixed)
    items += [("change", f"wrote {p}") for p in o.written]
    items += [("change", f"backup {b}") for b in o.backups]
    items += [("change", f"tightened {t}") for t in o.tightened
              if f" {t.split(': ')[0]}" not in said]  # a fixed finding's words say it already
    items += [("change", f"overwrote and deleted {p}") for p in o.shredded]
    items += [("conflict", c) for c in o.conflicts]
    if o.imported is not None:
        items += [("import", line.strip()) for line in imported_lines(o.imported)]
    return items


def _after_fix_lines(o: FixOutcome, gen: Generation | None, r: DoctorResult) -> list[str]:
    fixed, after = o.fixed, o.after
    lines = [""]
    if o.before:
        lines.append(f"Found {_count_words(o.before)}.")
    if fixed:
        lines.append("Fixed:")
    elif o.before:
        lines.append("Fixed: nothing (no finding has a single right repair)")
    marks = {"finding": "  ✓ ", "change": "  ", "conflict": "  ! "}
    imported = imported_lines(o.imported) if o.imported is not None else []
    lines += [marks[kind] + words for kind, words in fixed_items(o) if kind != "import"]
    lines += imported
    if after:
        lines.append("Left, with why:")
        for f in after:
            lines += ["  " + x for x in _finding_lines(f)]
    else:
        lines.append(f"✓ Nothing left: {_all_clear(gen, r)}.")
    if o.written and gen is not None and gen.restart_command:
        lines.append(f"next: {gen.restart_command}")
    return lines
