"""Benchmarks against floors measured in the same run (DESIGN §7).

    python bench/run.py [--runs N] [--only replay|version|tui|openclaw]

Each benchmark alternates the measured command with its floor, N times each (≥ 5), and
reports the median ratio against its budget. Exits 1 when a budget is missed. ``openclaw``
measures against the real OpenClaw release (bench/openclaw.py; skipped when not installed).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.provider_server import ProviderServer  # noqa: E402

TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
PY = sys.executable
AUTHWIZARD = str(Path(PY).with_name("authwizard"))


@dataclass(frozen=True)
class Result:
    name: str
    measured: float
    floor: float
    budget: float

    @property
    def ratio(self) -> float:
        return self.measured / self.floor

    @property
    def ok(self) -> bool:
        return self.ratio <= self.budget


def wall(argv: Sequence[str], env: dict[str, str], prepare: Callable[[], None] | None = None,
         expect: int = 0) -> float:
    if prepare:
        prepare()
    start = time.perf_counter()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != expect:
        raise SystemExit(f"{argv} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return elapsed


def reported(argv: Sequence[str], env: dict[str, str]) -> float:
    """A child that prints its own elapsed seconds as the last stdout line."""
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{argv} exited {proc.returncode}: {proc.stderr[-2000:]}")
    return float(proc.stdout.strip().splitlines()[-1])


def alternate(runs: int, measured: Callable[[], float], floor: Callable[[], float]
              ) -> tuple[float, float]:
    m, f = [], []
    measured()
    floor()  # warm the page cache for both before counting
    for _ in range(runs):
        f.append(floor())
        m.append(measured())
    return statistics.median(m), statistics.median(f)


def bench_replay(runs: int, base_env: dict[str, str]) -> tuple[Result, int]:
    with ProviderServer() as server, tempfile.TemporaryDirectory() as tmp:
        server.add_credential("anthropic", TOKEN)
        home = Path(tmp) / "home"
        answers = Path(tmp) / "answers.json"
        answers.write_text(json.dumps({
            "version": 1, "provider": "anthropic", "method": "setup-token",
            "secret": {"env": "SETUP_TOKEN"},
        }))
        env = {**base_env, "HOME": str(home), "SETUP_TOKEN": TOKEN, **server.env(),
               "AUTHWIZARD_GENERATION": "G1"}  # no OpenClaw here: name the JSON-era release

        def fresh() -> None:
            shutil.rmtree(home, ignore_errors=True)
            home.mkdir()

        m, f = alternate(
            runs,
            lambda: wall([AUTHWIZARD, "--replay", str(answers)], env, fresh),
            lambda: wall([PY, "-c", "import httpx, pydantic"], env),
        )
        server.reset()
        server.add_credential("anthropic", TOKEN)
        fresh()
        wall([AUTHWIZARD, "--replay", str(answers)], env)
        requests = len(server.requests)
    return Result("--replay (cold process, loopback validation)", m, f, 1.5), requests


def bench_version(runs: int, env: dict[str, str]) -> Result:
    m, f = alternate(
        runs,
        lambda: wall([AUTHWIZARD, "--version"], env),
        lambda: wall([PY, "-c", "pass"], env),
    )
    return Result("--version", m, f, 3.0)


# Ready = the screen's content exists ({wait}), then one pilot.pause({settle}). Both apps get the
# same procedure. pause(0): every pending event handled and the frame rendered; this is the
# budget's measure. pause(): the same, then idle for one of textual's 20 ms wait_for_idle
# windows; printed for reference only, as it rounds both apps to one or two windows.
TUI_CHILD = """
import asyncio, sys, time
sys.path.insert(0, {root!r})
{imports}
async def main():
    app = {factory}
    start = time.perf_counter()
    async with app.run_test(size=(80, 24)) as pilot:
        {wait}
        await pilot.pause({settle})
        elapsed = time.perf_counter() - start
    print(elapsed)
asyncio.run(main())
"""

MINIMAL_APP = """
from textual.app import App
from textual.widgets import Input
class Minimal(App[None]):
    def compose(self):
        yield Input(placeholder="token")
"""


def bench_tui(runs: int, base_env: dict[str, str], settle: str) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**base_env, "HOME": tmp, "TEXTUAL_ANIMATIONS": "none"}
        ours = TUI_CHILD.format(
            root=str(ROOT),
            imports="from wizard.tui.app import WizardApp",
            factory="WizardApp(cursor_blink=False)",
            wait="while app.gathered is None:  # the Welcome's facts\n"
            "            await pilot.pause(0.002)",
            settle=settle,
        )
        minimal = TUI_CHILD.format(
            root=str(ROOT), imports=MINIMAL_APP, factory="Minimal()", wait="pass  # the Input",
            settle=settle,
        )
        m, f = alternate(
            runs,
            lambda: reported([PY, "-c", ours], env),
            lambda: reported([PY, "-c", minimal], env),
        )
    if settle:
        return Result("TUI first screen ready under run_test()", m, f, 1.3)
    return Result("  (for reference: + one 20 ms idle window)", m, f, float("inf"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int)  # default 15; fewer: ±0.05 on the TUI ratio
    parser.add_argument("--only", choices=["replay", "version", "tui", "openclaw"])
    args = parser.parse_args()
    runs = max(5, args.runs or 15)
    # As `pip install .` does: bytecode for authwizard's own modules (an editable install has
    # none, and with PYTHONDONTWRITEBYTECODE every run would compile them from source).
    compileall.compile_dir(str(ROOT / "wizard"), quiet=1)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENCLAW", "CLAWDBOT"))}
    env["PATH"] = f"{Path(PY).parent}:/usr/bin:/bin"
    results: list[Result] = []
    extra: list[str] = []
    if args.only in (None, "replay"):
        r, requests = bench_replay(runs, env)
        results.append(r)
        extra.append(f"HTTP requests for one valid credential: {requests} (budget: exactly 1)")
        if requests != 1:
            results.append(Result("requests for a valid credential", requests, 1, 1.0))
    if args.only in (None, "version"):
        results.append(bench_version(runs, env))
    if args.only in (None, "tui"):
        results.append(bench_tui(runs, env, settle="0"))
        results.append(bench_tui(runs, env, settle=""))
    if args.only in (None, "openclaw"):
        from bench.openclaw import bench_openclaw, skip_reason

        skipped = skip_reason()
        if skipped:
            extra.append(f"OpenClaw side by side: {skipped}")
        else:
            found, note = bench_openclaw(max(5, args.runs or 7))  # seconds of Node per run
            results += found
            extra += note
    print(f"median of {runs} alternating runs each, floors measured in this run")
    for r in results:
        mark = "    " if r.budget == float("inf") else "ok  " if r.ok else "MISS"
        budget = "" if r.budget == float("inf") else f" (budget ≤ {r.budget})"
        print(f"{mark} {r.name:48s} {r.measured * 1000:8.1f} ms vs floor {r.floor * 1000:7.1f} ms"
              f"  ratio {r.ratio:4.2f}{budget}")
    for line in extra:
        print(line)
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
