"""Programs authwizard runs (``openclaw``, ``claude``): run like ``subprocess.run``, and stopped
when the wizard quits, except the ones that change something. Real processes."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from wizard import children

PY = sys.executable
ENV = {"PATH": "/usr/bin:/bin"}


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    children.start()
    yield
    children.start()


def test_run_is_subprocess_run_with_input_output_and_exit_code() -> None:
    script = "import sys; d = sys.stdin.read(); print(d.upper()); print('e', file=sys.stderr); " \
             "sys.exit(3)"
    done = children.run([PY, "-c", script], env=ENV, timeout=30, input="sk-in\n")
    assert (done.returncode, done.stdout, done.stderr) == (3, "SK-IN\n\n", "e\n")


def test_a_timeout_kills_the_program_and_raises_as_subprocess_does() -> None:
    start = time.monotonic()
    with pytest.raises(subprocess.TimeoutExpired):
        children.run([PY, "-c", "import time; time.sleep(30)"], env=ENV, timeout=0.5)
    assert time.monotonic() - start < 10


def _in_thread(**kwargs: object) -> tuple[threading.Thread, dict[str, object]]:
    result: dict[str, object] = {}

    def target() -> None:
        try:
            result["done"] = children.run([PY, "-c", "import time; time.sleep(30)"], env=ENV,
                                          timeout=60, **kwargs)  # type: ignore[arg-type]
        except BaseException as exc:  # reported to the test
            result["error"] = exc

    thread = threading.Thread(target=target)
    thread.start()
    return thread, result


def _wait_running(count: int) -> None:
    deadline = time.monotonic() + 10
    while len([p for p in children._live if p.poll() is None]) < count:
        assert time.monotonic() < deadline, "the program did not start"
        time.sleep(0.02)


def test_stop_all_stops_a_read_at_once_and_never_a_write() -> None:
    read, read_result = _in_thread(new_session=True)
    write, _ = _in_thread(input="sk-secret\n", stoppable=False)
    _wait_running(2)
    assert children.stop_all() == 1
    read.join(timeout=5)
    assert not read.is_alive()
    done = read_result["done"]
    assert isinstance(done, subprocess.CompletedProcess) and done.returncode == -9
    assert write.is_alive(), "a program that changes something must be left to finish"
    for proc in list(children._live):
        proc.kill()  # end the test's write by hand
    write.join(timeout=5)
    assert not write.is_alive()


def test_after_stop_all_a_new_read_is_stopped_until_start() -> None:
    children.stop_all()
    done = children.run([PY, "-c", "import time; time.sleep(30)"], env=ENV, timeout=60)
    assert done.returncode == -9
    children.start()
    assert children.run([PY, "-c", "pass"], env=ENV, timeout=30).returncode == 0
