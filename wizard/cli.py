"""``authwizard``: the command line. Front ends are imported lazily: ``--version``, ``status``,
``doctor`` and ``--replay`` never import Textual."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from wizard.spec.releases import GENERATIONS

if TYPE_CHECKING:
    import argparse

    from wizard.options import Options
    from wizard.views.facts import Early

EXIT_CODES = """exit codes:
  0    done (or nothing to do)
  1    doctor found problems it did not fix, or an unexpected error
  2    usage error or invalid answers file
  3    the provider rejected the credential
  4    the credential could not be verified (network, timeout, 429/5xx)
  5    the existing files are unreadable or invalid, or cannot be written
  130  cancelled
  On 2-5 and 130 nothing on disk has changed."""

EXAMPLES = """examples:
  authwizard                                  the interactive wizard
  authwizard --replay answers.json --json     the same, headless (answers format:
                                              authwizard --replay --schema)
  ANTHROPIC_SETUP_TOKEN=... authwizard --replay - <<< '{"version": 1,
      "provider": "anthropic", "method": "setup-token",
      "secret": {"env": "ANTHROPIC_SETUP_TOKEN"}}'
  authwizard status --json                    what OpenClaw will really use
  authwizard doctor --fix                     repair the broken states
  authwizard --dry-run --replay answers.json  show the redacted diff, write nothing"""


def _dist_versions(names: Sequence[str]) -> dict[str, str]:
    """Installed versions from ``*.dist-info`` folder names (no importlib.metadata: fast)."""
    wanted = {n.lower().replace("-", "_"): n for n in names}
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            listing = os.listdir(entry or ".")
        except OSError:
            continue
        for name in listing:
            if not name.endswith(".dist-info"):
                continue
            dist, _, version = name[: -len(".dist-info")].partition("-")
            key = dist.lower().replace("-", "_").replace(".", "_")
            if key in wanted and wanted[key] not in found:
                found[wanted[key]] = version
    return found


def version_text() -> str:
    from wizard import __version__

    libs = ("textual", "pydantic", "httpx", "keyring", "pyperclip")
    versions = _dist_versions(libs)
    parts = ", ".join(f"{n} {versions.get(n, 'not installed')}" for n in libs)
    py = ".".join(map(str, sys.version_info[:3]))
    return f"authwizard {__version__} (Python {py}; {parts})"


def build_parser() -> argparse.ArgumentParser:
    import argparse

    def common(p: argparse.ArgumentParser, suppress: bool) -> None:
        d: dict[str, Any] = {"default": argparse.SUPPRESS} if suppress else {}
        g = p.add_argument_group("common options")
        g.add_argument("--state-dir", metavar="DIR", help="OpenClaw state dir "
                       "(default: as OpenClaw resolves it, e.g. ~/.openclaw)", **d)
        g.add_argument("--config", metavar="PATH", help="openclaw.json to use", **d)
        g.add_argument("--agent", metavar="ID", action="append", dest="agents",
                       help="agent to write (repeatable), or 'all' (default: the default agent)",
                       **d)
        g.add_argument("--dry-run", action="store_true",
                       help="compute and show the redacted diff, write nothing", **d)
        g.add_argument("--no-validate", action="store_true",
                       help="do not check the credential with the provider", **d)
        g.add_argument("--probe", action="store_true",
                       help="with --replay: after the free check, send ONE test message "
                       "(max_tokens 1, the provider's cheapest model; costs a fraction of a "
                       "cent) to see credit, model access and rate limits", **d)
        g.add_argument("--json", action="store_true",
                       help="print exactly one JSON document on stdout", **d)
        g.add_argument("--generation", metavar="G", choices=list(GENERATIONS),
                       help="OpenClaw storage generation (default: $AUTHWIZARD_GENERATION, "
                       "else detected)", **d)
        g.add_argument("--openclaw", metavar="PATH",
                       help="the openclaw executable to use (default: from PATH)", **d)

    parser = argparse.ArgumentParser(
        prog="authwizard",
        description="Set up model-provider credentials for OpenClaw so that they work the "
        "first time: validated live, written to both files with one consistent profile.",
        epilog=EXAMPLES + "\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="store_true",
                        help="print the version of authwizard and its libraries")
    parser.add_argument("--replay", metavar="FILE", nargs="?", const="",
                        help="run the wizard headless from an answers file ('-' = stdin)")
    parser.add_argument("--schema", action="store_true",
                        help="with --replay: print the answers file's JSON Schema "
                        "(wizard/schema/answers-v1.json)")
    parser.add_argument("--import-legacy", action="store_true",
                        help="with --replay on OpenClaw 2026.6.5+: repair the legacy "
                        "auth-profiles.json and have OpenClaw import it first")
    common(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    st = sub.add_parser(
        "status", help="every profile per provider and agent, and what OpenClaw will use",
        description="Show every profile per provider and agent from both files, secrets "
        "redacted, with its consistency state and whether OpenClaw would use it.",
        epilog="example:\n  authwizard status --json | jq '.agents[0].providers'\n\n"
        "exit with --check: 0 all usable, 1 a credential missing or expired, 2 one expires "
        "within 30 days",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    st.add_argument("--check", action="store_true",
                    help="exit 0 when every credential OpenClaw uses is usable, 1 when one is "
                    "missing or expired, 2 when one expires within 30 days")
    common(st, suppress=True)
    dr = sub.add_parser(
        "doctor", help="find the broken states; --fix repairs the safe ones",
        description="Report every inconsistency between openclaw.json and auth-profiles.json "
        "that breaks or surprises OpenClaw. --fix applies the repairs that have one right "
        "answer, with backups, and explains the rest.",
        epilog="example:\n  authwizard doctor --fix\n\nexit: 0 clean, 1 problems left",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dr.add_argument("--fix", action="store_true", help="apply the safe repairs")
    common(dr, suppress=True)
    rm = sub.add_parser(
        "remove", help="remove a credential profile from openclaw.json and the agents' stores",
        description="Remove a profile from openclaw.json and from the chosen agents' stores, "
        "with its order, lastGood and usage entries and its keychain item; show the redacted "
        "diff first and say which agents are then left without a credential for the provider.",
        epilog="example:\n  authwizard remove anthropic:default --agent all --yes\n\n"
        "exit: 0 removed (or nothing to remove), 2 no --yes without a terminal, or an unknown "
        "agent, 130 not confirmed; nothing changed on 2 and 130",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rm.add_argument("profile", metavar="PROFILE", help="the profile id, e.g. anthropic:default")
    rm.add_argument("--yes", action="store_true",
                    help="do not ask (needed without a terminal)")
    common(rm, suppress=True)
    return parser


def options_from(ns: argparse.Namespace) -> Options:
    from wizard.options import Options

    return Options(
        state_dir=ns.state_dir,
        config=ns.config,
        agents=ns.agents,
        dry_run=ns.dry_run,
        no_validate=ns.no_validate,
        probe=ns.probe,
        json=ns.json,
        generation=ns.generation,
        openclaw=ns.openclaw,
        import_legacy=getattr(ns, "import_legacy", False),
    )


def _run_command(ns: argparse.Namespace, opts: Options) -> int:
    """A headless verb: its module builds the result, the renderer prints it."""
    from wizard.commands import render
    from wizard.commands.result import Result

    env = dict(os.environ)
    result: Result
    if ns.command == "status":
        from wizard.commands import status

        result = status.run(status.StatusOptions(opts, env, check=ns.check))
    elif ns.command == "doctor":
        from wizard.commands import doctor

        result = doctor.run(doctor.DoctorOptions(opts, env, fix=ns.fix))
    elif ns.command == "remove":
        from wizard.commands import remove

        confirm = _ask if sys.stdin.isatty() else None
        result = remove.run(remove.RemoveOptions(opts, env, ns.profile, yes=ns.yes,
                                                 confirm=confirm))
    else:
        from wizard.commands import replay

        result = replay.run(replay.ReplayOptions(opts, ns.replay, env,
                                                 progress=render.progress(sys.stderr)))
    return render.emit(result, json_output=opts.json, out=sys.stdout, err=sys.stderr)


def _ask(result: Any) -> bool:
    """Show what ``remove`` would change, then ask on the terminal (y/N)."""
    from wizard.commands import render
    from wizard.core.scrub import Scrubber

    scrub = Scrubber(result.secrets).text
    for line in render.remove_lines(result, preview=True):
        print(scrub(line), file=sys.stderr)
    result.shown_preview = True
    try:
        answer = input(f"Remove {result.profile}? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _usage_failure(args: Sequence[str], code: int) -> None:
    """--json promises exactly one JSON document on stdout, whatever the exit code."""
    from wizard.commands import render
    from wizard.commands.result import Failure, Result

    command = next((c for c in ("status", "doctor", "remove") if c in args),
                   "replay" if any(a.startswith("--replay") for a in args) else "authwizard")
    result = Result(command, code, Failure("invalid command line (see the message on stderr)",
                                          "authwizard --help", code))
    sys.stdout.write(render.dumps(render.envelope(result)))


def ask_openclaw_first(opts: Options) -> Early:
    """The wizard's question to OpenClaw 2026.6.5+ (Node: a second or two), started before
    Textual is imported, so that the answer comes while the Welcome is being built."""
    from wizard.views.facts import Early, ask_early

    return Early(ask_early(opts, dict(os.environ)))


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args == ["--version"]:
        print(version_text())
        return 0
    parser = build_parser()
    try:
        ns = parser.parse_args(args)
    except SystemExit as exc:
        code = int(exc.code or 0)
        if code and "--json" in args:
            _usage_failure(args, code)
        return code
    if ns.version:
        print(version_text())
        return 0
    opts = options_from(ns)
    from wizard import children

    children.start()  # programs may run (a wizard quit earlier in this process stops them)
    if ns.replay is not None or ns.command in ("status", "doctor", "remove"):
        # A short-lived process that makes many objects and few cycles: collecting during the
        # imports cost a cold --replay ~4 ms (DESIGN §7). mypy does the same.
        gc.set_threshold(200_000, 50, 50)
    if ns.schema:
        from wizard.answers import schema_json

        sys.stdout.write(schema_json())
        return 0
    if ns.command in ("status", "doctor", "remove") or ns.replay:
        code = _run_command(ns, opts)
        # The process ends now: the interpreter's last collections would walk every object
        # the imports made (~30 ms of a cold --replay, DESIGN §7) only to free them at exit.
        gc.freeze()
        return code
    if ns.replay == "":
        print("authwizard: --replay needs an answers file ('-' = stdin), or --schema",
              file=sys.stderr)
        return 2
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print(
            "authwizard: the interactive wizard needs a terminal.\n"
            "  fix: run it in a terminal, or use --replay FILE (see --help)",
            file=sys.stderr,
        )
        return 2
    early = ask_openclaw_first(opts)
    from wizard.tui.app import run_app

    return run_app(opts, early=early)


if __name__ == "__main__":
    raise SystemExit(main())
