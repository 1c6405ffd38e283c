"""Reads are bounded: a secret or an answers file that never ends (``/dev/zero``) or is huge
is refused with exit 2 after a bounded read, never read whole into memory (hardening item 14).
Each run is measured (its peak memory) and capped (1 GiB of address space) so that an unbounded
read fails the test instead of the machine."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import threading
from pathlib import Path
from typing import Any, NamedTuple

from tests.test_replay_e2e import TOKEN, authwizard

LIMIT = 1 << 30
PEAK_MB = 150  # the CLI itself needs ~60 MB


class Measured(NamedTuple):
    code: int
    doc: dict[str, Any]
    err: str
    peak_mb: float


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def run(home: Path, *args: str, stdin: Path | None = None) -> Measured:
    env = {"HOME": str(home), "AUTHWIZARD_GENERATION": "G1",
           "PATH": os.path.dirname(authwizard()) + ":/usr/bin:/bin",
           "LANG": "C.UTF-8", "SETUP_TOKEN": TOKEN}
    out, err = home / "out.txt", home / "err.txt"
    with (open(stdin or os.devnull, "rb") as fin, out.open("wb") as fout,
          err.open("wb") as ferr):
        proc = subprocess.Popen([authwizard(), *args, "--json"], env=env, stdin=fin,
                                stdout=fout, stderr=ferr, preexec_fn=_cap)
        timer = threading.Timer(60, proc.kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)  # its own peak memory, not its siblings'
        timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    text = out.read_text()
    return Measured(proc.returncode, json.loads(text) if text else {}, err.read_text(),
                    usage.ru_maxrss / 1024)


def answers(home: Path, **over: object) -> Path:
    path = home / "answers.json"
    path.write_text(json.dumps({"version": 1, "provider": "anthropic", "method": "setup-token",
                                "secret": {"env": "SETUP_TOKEN"}, "validate": False, **over}))
    return path


def assert_refused(r: Measured, said: str, home: Path) -> None:
    assert r.code == 2, r.err
    assert said in r.doc["error"]["message"] and "more than" in r.doc["error"]["message"]
    assert r.doc["error"]["fix"]
    assert r.peak_mb < PEAK_MB, f"peak memory {r.peak_mb:.0f} MB"
    assert not (home / ".openclaw").exists()


def test_replay_of_dev_zero(home: Path) -> None:
    assert_refused(run(home, "--replay", "/dev/zero"), "answers file /dev/zero", home)


def test_secret_file_dev_zero(home: Path) -> None:
    r = run(home, "--replay", str(answers(home, secret={"file": "/dev/zero"})))
    assert_refused(r, "secret.file: /dev/zero", home)


def test_100_mb_of_answers_on_stdin(home: Path) -> None:
    big = home / "big.json"
    with big.open("wb") as f:
        f.write(b'{"version": 1, "x": "')
        f.write(b"a" * (100 << 20))
        f.write(b'"}')
    assert_refused(run(home, "--replay", "-", stdin=big), "the answers on stdin", home)


def test_100_mb_secret_on_stdin(home: Path) -> None:
    big = home / "big.txt"
    big.write_bytes(b"a" * (100 << 20))
    r = run(home, "--replay", str(answers(home, secret={"stdin": True})), stdin=big)
    assert_refused(r, "secret.stdin", home)


def test_a_secret_file_with_a_trailing_comment_is_still_read(home: Path) -> None:
    secret = home / "token.txt"
    secret.write_text(TOKEN + "\n")
    r = run(home, "--replay", str(answers(home, secret={"file": str(secret)})), "--dry-run")
    assert r.code == 0, r.err
