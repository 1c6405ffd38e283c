"""Doctor rule over the permissions of the files and folders that hold credentials."""

from __future__ import annotations

from wizard.doctor.codes import Code
from wizard.doctor.context import Ctx, Rule
from wizard.doctor.model import Chmod, Finding, finding


def file_findings(ctx: Ctx) -> list[Finding]:
    out: list[Finding] = []
    for f in ctx.inp.files:
        want = f.mode & (0o700 if f.is_dir else 0o600)
        if f.mode & 0o077:
            kind = "folder" if f.is_dir else "file"
            out.append(finding(
                Code.FILE_PERMISSIONS, "warning",
                f"{f.path} is a {kind} with mode {f.mode:04o}: other users of this machine "
                "can read credentials" + (" through it." if f.is_dir else " in it."),
                fix=f"chmod {want:04o} {f.path}",
                actions=[Chmod(f.path, want, f.is_dir)], path=f.path,
            ))
    return out


RULES = (Rule((Code.FILE_PERMISSIONS,), file_findings),)
