"""The installed OpenClaw's version from its ``package.json``, without starting Node.

``openclaw`` on PATH is an npm bin link (a symlink into ``node_modules/openclaw``) or a small
shell wrapper that execs Node with the package's entry script. Either way the package folder,
and its ``package.json``, can be found from the file itself; ``openclaw --version`` (a Node
start) is needed only when it cannot.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
from typing import NamedTuple

PACKAGES = ("openclaw", "clawdbot")
MAX_WRAPPER = 16 * 1024  # a launcher script is a few lines; anything bigger is not one
MAX_MANIFEST = 1024 * 1024
_UP = 3  # from the entry script to its package folder (clawdbot: dist/entry.js)
# An entry script named in a wrapper: an absolute path, or one relative to the wrapper's folder
# as npm and pnpm write it ("$basedir/../openclaw/openclaw.mjs").
_SCRIPT = re.compile(
    r"""(?:"|'|\s|^)((?:/|\$basedir/|\$\{basedir\}/)[^"'\s]*\.[cm]?js)(?=["'\s]|$)""",
    re.MULTILINE)


# npm writes "name" and "version" first: read them from the head of the file when it opens so.
_HEAD = 4096
_LEADING = re.compile(
    rb'\A\s*\{\s*"name"\s*:\s*"([a-z]+)"\s*,\s*"version"\s*:\s*"([0-9A-Za-z.+-]+)"\s*[,}]')


class Package(NamedTuple):
    name: str  # "openclaw" or "clawdbot"
    version: str
    manifest: Path


def installed_package(binary: str) -> Package | None:
    """The OpenClaw package ``binary`` runs, from the ``package.json`` next to its entry script;
    None when it cannot be told without running it."""
    try:
        start = Path(binary)
        resolved = start.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    for script in (resolved, *_wrapped_scripts(start, resolved)):
        found = _manifest_above(script)
        if found is not None:
            return found
    return None


def _wrapped_scripts(link: Path, resolved: Path) -> list[Path]:
    """The entry scripts a small launcher script names, last first (``exec node <entry>``)."""
    try:
        with resolved.open("rb") as f:
            head = f.read(MAX_WRAPPER + 1)
    except OSError:
        return []
    if len(head) > MAX_WRAPPER or not head.startswith(b"#!") or b"\0" in head:
        return []
    text = head.decode("utf-8", "replace")
    out: list[Path] = []
    for raw in reversed(_SCRIPT.findall(text)):
        for base in ("$basedir/", "${basedir}/"):
            if raw.startswith(base):
                raw = str(link.parent / raw[len(base):])
        out.append(Path(raw))
    return out


def _manifest_above(script: Path) -> Package | None:
    try:
        script = script.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if script.suffix not in (".js", ".mjs", ".cjs"):
        return None
    folder = script.parent
    for _ in range(_UP):
        found = _read_manifest(folder / "package.json")
        if found is not None:
            return found
        if folder.name == "node_modules" or folder.parent == folder:
            break
        folder = folder.parent
    return None


def _read_manifest(path: Path) -> Package | None:
    try:
        st = path.stat()
    except OSError:
        return None
    if not S_ISREG(st.st_mode) or st.st_size > MAX_MANIFEST:
        return None
    return _parse_manifest(path, st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=8)
def _parse_manifest(path: Path, mtime_ns: int, size: int) -> Package | None:
    """Parsed once per process and version of the file: OpenClaw's package.json is ~140 KB,
    and the TUI's first look asks twice (the environment, then the facts)."""
    try:
        with path.open("rb") as f:
            head = f.read(_HEAD)
            found = _LEADING.match(head)
            if found:  # keys opening the document are its own: no parse of the rest
                return _package(found.group(1).decode(), found.group(2).decode(), path)
            doc = json.loads(head + f.read())
    except (OSError, ValueError):
        return None
    if not isinstance(doc, dict):
        return None
    return _package(doc.get("name"), doc.get("version"), path)


def _package(name: object, version: object, path: Path) -> Package | None:
    if name not in PACKAGES or not isinstance(version, str) or not version.strip():
        return None
    return Package(str(name), version.strip(), path)
