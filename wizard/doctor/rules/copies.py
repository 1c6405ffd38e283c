"""Doctor rules over old copies of secrets: store backups and import archives that hold a
secret nothing uses any more, and temp files an interrupted write left behind."""

from __future__ import annotations

from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import Finding, Shred, finding, manual

_KIND = {"backup": "store backup", "import-archive": "OpenClaw import archive"}


def copy_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for c in ctx.inp.copies:
        if c.kind == "temp-file":
            continue
        ids = ", ".join(c.profile_ids)
        what = _KIND.get(c.kind, c.kind)
        if not ctx.inp.reads_json:
            out.append(finding(
                Code.STALE_SECRET_COPIES, "info",
                f"{c.path} ({what}) holds {c.stale} secret(s) in plaintext (profiles {ids}); "
                "this OpenClaw keeps credentials in SQLite, so authwizard cannot see whether "
                "they are still in use",
                fix=manual("whether these secrets are still in use is not visible here",
                           "Once `openclaw models status` shows every profile working, delete "
                           f"it (shred -u '{c.path}')"),
                path=c.path,
            ))
            continue
        out.append(finding(
            Code.STALE_SECRET_COPIES, "warning",
            f"{c.path} ({what}) still holds {c.stale} secret(s) no profile uses any more "
            f"(profiles {ids}): whoever reads it gets the old credential",
            fix="overwrite the file, then delete it", actions=[Shred(c.path)], path=c.path,
        ))
    return out


def temp_findings(ctx: Ctx) -> list[Finding]:
    return [finding(
        Code.STALE_TEMP_FILE, "warning",
        f"{c.path} is a temp file an interrupted authwizard write left behind; it holds a "
        "whole store or config, secrets included",
        fix="overwrite the file, then delete it", actions=[Shred(c.path)], path=c.path,
    ) for c in ctx.inp.copies if c.kind == "temp-file"]


RULES = (
    Rule((Code.STALE_SECRET_COPIES,), copy_findings),
    Rule((Code.STALE_TEMP_FILE,), temp_findings),
)
