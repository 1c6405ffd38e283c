"""A counting stand-in for an npm-installed ``openclaw`` (2026.9.6's answers).

Laid out as ``npm install -g`` does: ``<root>/lib/node_modules/openclaw/{package.json,
openclaw.mjs}`` and ``<root>/bin/openclaw`` linking to the entry script, so that authwizard can
read the version without running it. Every run is logged (argv, start and end times) in
``calls.jsonl``; ``models auth paste-*`` keeps the profile in a state file (its "SQLite"),
rewrites ``auth.profiles`` in the config and reports the profile, as 9.6 does; ``models status
--json`` answers from the state file.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCRIPT = r'''#!{python}
import json, os, pathlib, sys, time
here = pathlib.Path({root!r})
start = time.time()
args = sys.argv[1:]
opts = json.loads((here / "options.json").read_text())
state = here / "sqlite.json"
profiles = json.loads(state.read_text()) if state.exists() else opts["stored"]

def done(code, **extra):
    with (here / "calls.jsonl").open("a") as f:
        f.write(json.dumps({{"argv": args, "start": start, "end": time.time(),
                            "nice": os.nice(0), **extra}}) + "\n")
    sys.exit(code)

if args == ["--version"]:
    print("OpenClaw {version} (eb377ac)")
    done(0)
if opts["fenced"]:
    print("Auth profile store requires legacy credential migration; run openclaw doctor "
          "--fix. code=AUTH_PROFILE_MIGRATION_REQUIRED", file=sys.stderr)
    print(json.dumps({{"ok": False, "error": {{"type": "cli_error", "message": "migration"}}}}))
    done(1)
if args[:2] == ["models", "auth"]:
    secret = sys.stdin.read()
    pid = args[args.index("--profile-id") + 1]
    provider = args[args.index("--provider") + 1]
    kind = "token" if "paste-token" in args else "api_key"
    profiles = [p for p in profiles if p["profileId"] != pid]
    profiles.append({{"profileId": pid, "provider": provider, "type": kind,
                      "status": "static", "source": "store", "label": pid}})
    state.write_text(json.dumps(profiles))
    if opts["rewrites_config"]:
        config = pathlib.Path(os.environ["OPENCLAW_CONFIG_PATH"])
        doc = json.loads(config.read_text()) if config.exists() else {{}}
        listed = doc.setdefault("auth", {{}}).setdefault("profiles", {{}})
        listed[pid] = {{"provider": provider, "mode": kind}}
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(json.dumps(doc, indent=2))
    print("Updated config: ~/.openclaw/openclaw.json")
    print(f"Auth profile: {{pid}} ({{provider}}/{{opts['reports_type'] or kind}})")
    done(0, stdin_chars=len(secret))
if args[:3] == ["models", "status", "--json"]:
    gate = opts["gate"]
    while gate and not pathlib.Path(gate).exists():
        time.sleep(0.01)
    time.sleep(opts["status_seconds"])
    by_provider = {{}}
    for p in profiles:
        by_provider.setdefault(p["provider"], []).append(p)
    print(json.dumps({{"configPath": os.environ.get("OPENCLAW_CONFIG_PATH"), "auth": {{
        "storePath": "state/openclaw.sqlite", "oauth": {{"profiles": profiles, "providers": [
            {{"provider": name, "status": "static", "profiles": ps, "effectiveProfiles": ps}}
            for name, ps in by_provider.items()]}}}}}}))
    done(0)
done(2)
'''


@dataclass
class StandIn:
    root: Path
    version: str

    @property
    def bin_dir(self) -> Path:
        return self.root / "bin"

    @property
    def package_dir(self) -> Path:
        return self.root / "lib" / "node_modules" / "openclaw"

    def calls(self) -> list[dict[str, Any]]:
        log = self.root / "calls.jsonl"
        if not log.exists():
            return []
        return [json.loads(line) for line in log.read_text().splitlines()]

    def commands(self) -> list[str]:
        """Each run as its subcommand words (``--agent`` and option values left out)."""
        out = []
        for call in self.calls():
            args = call["argv"]
            words = [a for i, a in enumerate(args)
                     if not a.startswith("-") and (i == 0 or not args[i - 1].startswith("--"))]
            out.append(" ".join(words[:3]) or " ".join(args))
        return out

    def configure(self, **options: Any) -> None:
        path = self.root / "options.json"
        current = json.loads(path.read_text())
        current.update(options)
        path.write_text(json.dumps(current))


def install_standin(
    root: Path,
    version: str = "2026.9.6",
    *,
    manifest: bool = True,
    fenced: bool = False,
    rewrites_config: bool = True,
    reports_type: str | None = None,
    stored: list[dict[str, Any]] | None = None,
    gate: Path | None = None,
    status_seconds: float = 0.0,
) -> StandIn:
    """``manifest``: with the package's ``package.json`` (False: only ``--version`` tells).
    ``stored``: profiles its store already holds. ``gate``: ``models status`` answers only once
    this file exists. ``reports_type``: the type the paste reports (a contradiction)."""
    standin = StandIn(root, version)
    pkg = standin.package_dir
    pkg.mkdir(parents=True)
    entry = pkg / "openclaw.mjs"
    entry.write_text(SCRIPT.format(python=sys.executable, root=str(root), version=version))
    entry.chmod(0o755)
    if manifest:
        (pkg / "package.json").write_text(json.dumps({
            "name": "openclaw", "version": version, "bin": {"openclaw": "openclaw.mjs"}}))
    standin.bin_dir.mkdir()
    (standin.bin_dir / "openclaw").symlink_to(Path("..") / "lib" / "node_modules" / "openclaw"
                                              / "openclaw.mjs")
    (root / "options.json").write_text(json.dumps({
        "fenced": fenced, "rewrites_config": rewrites_config, "reports_type": reports_type,
        "stored": stored or [], "gate": str(gate) if gate else None,
        "status_seconds": status_seconds,
    }))
    return standin
