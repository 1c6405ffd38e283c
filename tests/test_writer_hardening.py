"""Issue 16: the writer on hostile but real file states (read-only folders, a full disk, files
of another user, symlinks, 1777 folders, odd lock paths, crash leftovers). Real files, real
permissions; a second user through setpriv where the test runs as root."""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import json5
import pytest

from tests.test_writer import CONFIG_TEXT, NOW, ROOT, STORE_TEXT, TOKEN, Home, intent, mode, token
from wizard.core.plan import plan
from wizard.errors import FilesError
from wizard.openclaw.paths import resolve_paths
from wizard.openclaw.store import read_state
from wizard.openclaw.tempfiles import stale_temp_files
from wizard.openclaw.writer import apply_plan, backup_names

BIN = Path(sys.executable).with_name("authwizard")
USER = 1000  # the other user (root runs the tests here)
IS_ROOT = os.geteuid() == 0


def tree(root: Path) -> dict[str, tuple[bytes | str | None, int, int, int]]:
    """Every path under ``root``: bytes (or link target), mode, owner, group."""
    out: dict[str, tuple[bytes | str | None, int, int, int]] = {}
    for p in sorted(root.rglob("*")):
        st = os.lstat(p)
        if stat.S_ISLNK(st.st_mode):
            body: bytes | str | None = os.readlink(p)
        elif stat.S_ISDIR(st.st_mode):
            body = None
        else:
            body = p.read_bytes()
        out[str(p.relative_to(root))] = (body, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)
    return out


def answers(home: Path, **over: Any) -> Path:
    doc = {"version": 1, "provider": "anthropic", "method": "setup-token",
           "secret": {"env": "SETUP_TOKEN"}, "validate": False, **over}
    path = home.parent / "answers.json"
    path.write_text(json.dumps(doc))
    os.chmod(path, 0o644)
    return path


def replay(home: Path, answers_file: Path, *args: str, secret: str = TOKEN,
           as_user: bool = False, preexec: Callable[[], None] | None = None,
           ) -> subprocess.CompletedProcess[str]:
    argv = [str(BIN), "--replay", str(answers_file), *args]
    if as_user and IS_ROOT:
        argv = ["setpriv", f"--reuid={USER}", f"--regid={USER}", "--clear-groups", *argv]
    env = {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
           "SETUP_TOKEN": secret, "PYTHONDONTWRITEBYTECODE": "1", "AUTHWIZARD_GENERATION": "G1"}
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=60,
                          check=False, preexec_fn=preexec)
    assert secret not in proc.stdout + proc.stderr
    return proc


@pytest.fixture
def user_home() -> Iterator[Path]:
    """A HOME the other user owns, in a folder that user can reach."""
    if IS_ROOT and shutil.which("setpriv") is None:
        pytest.skip("needs setpriv to run as a second user")
    top = Path(tempfile.mkdtemp(prefix="authwizard-h16-"))
    os.chmod(top, 0o755)  # noqa: S103  the other user must reach its HOME
    home = top / "home"
    home.mkdir()
    if IS_ROOT:
        os.chown(home, USER, USER)
    try:
        yield home
    finally:
        for p in [top, *top.rglob("*")]:
            if p.is_dir() and not p.is_symlink():
                os.chmod(p, 0o755)  # noqa: S103
        shutil.rmtree(top)


def chown_tree(root: Path, uid: int = USER) -> None:
    for p in [root, *root.rglob("*")]:
        os.chown(p, uid, uid, follow_symlinks=False)


def tokens(store: Path) -> list[str]:
    profiles = json.loads(store.read_text())["profiles"]
    return [e["token"] for e in profiles.values() if "token" in e]


def with_backups(h: Home) -> None:
    for i, name in enumerate(backup_names(h.store)):
        name.write_text(STORE_TEXT.replace("anthropic:default", f"anthropic:b{i}"))
        os.chmod(name, 0o600)


def _full_disk() -> None:
    """Writes past 100 bytes fail (EFBIG), as they would on a full disk."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (100, 100))


# ---------------------------------------------------------------- 3: nothing changed


def test_read_only_config_folder_three_runs_keep_every_backup(user_home: Path) -> None:
    h = Home(user_home, config="{}\n")  # the rotation must list the id in the config
    with_backups(h)
    chown_tree(user_home)
    os.chmod(h.state, 0o500)  # the config folder is read-only; the store's stays writable
    before = tree(user_home)
    for _ in range(3):
        proc = replay(user_home, answers(user_home), as_user=True)
        assert proc.returncode == 5, proc.stderr
        assert "nothing was changed" in proc.stderr and f"cannot write in {h.state}" in proc.stderr
        assert tree(user_home) == before  # .bak … .bak.4 included, byte for byte


def test_full_disk_makes_no_backup_and_changes_nothing(tmp_path: Path) -> None:
    h = Home(tmp_path, config="{}\n")
    with_backups(h)
    before = tree(tmp_path)
    proc = replay(tmp_path, answers(tmp_path), preexec=_full_disk)
    assert proc.returncode == 5, proc.stderr
    assert "nothing was changed" in proc.stderr
    assert tree(tmp_path) == before


def test_failed_first_install_leaves_no_folders(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    proc = replay(home, answers(home), preexec=_full_disk)
    assert proc.returncode == 5, proc.stderr
    assert list(home.iterdir()) == []


def test_agents_all_over_a_shared_store_makes_one_backup(tmp_path: Path) -> None:
    h = Home(tmp_path, config=(
        '{ agents: { list: [{ id: "main" }, { id: "work", agentDir: "'
        f'{tmp_path}/.openclaw/agents/main/agent" }}, {{ id: "lab", agentDir: '
        f'"{tmp_path}/.openclaw/agents/main/agent" }}] }} }}\n'))
    proc = replay(tmp_path, answers(tmp_path, agents="all"))
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in h.agent_dir.iterdir()) == [
        "auth-profiles.json", "auth-profiles.json.bak"]
    assert h.agent_dir.joinpath("auth-profiles.json.bak").read_text() == STORE_TEXT
    assert tokens(h.store) == [TOKEN]


def test_failure_after_the_store_was_written_undoes_its_rotation(tmp_path: Path) -> None:
    h = Home(tmp_path)
    with_backups(h)
    loc, p = h.plan()
    before = tree(tmp_path)

    def fault(step: str) -> None:
        if step == "before-rename:openclaw.json":
            raise OSError(28, "No space left on device", str(h.config))

    with pytest.raises(FilesError):
        apply_plan(p, loc.files, fault=fault)
    assert tree(tmp_path) == before


# ---------------------------------------------------------------- 4: owners


@pytest.mark.skipif(not IS_ROOT, reason="only root can write another user's files")
def test_root_keeps_the_owner_of_the_files_and_backups(tmp_path: Path) -> None:
    h = Home(tmp_path)
    os.chown(h.store, USER, USER + 1)
    os.chown(h.config, USER, USER)
    for n in range(2):  # a first write (new id listed) and a rotation
        loc, p = h.plan(intent(token(n)))
        assert p.changes
        apply_plan(p, loc.files)
    for path in (h.store, h.store.with_name("auth-profiles.json.bak"),
                 h.store.with_name("auth-profiles.json.bak.1")):
        st = os.stat(path)
        assert (st.st_uid, st.st_gid, mode(path)) == (USER, USER + 1, 0o600), path
    for path in (h.config, h.state / "openclaw.json.bak"):
        assert (os.stat(path).st_uid, os.stat(path).st_gid) == (USER, USER), path


@pytest.mark.skipif(not IS_ROOT, reason="only root can create files for another user")
def test_root_gives_a_new_store_to_the_owner_of_its_folder(tmp_path: Path) -> None:
    h = Home(tmp_path, store=None)
    chown_tree(tmp_path)
    loc, p = h.plan()
    apply_plan(p, loc.files)
    for path in (h.store, h.agent_dir, h.agent_dir.parent):
        assert os.stat(path).st_uid == USER, path


# ---------------------------------------------------------------- 5: symlinks


def test_symlinked_store_and_config_are_written_through(tmp_path: Path) -> None:
    h = Home(tmp_path)
    dot = tmp_path / "dotfiles"
    dot.mkdir()
    for link, name in ((h.store, "auth-profiles.json"), (h.config, "openclaw.json")):
        shutil.move(link, dot / name)
        link.symlink_to(dot / name)
    loc, p = h.plan()
    apply_plan(p, loc.files)
    assert h.store.is_symlink() and h.config.is_symlink()
    assert json.loads((dot / "auth-profiles.json").read_text())["profiles"][p.profile_id][
        "token"] == TOKEN
    assert p.profile_id in json5.loads((dot / "openclaw.json").read_text())["auth"]["profiles"]
    assert (dot / "auth-profiles.json.bak").read_text() == STORE_TEXT
    assert (dot / "openclaw.json.bak").read_text() == CONFIG_TEXT
    assert not [x for x in tmp_path.rglob("*") if x.name.endswith((".tmp", ".lock"))]


def test_two_agents_sharing_a_store_through_a_symlink_stay_shared(tmp_path: Path) -> None:
    h = Home(tmp_path, config='{ agents: { list: [{ id: "main" }, { id: "work" }] } }\n')
    work = h.state / "agents" / "work" / "agent"
    work.mkdir(parents=True)
    (work / "auth-profiles.json").symlink_to(h.store)
    proc = replay(tmp_path, answers(tmp_path, agents=["work"]))
    assert proc.returncode == 0, proc.stderr
    assert (work / "auth-profiles.json").is_symlink()
    assert tokens(h.store) == [TOKEN]
    proc = replay(tmp_path, answers(tmp_path, agents="all"), secret=token(7))
    assert proc.returncode == 0, proc.stderr
    assert (work / "auth-profiles.json").is_symlink()
    assert tokens(h.store) == [token(7)]
    assert sorted(p.name for p in work.iterdir()) == ["auth-profiles.json"]


# ---------------------------------------------------------------- 6: folder modes


@pytest.mark.skipif(not IS_ROOT, reason="a 1777 folder root does not own is the case here")
def test_config_in_a_sticky_world_writable_folder_keeps_its_mode(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # noqa: S103
    paths = resolve_paths({}, tmp_path, config=str(shared / "openclaw.json"))
    loc = read_state(paths)
    apply_plan(plan(loc.snapshot, intent(), NOW), loc.files)
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o1777
    assert mode(shared / "openclaw.json") == 0o600


def test_an_agent_dir_in_a_project_folder_keeps_its_modes(tmp_path: Path) -> None:
    project = tmp_path / "project"
    agent_dir = project / "agent"
    agent_dir.mkdir(parents=True)
    os.chmod(project, 0o755)  # noqa: S103
    os.chmod(agent_dir, 0o755)  # noqa: S103
    h = Home(tmp_path, config='{ agents: { list: [{ id: "main", agentDir: "'
             f'{agent_dir}" }}] }} }}\n', store=None)
    os.chmod(h.state, 0o755)  # noqa: S103  OpenClaw's own state folder: tightened
    loc, p = h.plan()
    result = apply_plan(p, loc.files)
    assert (mode(project), mode(agent_dir)) == (0o755, 0o755)
    assert mode(agent_dir / "auth-profiles.json") == 0o600
    assert not any(str(project) in line for line in result.tightened), result.tightened


def test_a_user_writes_into_a_sticky_folder_it_does_not_own(user_home: Path) -> None:
    shared = user_home.parent / "sticky"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # noqa: S103  owned by root (or the test's user)
    proc = replay(user_home, answers(user_home), f"--config={shared}/openclaw.json",
                  as_user=True)
    assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o1777
    assert "tightened" not in proc.stderr
    assert "anthropic:default" in (shared / "openclaw.json").read_text()


# ---------------------------------------------------------------- 7, 19: odd lock paths

LOCK_SCRIPT = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from wizard.core.plan import Intent, plan
    from wizard.errors import FilesError
    from wizard.openclaw.paths import resolve_paths
    from wizard.openclaw.store import read_state
    from wizard.openclaw.writer import apply_plan

    loc = read_state(resolve_paths({{}}, Path({home!r})))
    p = plan(loc.snapshot, Intent("anthropic", "token", {token!r}, ("main",)), {now!r})
    try:
        apply_plan(p, loc.files, lock_wait_s=1.0)
    except FilesError as exc:
        print(exc)
        sys.exit(5)
    """
)


def _locked_run(h: Home) -> subprocess.CompletedProcess[str]:
    script = h.home / "lock.py"
    script.write_text(LOCK_SCRIPT.format(root=str(ROOT), home=str(h.home), token=TOKEN,
                                         now=NOW))
    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                              timeout=15, check=False)
    except subprocess.TimeoutExpired:
        pytest.fail("the writer did not give up on the lock path")
    assert time.monotonic() - started < 10
    return proc


def test_dangling_symlink_lock_is_refused_promptly(tmp_path: Path) -> None:
    h = Home(tmp_path)
    h.lock.symlink_to("/nonexistent")
    before = tree(tmp_path)
    proc = _locked_run(h)
    assert proc.returncode == 5, proc.stderr
    assert str(h.lock) in proc.stdout and "symbolic link" in proc.stdout
    assert f"rm '{h.lock}'" in proc.stdout and "rmdir" not in proc.stdout
    before.pop("lock.py", None)
    after = tree(tmp_path)
    after.pop("lock.py", None)
    assert after == before


@pytest.mark.parametrize("age", [0, 120], ids=["fresh", "old"])
def test_lock_path_that_is_a_file_is_named_not_taken_over(tmp_path: Path, age: int) -> None:
    h = Home(tmp_path)
    h.lock.write_text("")
    old = time.time() - age
    os.utime(h.lock, (old, old))
    stamp = os.stat(h.lock).st_mtime
    store_before = h.store.read_bytes()
    loc, p = h.plan()
    with pytest.raises(FilesError) as info:
        apply_plan(p, loc.files, lock_wait_s=0.5)
    text = str(info.value)
    assert str(h.lock) in text and "regular file" in text
    assert f"rm '{h.lock}'" in text and "rmdir" not in text
    assert os.stat(h.lock).st_mtime == stamp and h.lock.is_file()
    assert h.store.read_bytes() == store_before


# ---------------------------------------------------------------- 13: crash leftovers


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_temp_files_are_listed_and_removed_on_the_next_write(tmp_path: Path) -> None:
    h = Home(tmp_path)
    dead = _dead_pid()
    old = time.time() - 120
    stale = [
        h.agent_dir / f".auth-profiles.json.bak.{'a1' * 8}.tmp",  # backup copy, no pid
        h.state / f".openclaw.json.{dead}.{'b2' * 8}.tmp",  # its writer is gone
        h.agent_dir / f".auth-profiles.json.{os.getpid()}.{'c3' * 8}.tmp",  # ours, but old
    ]
    keep = [
        h.state / f".openclaw.json.{os.getpid()}.{'d4' * 8}.tmp",  # a live writer's
        h.state / "openclaw.json.12.0f3a.tmp",  # OpenClaw's own naming: not ours
        h.state / ".notes.txt",
    ]
    for path in stale + keep:
        path.write_text(TOKEN)
    for path in (stale[0], stale[2]):
        os.utime(path, (old, old))
    assert stale_temp_files(h.agent_dir) == sorted([stale[0], stale[2]])
    assert stale_temp_files(h.state) == [stale[1]]
    loc, p = h.plan()
    apply_plan(p, loc.files)
    assert [x for x in stale if x.exists()] == []
    assert [x for x in keep if not x.exists()] == []
    assert stale_temp_files(h.state) == stale_temp_files(h.agent_dir) == []


def test_killed_writer_leftovers_are_stale_for_the_doctor(tmp_path: Path) -> None:
    h = Home(tmp_path)
    script = tmp_path / "kill.py"
    script.write_text(textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT)!r})
        from pathlib import Path
        from wizard.core.plan import Intent, plan
        from wizard.openclaw.paths import resolve_paths
        from wizard.openclaw.store import read_state
        from wizard.openclaw.writer import apply_plan
        loc = read_state(resolve_paths({{}}, Path({str(tmp_path)!r})))
        p = plan(loc.snapshot, Intent("anthropic", "token", {TOKEN!r}, ("main",)), {NOW!r})
        def fault(step):
            if step == "after-backup:auth-profiles.json":
                os._exit(9)
        apply_plan(p, loc.files, fault=fault)
    """))
    proc = subprocess.run([sys.executable, str(script)], timeout=60, check=False)
    assert proc.returncode == 9
    left = [x for x in tmp_path.rglob(".*.tmp")]
    assert left, "the kill leaves the prepared temp files"
    found = stale_temp_files(h.state) + stale_temp_files(h.agent_dir)
    assert sorted(found) == sorted(left)
