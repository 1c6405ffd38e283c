"""authwizard side by side with the real OpenClaw it writes through (a SQLite-era release).

    python bench/run.py --only openclaw [--runs N]

The release comes from the compatibility cache (``.ci/install-openclaw.sh``, see
tests/compat/openclaw_cli.py); without it the benchmark is skipped with a message. Each pair
runs alternately on identical fresh state (a fresh HOME, or a copy of one made once by
OpenClaw itself), each command in a loopback-only namespace when the machine allows one, and
the medians are compared:

- ``authwizard --replay`` (a setup token, ``"validate": false``), first install and rotation,
  against ``printf … | openclaw models auth paste-token`` alone;
- ``authwizard status`` against ``openclaw models status --json``;
- the TUI's Welcome showing OpenClaw's own view of the profiles against that same
  ``models status`` (from the process start, as a user waits), and its first frame against a
  minimal Textual app (the TUI budget of ``bench/run.py``) started the same way: with the same
  question to OpenClaw in flight, whose Node start-up competes for the cores in both.
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from bench.run import MINIMAL_APP, ROOT, TUI_CHILD, Result, alternate, reported
from tests.compat import openclaw_cli as oc

TOKEN = "sk-ant-oat01-" + "Q7w8E9r0" * 10 + "T1y2U3i4o5P6a7S8"
PROFILE = "anthropic:default"
PY = sys.executable
AUTHWIZARD = str(Path(PY).with_name("authwizard"))
PASTE = ('printf "%s\\n" "$SETUP_TOKEN" | openclaw models auth paste-token '
         f"--provider anthropic --profile-id {PROFILE}")

REPLAY_BUDGET = 1.3
STATUS_BUDGET = 1.1
WELCOME_BUDGET = 1.2  # OpenClaw's view on screen against `models status` alone
TUI_BUDGET = 1.3  # the first frame, as bench/run.py's TUI budget

# The question to OpenClaw as `authwizard` asks it, before Textual is imported.
ASKED = """from wizard.cli import ask_openclaw_first
from wizard.options import Options
early = ask_openclaw_first(Options())
"""
AS_STARTED = ASKED + "from wizard.tui.app import WizardApp"

# The Welcome as a user sees it: the facts (first frame), then OpenClaw's view. Prints the
# wall-clock times of both, so that the parent measures from the process start.
WELCOME_CHILD = """
import asyncio, sys, time
sys.path.insert(0, {root!r})
""" + AS_STARTED + """
async def main():
    app = WizardApp(cursor_blink=False, early=early)
    async with app.run_test(size=(80, 24)) as pilot:
        while app.gathered is None:
            await pilot.pause(0.002)
        await pilot.pause(0)
        first = time.time()
        asked = app.gathered.facts.asking
        while app.gathered.facts.asking:
            await pilot.pause(0.002)
        await pilot.pause(0)
        shown = time.time()
        lines = [line.text for line in app.gathered.facts.profiles]
    assert asked, "the Welcome did not ask OpenClaw"
    assert any({profile!r} in line for line in lines), lines
    print(first, shown)
asyncio.run(main())
"""


def sqlite_release() -> oc.Release | None:
    """The newest SQLite-era release installed in the compatibility cache."""
    if not oc.is_installed(None):
        return None
    found = [r for r in oc.RELEASES if r.has_sqlite_store and oc.is_installed(r)]
    return found[-1] if found else None


def skip_reason() -> str | None:
    if sqlite_release() is None:
        return (f"skipped: no SQLite-era OpenClaw (2026.6.5+) and Node {oc.NODE_VERSION} in "
                f"{oc.cache_dir()}; run .ci/install-openclaw.sh to measure against it")
    return None


class Lab:
    """One sandbox: the release's ``openclaw`` first on PATH, then authwizard's venv."""

    def __init__(self, rel: oc.Release, root: Path) -> None:
        self.rel = rel
        self.root = root
        self.sandbox = oc.Sandbox(root / "sb").create()
        oc.write_wrapper(self.sandbox.bin_dir, rel)
        self.env = oc.isolated_env(self.sandbox, warm_from=rel, extra={
            "PATH": f"{self.sandbox.bin_dir}:{Path(PY).parent}:/usr/bin:/bin",
            "SETUP_TOKEN": TOKEN,
            "TEXTUAL_ANIMATIONS": "none",
        })
        self.answers = root / "answers.json"
        self.answers.write_text(json.dumps({
            "version": 1, "provider": "anthropic", "method": "setup-token",
            "secret": {"env": "SETUP_TOKEN"}, "validate": False,
        }))
        self.installed = root / "installed-home"

    def run(self, argv: list[str], stdin: str | None = None) -> oc.Result:
        result = oc.run(argv, env=self.env, stdin=stdin, cwd=self.sandbox.home, timeout=300,
                        log_root=self.sandbox.log_root)
        if result.returncode != 0 or result.timed_out:
            tail = (result.stderr or result.stdout)[-1500:].replace(TOKEN, "<token>")
            raise SystemExit(f"{' '.join(argv)[:120]} exited {result.returncode}: {tail}")
        return result

    def timed(self, argv: list[str], prepare: Callable[[], None]) -> Callable[[], float]:
        def measure() -> float:
            prepare()
            return self.run(argv).seconds
        return measure

    # ------------------------------------------------------------ states

    def fresh(self) -> None:
        """No OpenClaw state at all (the caches of package code stay, as installed)."""
        shutil.rmtree(self.sandbox.home, ignore_errors=True)
        self.sandbox.create()

    def with_profile(self) -> None:
        """The state OpenClaw's own paste left (made once, then copied for every run)."""
        if not self.installed.exists():
            self.fresh()
            self.run(["sh", "-c", PASTE])
            shutil.copytree(self.sandbox.home, self.installed, symlinks=True)
        shutil.rmtree(self.sandbox.home, ignore_errors=True)
        shutil.copytree(self.installed, self.sandbox.home, symlinks=True)


@contextmanager
def lab() -> Iterator[Lab]:
    rel = sqlite_release()
    assert rel is not None
    with tempfile.TemporaryDirectory(prefix="authwizard-bench-") as tmp:
        yield Lab(rel, Path(tmp))


def bench_openclaw(runs: int) -> tuple[list[Result], list[str]]:
    """The results, and lines for the closing note (the release, the load average)."""
    with lab() as the:
        paste = ["sh", "-c", PASTE]
        status = ["openclaw", "models", "status", "--json"]
        results = [
            Result("--replay install vs paste-token alone", *alternate(
                runs, the.timed([AUTHWIZARD, "--replay", str(the.answers)], the.fresh),
                the.timed(paste, the.fresh)), REPLAY_BUDGET),
            Result("--replay rotation vs paste-token alone", *alternate(
                runs, the.timed([AUTHWIZARD, "--replay", str(the.answers)], the.with_profile),
                the.timed(paste, the.with_profile)), REPLAY_BUDGET),
            Result("status vs models status --json", *alternate(
                runs, the.timed([AUTHWIZARD, "status"], the.with_profile),
                the.timed(status, the.with_profile)), STATUS_BUDGET),
        ]
        first: list[float] = []

        def welcome() -> float:
            the.with_profile()
            child = WELCOME_CHILD.format(root=str(ROOT), profile=PROFILE)
            start = time.time()
            out = the.run([PY, "-c", child]).stdout.split()
            first.append(float(out[0]) - start)
            return float(out[1]) - start

        results.append(Result("TUI Welcome with OpenClaw's view vs models status", *alternate(
            runs, welcome, the.timed(status, the.with_profile)), WELCOME_BUDGET))
        frame, frame_note = tui_first_frame(the, max(runs, 15))  # a frame: milliseconds
        results.append(frame)
        note = [f"OpenClaw {the.rel.version} ({the.rel.generation}) from {oc.cache_dir()}, "
                f"commands isolated: {oc.isolation_mode()}",
                f"Welcome first frame from the process start: "
                f"{statistics.median(first) * 1000:.0f} ms (median)", frame_note]
    return results, note


def tui_first_frame(the: Lab, runs: int) -> tuple[Result, str]:
    """bench/run.py's TUI measure, on this OpenClaw state with the release on PATH. authwizard
    asks OpenClaw before it imports Textual, so Node starts up while the first frame is drawn;
    the minimal app runs with that same question in flight, so that both share the two cores
    with the same Node start-up. Also said: the minimal app alone, to show what Node costs."""
    # The question is not waited for: stopped, as quitting does.
    stop = "import atexit\nfrom wizard import children\natexit.register(children.stop_all)\n"
    ours = TUI_CHILD.format(
        root=str(ROOT), imports=stop + AS_STARTED,
        factory="WizardApp(cursor_blink=False, early=early)",
        wait="while app.gathered is None:  # the Welcome's facts\n"
        "            await pilot.pause(0.002)", settle="0")
    minimal = TUI_CHILD.format(root=str(ROOT), imports=stop + ASKED + MINIMAL_APP,
                               factory="Minimal()", wait="pass  # the Input", settle="0")
    alone = TUI_CHILD.format(root=str(ROOT), imports=MINIMAL_APP, factory="Minimal()",
                             wait="pass  # the Input", settle="0")
    env: Mapping[str, str] = the.env
    the.with_profile()
    quiet: list[float] = []

    def floor() -> float:
        quiet.append(reported([PY, "-c", alone], dict(env)))
        return reported([PY, "-c", minimal], dict(env))

    m, f = alternate(runs, lambda: reported([PY, "-c", ours], dict(env)), floor)
    alone_ms = statistics.median(quiet[1:]) * 1000
    note = (f"TUI first frame, OpenClaw installed: {m * 1000:.1f} ms; the minimal app "
            f"{f * 1000:.1f} ms with the same question to OpenClaw in flight, {alone_ms:.1f} ms "
            f"with nothing else running (ratio {m * 1000 / alone_ms:.2f})")
    return Result("TUI first frame, OpenClaw installed", m, f, TUI_BUDGET), note
