"""The installed OpenClaw's version read from its ``package.json`` (no Node start), through the
ways ``openclaw`` gets on PATH: an npm bin link, a shell wrapper that execs Node with the entry
script, a pnpm-style shim relative to its own folder."""

from __future__ import annotations

import json
from pathlib import Path

from wizard.openclaw.package import installed_package


def package(root: Path, name: str = "openclaw", version: str = "2026.9.6",
            entry: str = "openclaw.mjs") -> Path:
    pkg = root / "node_modules" / name
    script = pkg / entry
    script.parent.mkdir(parents=True)
    script.write_text("#!/usr/bin/env node\n")
    (pkg / "package.json").write_text(json.dumps({"name": name, "version": version}))
    return script


def wrapper(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)
    return path


def test_npm_bin_link(tmp_path: Path) -> None:
    script = package(tmp_path / "lib")
    link = tmp_path / "bin" / "openclaw"
    link.parent.mkdir()
    link.symlink_to(script)
    found = installed_package(str(link))
    assert found is not None and (found.name, found.version) == ("openclaw", "2026.9.6")


def test_shell_wrapper_that_execs_node(tmp_path: Path) -> None:
    script = package(tmp_path / "cache" / "openclaw@2026.7.35", version="2026.7.35")
    binary = wrapper(tmp_path / "bin" / "openclaw",
                     f"#!/bin/sh\nexec /opt/node/bin/node '{script}' \"$@\"\n")
    found = installed_package(str(binary))
    assert found is not None and found.version == "2026.7.35"


def test_shim_relative_to_its_folder(tmp_path: Path) -> None:
    package(tmp_path / "global" / "5", version="2026.8.1")
    binary = wrapper(tmp_path / "global" / "5" / "bin" / "openclaw",
                     '#!/bin/sh\nbasedir=$(dirname "$0")\n'
                     'exec node  "$basedir/../node_modules/openclaw/openclaw.mjs" "$@"\n')
    found = installed_package(str(binary))
    assert found is not None and found.version == "2026.8.1"


def test_clawdbot_entry_in_dist(tmp_path: Path) -> None:
    script = package(tmp_path, name="clawdbot", version="2026.1.24-3", entry="dist/entry.js")
    binary = wrapper(tmp_path / "bin" / "clawdbot", f'#!/bin/sh\nexec node {script} "$@"\n')
    found = installed_package(str(binary))
    assert found is not None and (found.name, found.version) == ("clawdbot", "2026.1.24-3")


def test_what_tells_nothing(tmp_path: Path) -> None:
    """Another package, a script naming no entry, a binary: the version is asked instead."""
    other = package(tmp_path / "other", name="left-pad")
    assert installed_package(str(wrapper(tmp_path / "a", f"#!/bin/sh\nexec node {other}\n"))) \
        is None
    assert installed_package(str(wrapper(tmp_path / "b", "#!/bin/sh\necho 2026.9.6\n"))) is None
    assert installed_package(str(wrapper(tmp_path / "c", "\x7fELF\0\0binary"))) is None
    assert installed_package(str(tmp_path / "missing")) is None
    big = package(tmp_path / "big")
    padded = "#!/bin/sh\n" + "#" * 20000 + f"\nexec node {big}\n"
    assert installed_package(str(wrapper(tmp_path / "d", padded))) is None


def test_an_upgrade_in_place_is_seen_by_the_next_look(tmp_path: Path) -> None:
    """The manifest is parsed once per version of the file: `npm i -g openclaw@next` while the
    wizard runs, then `r` (look again), shows the new release."""
    import os

    script = package(tmp_path / "lib")
    assert installed_package(str(script)).version == "2026.9.6"  # type: ignore[union-attr]
    manifest = script.parent / "package.json"
    stat = manifest.stat()
    manifest.write_text(json.dumps({"name": "openclaw", "version": "2026.9.7"}))  # same size
    os.utime(manifest, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert installed_package(str(script)).version == "2026.9.7"  # type: ignore[union-attr]


def test_a_manifest_in_another_key_order_is_read_whole(tmp_path: Path) -> None:
    script = package(tmp_path / "lib")
    (script.parent / "package.json").write_text(json.dumps(
        {"description": "x" * 5000, "version": "2026.7.35", "name": "openclaw"}, indent=2))
    found = installed_package(str(script))
    assert found is not None and found.version == "2026.7.35"
