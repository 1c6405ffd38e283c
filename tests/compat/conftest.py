"""Compat runs: one line per release and one column per scenario, printed at the end.

Every test in ``test_openclaw_releases.py`` carries ``@pytest.mark.compat_scenario(label,
order)`` and a ``rel`` parameter (a :class:`~tests.compat.openclaw_cli.Release`); the hooks
below record its outcome (plus any ``record_property("compat_detail", …)``) and
``pytest_terminal_summary`` prints the table, so ``pytest -m compat -q`` output can be pasted
as it is.
"""

from __future__ import annotations

import time
from collections.abc import Generator
from dataclasses import dataclass, field

import pytest

from tests.compat.openclaw_cli import RELEASES, Release, isolation_mode, missing

SCENARIO_MARK = "compat_scenario"
DETAIL = "compat_detail"
CELL = "compat_cell"  # (release, column label, column order, sub-case id) on each report


@dataclass
class _Cell:
    passed: int = 0
    failed: list[str] = field(default_factory=list)  # sub-case ids (or "") that failed
    skipped: list[str] = field(default_factory=list)  # skip reasons
    details: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def text(self) -> str:
        total = self.passed + len(self.failed)
        if self.failed:
            return f"FAIL {len(self.failed)}/{total}" if total > 1 else "FAIL"
        if not self.passed:
            return "skip" if self.skipped else "-"
        head = f"ok {self.passed}/{total}" if total > 1 else "ok"
        details = " ".join(dict.fromkeys(d for d in self.details if d))
        return f"{head} {details}".strip()


@dataclass
class _Table:
    cells: dict[tuple[str, str], _Cell] = field(default_factory=dict)
    columns: dict[str, int] = field(default_factory=dict)  # label → order
    started: float = field(default_factory=time.monotonic)
    test_seconds: float = 0.0


_TABLE = _Table()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{SCENARIO_MARK}(label, order): the column of the compat summary table this test fills",
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Tag the report with its table cell (reports travel to the controller under xdist)."""
    report = yield
    mark = item.get_closest_marker(SCENARIO_MARK)
    callspec = getattr(item, "callspec", None)
    rel = callspec.params.get("rel") if callspec is not None else None
    if mark is not None and isinstance(rel, Release):
        case = callspec.id if callspec is not None else ""
        report.user_properties.append(
            (CELL, [rel.name, str(mark.args[0]), int(mark.args[1]), case]))
    return report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    tags = [v for k, v in report.user_properties if k == CELL]
    if not tags or not isinstance(tags[0], list):
        return
    release, label, order, case = (str(tags[0][0]), str(tags[0][1]), int(tags[0][2]),
                                   str(tags[0][3]))
    _TABLE.columns.setdefault(label, order)
    cell = _TABLE.cells.setdefault((release, label), _Cell())
    _TABLE.test_seconds += report.duration
    cell.seconds += report.duration
    if report.when == "call":
        if report.passed:
            cell.passed += 1
            cell.details += [str(v) for k, v in report.user_properties if k == DETAIL]
        elif report.failed:
            cell.failed.append(case)
    elif report.skipped:
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        cell.skipped.append(reason.removeprefix("Skipped: "))
    elif report.failed:  # setup or teardown error
        cell.failed.append(case)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, exitstatus: int, config: pytest.Config
) -> None:
    if not _TABLE.cells:
        return
    tr = terminalreporter
    columns = sorted(_TABLE.columns, key=lambda c: (_TABLE.columns[c], c))
    rows = [["release", "gen", *columns, "seconds"]]
    for rel in RELEASES:
        cells = [_TABLE.cells.get((rel.name, c)) for c in columns]
        if not any(cells):
            continue
        secs = sum(c.seconds for c in cells if c)
        rows.append([rel.name, rel.generation, *(c.text() if c else "·" for c in cells),
                     f"{secs:.0f}"])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    tr.write_sep("=", "OpenClaw compat: release × scenario")
    for n, row in enumerate(rows):
        tr.write_line("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            tr.write_line("  ".join("-" * w for w in widths))
    tr.write_line(
        "ok = passed (n/m: sub-cases); B / K = the release's own probe reached the loopback "
        "provider with Authorization: Bearer / x-api-key (G3/G4: `models status` only, their "
        "probes refuse loopback); · = not applicable to the release"
    )
    reasons = sorted({r for cell in _TABLE.cells.values() for r in cell.skipped})
    for reason in reasons:
        tr.write_line(f"skip: {reason}")
    absent = missing()
    if absent:
        tr.write_line(f"not installed: {', '.join(absent)} (run .ci/install-openclaw.sh)")
    tr.write_line(
        f"network isolation: {isolation_mode()}; compat tests {_TABLE.test_seconds:.0f} s, "
        f"wall {time.monotonic() - _TABLE.started:.0f} s"
    )
