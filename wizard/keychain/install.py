"""The resolver file OpenClaw runs, and the ``secrets.providers`` entry that points at it.

OpenClaw runs an exec provider only if its command is an absolute path to a regular file (not a
symlink) owned by the user and not group- or world-writable; ``problems`` checks the same.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

from wizard.keychain.names import RESOLVER_NAME

TIMEOUT_MS = 5000


def resolver_path(state_dir: Path) -> Path:
    return state_dir / "authwizard" / RESOLVER_NAME


def script(interpreter: str | None = None) -> str:
    python = interpreter or sys.executable
    return (
        f"#!{python}\n"
        "# Written by authwizard: OpenClaw runs this to read a secret from the OS keychain.\n"
        "import sys\n"
        "from wizard.keychain.resolve_main import main\n"
        "sys.exit(main())\n"
    )


def install(state_dir: Path) -> Path:
    """Write the resolver (0700, in a 0700 folder), atomically; return its absolute path."""
    path = resolver_path(state_dir).absolute()
    folder = path.parent
    created = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    if created:
        folder.chmod(0o700)
    text = script()
    if path.is_file() and not path.is_symlink() and path.read_text() == text:
        path.chmod(0o700)
        return path
    fd, tmp = tempfile.mkstemp(prefix=f".{RESOLVER_NAME}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o700)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def provider_entry(command: Path, pass_env: list[str]) -> dict[str, Any]:
    return {
        "source": "exec", "command": str(command), "jsonOnly": True, "passEnv": pass_env,
        "timeoutMs": TIMEOUT_MS,
    }


def problems(command: str) -> list[str]:
    """Why OpenClaw would refuse to run ``command`` as an exec provider (empty: it would run)."""
    path = Path(command)
    if not path.is_absolute():
        return [f"the resolver path {command} is not absolute"]
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return [f"the resolver {command} is missing: run authwizard again to reinstall it"]
    found: list[str] = []
    if stat.S_ISLNK(st.st_mode):
        found.append(f"the resolver {command} is a symlink; OpenClaw runs only a regular file")
    elif not stat.S_ISREG(st.st_mode):
        found.append(f"the resolver {command} is not a regular file")
    if st.st_uid != os.getuid():
        found.append(f"the resolver {command} is owned by uid {st.st_uid}, not by you")
    if st.st_mode & 0o022:
        found.append(f"the resolver {command} is group- or world-writable: chmod 700 it")
    if not found:
        first = path.read_text(errors="replace").split("\n", 1)[0]
        interpreter = first[2:].strip().split(" ")[0] if first.startswith("#!") else ""
        if interpreter and not os.access(interpreter, os.X_OK):
            found.append(
                f"the resolver's Python {interpreter} is gone (authwizard was moved or "
                "uninstalled): run authwizard again to reinstall the resolver"
            )
    return found
