"""The programs authwizard is running right now (``openclaw``, ``claude``), so that leaving the
wizard stops the ones that only answer questions instead of waiting out their timeouts.

A program that changes something (``openclaw models auth … paste-token``) is never stopped:
it is tracked as not stoppable, and the wizard does not quit while it runs.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:
    import subprocess

Proc = Union["subprocess.Popen[bytes]", "subprocess.Popen[str]"]

_lock = threading.Lock()
_live: dict[Proc, bool] = {}  # → stoppable
_stopping = False  # set by stop_all(): a look still under way starts nothing more


def start() -> None:
    """A new run of the wizard or of a command: programs may be started (again)."""
    global _stopping
    with _lock:
        _stopping = False


@contextlib.contextmanager
def tracked(proc: Proc, stoppable: bool = True) -> Iterator[None]:
    with _lock:
        _live[proc] = stoppable
        late = _stopping and stoppable
    if late:
        kill(proc)
    try:
        yield
    finally:
        with _lock:
            _live.pop(proc, None)


def stop_all() -> int:
    """Kill every stoppable program still running (its whole process group when it has its
    own session), and any started from now on until :func:`start`; returns how many."""
    global _stopping
    with _lock:
        _stopping = True
        procs = [p for p, stoppable in _live.items() if stoppable and p.poll() is None]
    for proc in procs:
        kill(proc)
    return len(procs)


def kill(proc: Proc) -> None:
    """SIGKILL the program, and its whole process group when it leads its own session."""
    import signal

    with contextlib.suppress(ProcessLookupError, PermissionError):
        if os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()


def run(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    timeout: float,
    input: str | None = None,  # noqa: A002 - as subprocess.run names it
    new_session: bool = False,
    stoppable: bool = True,
    nice: int = 0,
) -> subprocess.CompletedProcess[str]:
    """``subprocess.run(argv, capture_output=True, text=True, timeout=…)``, tracked. ``nice``:
    run it at a lower CPU priority (a question answered in the background)."""
    import subprocess

    proc = subprocess.Popen(
        list(argv), env=dict(env), text=True, encoding="utf-8", errors="replace",
        stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=new_session,
    )
    if nice:
        with contextlib.suppress(OSError):  # set before Node starts its threads: they inherit it
            os.setpriority(os.PRIO_PROCESS, proc.pid, nice)
    with tracked(proc, stoppable):
        try:
            out, err = proc.communicate(input, timeout=timeout)
        except subprocess.TimeoutExpired:
            kill(proc)
            proc.communicate()
            raise
        except BaseException:
            kill(proc)
            proc.wait()
            raise
    return subprocess.CompletedProcess(list(argv), proc.returncode, out, err)
