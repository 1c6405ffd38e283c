"""No old secret left behind: after a rotation or a removal, ``doctor`` names the backups that
still hold a secret nothing uses, ``doctor --fix`` overwrites and deletes them, and a backup
whose secrets are all still in use stays. The installed command, as a subprocess."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tests.consistency import assert_consistent
from tests.test_remove_e2e import PID, holding
from tests.test_replay_e2e import TOKEN, TOKEN2, Run, answers, run, store

__all__ = ["run"]


def rotate(run: Callable[..., Run], home: Path) -> None:
    assert run(answers=answers(validate=False)).code == 0
    r = run("--json", answers=answers(validate=False), extra_env={"SETUP_TOKEN": TOKEN2})
    assert r.code == 0, r.err
    doc = r.json()
    assert [x["profiles"] for x in doc["leftovers"]] == [[PID]], doc
    assert "still hold a secret no profile uses" in run(
        answers=answers(validate=False), extra_env={"SETUP_TOKEN": TOKEN2}).err


def test_rotation_then_doctor_names_and_removes_the_old_copies(run: Callable[..., Run],
                                                              home: Path) -> None:
    rotate(run, home)
    sd = home / ".openclaw"
    bak = sd / "agents" / "main" / "agent" / "auth-profiles.json.bak"
    assert holding(home, TOKEN) == [str(bak.relative_to(home))]
    r = run("doctor", "--json")
    assert r.code == 0, r.out
    (f,) = [f for f in r.json()["findings"] if f["code"] == "stale-secret-copies"]
    assert f["path"] == str(bak) and f["auto"] is True and f["severity"] == "warning"
    assert str(bak) in run("doctor").out

    r = run("doctor", "--fix", "--dry-run", "--json")
    assert r.json()["would_shred"] == [str(bak)] and bak.exists()
    r = run("doctor", "--fix", "--json")
    assert r.code == 0, r.out
    assert r.json()["shredded"] == [str(bak)]
    assert holding(home, TOKEN) == []
    assert store(home)["profiles"][PID]["token"] == TOKEN2
    assert_consistent(sd, PID)
    codes = [f["code"] for f in run("doctor", "--json").json()["findings"]]
    assert "stale-secret-copies" not in codes


def test_a_backup_of_live_secrets_stays(run: Callable[..., Run], home: Path) -> None:
    assert run(answers=answers(validate=False)).code == 0
    # a second provider: the backup it leaves holds only the (still live) anthropic token
    r = run(answers=answers(provider="openai", method="api-key", secret={"env": "KEY"},
                            validate=False),
            extra_env={"KEY": "sk-proj-" + "M3n4O5p6" * 16})
    assert r.code == 0, r.err
    bak = home / ".openclaw" / "agents" / "main" / "agent" / "auth-profiles.json.bak"
    assert bak.exists()
    codes = [f["code"] for f in run("doctor", "--json").json()["findings"]]
    assert "stale-secret-copies" not in codes
    run("doctor", "--fix")
    assert bak.exists()


def test_remove_then_doctor_fix_leaves_no_copy(run: Callable[..., Run], home: Path) -> None:
    rotate(run, home)
    assert run("remove", PID, "--yes").code == 0
    assert holding(home, TOKEN2) != []
    r = run("doctor", "--fix", "--json")
    # the copies are gone; what is left is that nothing is set up any more (exit 1)
    assert [f["code"] for f in r.json()["left"]] == ["no-credential"], r.out
    assert r.code == 1
    assert holding(home, TOKEN) == [] and holding(home, TOKEN2) == []


def test_a_temp_file_left_by_a_crash_is_named_and_removed(run: Callable[..., Run],
                                                        home: Path) -> None:
    assert run(answers=answers(validate=False)).code == 0
    folder = home / ".openclaw" / "agents" / "main" / "agent"
    tmp = folder / ".auth-profiles.json.999999.0123456789abcdef.tmp"
    tmp.write_text('{"profiles": {}}')
    old = tmp.stat().st_mtime - 3600
    os.utime(tmp, (old, old))
    r = run("doctor", "--json")
    (f,) = [f for f in r.json()["findings"] if f["code"] == "stale-temp-file"]
    assert f["path"] == str(tmp)
    assert run("doctor", "--fix").code == 0
    assert not tmp.exists()
