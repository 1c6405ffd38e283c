"""The writer on real files: modes, backups, lock, concurrent change, kills and rollback (§6)."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import json5
import pytest

from wizard.core.candidates import resolve
from wizard.core.plan import CONFIG, Intent, WritePlan, plan, store_target
from wizard.errors import ExitCode, FilesError
from wizard.openclaw.paths import resolve_paths
from wizard.openclaw.store import Located, read_state
from wizard.openclaw.writer import ConcurrentChange, apply_plan, backup_names

NOW = 1_800_000_000_000.0
TOKEN = "sk-ant-oat01-" + "A1b2C3d4" * 12
API_KEY = "sk-ant-api03-" + "Z9y8X7w6" * 12
ROOT = Path(__file__).resolve().parents[1]

CONFIG_TEXT = """\
// my config
{
  gateway: { port: 18789, auth: { mode: "token", token: "${GW_TOKEN}" } },
  agents: { list: [{ id: "main" }] },
  auth: {
    profiles: {
      "anthropic:default": { provider: "anthropic", mode: "api_key" },
    },
  },
  $include: "./extra.json5",
}
"""
STORE_TEXT = (
    json.dumps(
        {
            "version": 1,
            "profiles": {
                "anthropic:default": {"type": "api_key", "provider": "anthropic", "key": API_KEY}
            },
            "usageStats": {"anthropic:default": {"lastUsed": NOW - 10}},
        },
        indent=2,
    )
    + "\n"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def token(n: int) -> str:
    return "sk-ant-oat01-" + f"{n:08d}" * 12


def intent(secret: str = TOKEN) -> Intent:
    return Intent("anthropic", "token", secret, ("main",))


class Home:
    """A temporary HOME with OpenClaw's two files."""

    def __init__(self, root: Path, config: str | None = CONFIG_TEXT,
                 store: str | None = STORE_TEXT) -> None:
        self.home = root
        self.state = root / ".openclaw"
        self.config = self.state / "openclaw.json"
        self.agent_dir = self.state / "agents" / "main" / "agent"
        self.store = self.agent_dir / "auth-profiles.json"
        self.lock = self.agent_dir / "auth-profiles.json.lock"
        if config is not None:
            self.state.mkdir(parents=True, exist_ok=True)
            self.config.write_text(config)
            os.chmod(self.config, 0o600)
            os.chmod(self.state, 0o700)
        if store is not None:
            self.agent_dir.mkdir(parents=True, exist_ok=True)
            self.store.write_text(store)
            os.chmod(self.store, 0o600)
            for d in (self.state, self.state / "agents", self.state / "agents" / "main",
                      self.agent_dir):
                os.chmod(d, 0o700)

    def read(self) -> Located:
        return read_state(resolve_paths({}, self.home))

    def plan(self, i: Intent | None = None) -> tuple[Located, WritePlan]:
        loc = self.read()
        return loc, plan(loc.snapshot, i or intent(), NOW)

    def tree(self) -> dict[str, tuple[bytes | None, int]]:
        """Every file and folder under HOME with its bytes and mode."""
        out: dict[str, tuple[bytes | None, int]] = {}
        for p in sorted(self.home.rglob("*")):
            out[str(p.relative_to(self.home))] = (
                None if p.is_dir() else p.read_bytes(), mode(p)
            )
        return out


# ---------------------------------------------------------------- atomic write, modes


def test_write_result_is_0600_and_loose_modes_tightened(tmp_path: Path) -> None:
    h = Home(tmp_path)
    os.chmod(h.config, 0o644)
    os.chmod(h.store, 0o664)
    os.chmod(h.state, 0o755)  # noqa: S103
    os.chmod(h.agent_dir, 0o775)  # noqa: S103
    loc, p = h.plan()
    result = apply_plan(p, loc.files)
    assert set(result.written) == {h.config, h.store}
    assert mode(h.config) == 0o600
    assert mode(h.store) == 0o600
    assert mode(h.state) == 0o700
    assert mode(h.agent_dir) == 0o700
    report = "\n".join(result.tightened)
    for path, old in ((h.state, "0755"), (h.agent_dir, "0775"), (h.config, "0644"),
                      (h.store, "0664")):
        assert f"{path}: {old}" in report, report
    # the contents are exactly the planned ones
    texts = {c.target: c.new_text for c in p.changes}
    assert h.config.read_text() == texts[CONFIG]
    assert h.store.read_text() == texts[store_target("main")]


def test_tight_modes_not_reported(tmp_path: Path) -> None:
    h = Home(tmp_path)
    loc, p = h.plan()
    result = apply_plan(p, loc.files)
    assert result.tightened == []
    assert mode(h.config) == mode(h.store) == 0o600


def test_fresh_home_dirs_0700_files_0600(tmp_path: Path) -> None:
    h = Home(tmp_path, config=None, store=None)
    loc, p = h.plan()
    old_umask = os.umask(0o022)  # the usual umask: new folders would be 0755
    try:
        apply_plan(p, loc.files)
    finally:
        os.umask(old_umask)
    assert json5.loads(h.config.read_text())["auth"]["profiles"]["anthropic:default"] == {
        "provider": "anthropic", "mode": "token",
    }
    assert json.loads(h.store.read_text())["profiles"]["anthropic:default"]["token"] == TOKEN
    for d in (h.state, h.state / "agents", h.state / "agents" / "main", h.agent_dir):
        assert mode(d) == 0o700, d
    assert mode(h.config) == mode(h.store) == 0o600
    assert not list(h.state.glob("*.bak*"))  # nothing to back up
    assert not h.lock.exists()


def test_no_temp_files_left(tmp_path: Path) -> None:
    h = Home(tmp_path)
    loc, p = h.plan()
    apply_plan(p, loc.files)
    leftovers = [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


# ---------------------------------------------------------------- backups


def test_rotating_backups(tmp_path: Path) -> None:
    h = Home(tmp_path)
    versions = [h.store.read_bytes()]
    for n in range(6):
        loc, p = h.plan(intent(token(n)))
        apply_plan(p, loc.files)
        versions.append(h.store.read_bytes())
    names = backup_names(h.store)
    assert [n.name for n in names] == [
        "auth-profiles.json.bak", *(f"auth-profiles.json.bak.{i}" for i in range(1, 5))
    ]
    # .bak is the version before the last write, .bak.4 the oldest kept; v0 is dropped
    for i, name in enumerate(names):
        assert name.read_bytes() == versions[-2 - i], name
        assert mode(name) == 0o600
    assert versions[0] not in [n.read_bytes() for n in names]
    assert not h.store.with_name("auth-profiles.json.bak.5").exists()
    # the config changed only on the first write (a new id); rotations leave it alone
    config_baks = sorted(p.name for p in h.state.glob("openclaw.json.bak*"))
    assert config_baks == ["openclaw.json.bak"]
    assert h.state.joinpath("openclaw.json.bak").read_text() == CONFIG_TEXT
    assert mode(h.state / "openclaw.json.bak") == 0o600


def test_backup_is_0600_even_when_file_was_wider(tmp_path: Path) -> None:
    h = Home(tmp_path)
    os.chmod(h.config, 0o644)
    loc, p = h.plan()
    apply_plan(p, loc.files)
    assert mode(h.state / "openclaw.json.bak") == 0o600


def test_no_write_and_no_backup_without_changes(tmp_path: Path) -> None:
    h = Home(tmp_path)
    loc, p = h.plan()
    apply_plan(p, loc.files)
    before = h.tree()
    stat_before = {p: os.stat(p).st_ino for p in (h.config, h.store)}
    loc2, p2 = h.plan()
    assert p2.nothing_to_do
    result = apply_plan(p2, loc2.files)
    assert result.written == [] and result.backups == []
    assert h.tree() == before
    assert {p: os.stat(p).st_ino for p in (h.config, h.store)} == stat_before


# ---------------------------------------------------------------- lock


def test_live_lock_waited_on_then_files_error(tmp_path: Path) -> None:
    h = Home(tmp_path)
    loc, p = h.plan()
    h.lock.mkdir()
    before = h.tree()
    started = time.monotonic()
    with pytest.raises(FilesError) as info:
        apply_plan(p, loc.files, lock_wait_s=0.3)
    assert time.monotonic() - started >= 0.3
    assert info.value.exit_code == ExitCode.FILES
    assert "auth-profiles.json.lock" in str(info.value)
    assert h.tree() == before  # nothing written, no backup, the other holder's lock kept
    assert h.lock.is_dir()


def test_stale_lock_taken_over_and_removed(tmp_path: Path) -> None:
    h = Home(tmp_path)
    loc, p = h.plan()
    h.lock.mkdir()
    old = time.time() - 60
    os.utime(h.lock, (old, old))
    started = time.monotonic()
    apply_plan(p, loc.files, lock_wait_s=5)
    assert time.monotonic() - started < 2
    assert not h.lock.exists()
    assert json.loads(h.store.read_text())["profiles"][p.profile_id]["token"] == TOKEN


def test_lock_released_during_wait(tmp_path: Path) -> None:
    h = Home(tmp_path)
    loc, p = h.plan()
    h.lock.mkdir()

    def release() -> None:
        time.sleep(0.3)
        os.rmdir(h.lock)

    t = threading.Thread(target=release)
    started = time.monotonic()
    t.start()
    try:
        apply_plan(p, loc.files, lock_wait_s=5)
    finally:
        t.join()
    assert time.monotonic() - started >= 0.3
    assert json.loads(h.store.read_text())["profiles"][p.profile_id]["token"] == TOKEN
    assert not h.lock.exists()


# ---------------------------------------------------------------- concurrent change


def test_concurrent_config_change_then_replan(tmp_path: Path) -> None:
    h = Home(tmp_path)
    loc, p = h.plan()
    store_before = h.store.read_bytes()
    # another writer edits the config between our read and our write
    edited = CONFIG_TEXT.replace("port: 18789", "port: 19001")
    h.config.write_text(edited)
    with pytest.raises(ConcurrentChange) as info:
        apply_plan(p, loc.files)
    assert info.value.path == h.config
    assert h.config.read_text() == edited
    assert h.store.read_bytes() == store_before  # nothing of ours half-written
    # re-read, re-plan: succeeds and keeps the other writer's edit
    loc2, p2 = h.plan()
    apply_plan(p2, loc2.files)
    cfg = json5.loads(h.config.read_text())
    assert cfg["gateway"]["port"] == 19001
    assert cfg["auth"]["profiles"][p2.profile_id]["mode"] == "token"
    assert "// my config" in h.config.read_text()
    after = h.read().snapshot
    assert resolve(after, "main", "anthropic", NOW).usable[0] == p2.profile_id


def test_config_changed_while_store_was_written_rolls_back(tmp_path: Path) -> None:
    # the other writer strikes after our store is replaced, before the config is
    h = Home(tmp_path)
    os.chmod(h.store, 0o640)
    loc, p = h.plan()
    store_before = (h.store.read_bytes(), mode(h.store))
    edited = CONFIG_TEXT.replace("port: 18789", "port: 19002")

    def other_writer(step: str) -> None:
        if step == "between-files":
            h.config.write_text(edited)

    with pytest.raises(ConcurrentChange):
        apply_plan(p, loc.files, fault=other_writer)
    assert (h.store.read_bytes(), mode(h.store)) == store_before
    assert h.config.read_text() == edited
    assert not h.lock.exists()
    loc2, p2 = h.plan()
    apply_plan(p2, loc2.files)
    assert json5.loads(h.config.read_text())["gateway"]["port"] == 19002


def test_concurrent_store_change(tmp_path: Path) -> None:
    h = Home(tmp_path)
    loc, p = h.plan()
    data = json.loads(STORE_TEXT)
    data["lastGood"] = {"anthropic": "anthropic:default"}  # OpenClaw marked a success
    h.store.write_text(json.dumps(data, indent=2) + "\n")
    before = h.tree()
    with pytest.raises(ConcurrentChange):
        apply_plan(p, loc.files)
    assert h.tree() == before
    loc2, p2 = h.plan()
    apply_plan(p2, loc2.files)
    assert json.loads(h.store.read_text())["lastGood"] == {"anthropic": p2.profile_id}


# ---------------------------------------------------------------- killed mid-write

KILL_SCRIPT = textwrap.dedent(
    """
    import os, sys
    sys.path.insert(0, {root!r})
    from pathlib import Path
    from wizard.core.plan import Intent, plan
    from wizard.openclaw.paths import resolve_paths
    from wizard.openclaw.store import read_state
    from wizard.openclaw.writer import apply_plan

    target = sys.argv[1]
    def fault(step):
        if step == target:
            os._exit(9)
    loc = read_state(resolve_paths({{}}, Path({home!r})))
    p = plan(loc.snapshot, Intent("anthropic", "token", {token!r}, ("main",)), {now!r})
    apply_plan(p, loc.files, fault=fault)
    sys.exit(0)
    """
)

STEPS = [
    "after-backup:auth-profiles.json",
    "before-rename:auth-profiles.json",
    "between-files",
    "after-backup:openclaw.json",
    "before-rename:openclaw.json",
]


@pytest.mark.parametrize("step", STEPS)
def test_killed_at_each_step(tmp_path: Path, step: str) -> None:
    h = Home(tmp_path)
    _, p = h.plan()
    new = {c.target: c.new_text for c in p.changes}
    old_config, old_store = h.config.read_text(), h.store.read_text()
    script = tmp_path / "kill.py"
    script.write_text(KILL_SCRIPT.format(root=str(ROOT), home=str(tmp_path), token=TOKEN,
                                         now=NOW))
    proc = subprocess.run([sys.executable, str(script), step], capture_output=True,
                          timeout=60, check=False)
    assert proc.returncode == 9, proc.stderr.decode()

    config, store = h.config.read_text(), h.store.read_text()
    json5.loads(config)
    json.loads(store)
    assert config in (old_config, new[CONFIG])
    assert store in (old_store, new[store_target("main")])
    store_done = step in ("between-files", "after-backup:openclaw.json",
                          "before-rename:openclaw.json")
    assert store == (new[store_target("main")] if store_done else old_store)
    assert config == old_config  # the config is written last: never new before the store
    # temp files are never visible under the real names
    for d in (h.state, h.agent_dir):
        for child in d.iterdir():
            if child.name.endswith(".tmp"):
                assert child.name.startswith(".")
            else:
                assert child.name.split(".bak")[0] in (
                    "openclaw.json", "auth-profiles.json", "auth-profiles.json.lock",
                    "openclaw.json.lock", "agents", "kill.py",
                ), child
    # a killed writer may leave its lock behind; once stale, the next run completes
    for lock in (h.lock, h.state / "openclaw.json.lock"):
        if lock.exists():
            old = time.time() - 60
            os.utime(lock, (old, old))
    loc2, p2 = h.plan()
    apply_plan(p2, loc2.files)
    snap = h.read().snapshot
    assert resolve(snap, "main", "anthropic", NOW).usable[0] == p2.profile_id
    assert snap.stores["main"].profiles()[p2.profile_id]["token"] == TOKEN
    assert not h.lock.exists()
    assert not (h.state / "openclaw.json.lock").exists()


# ---------------------------------------------------------------- failure → rollback


@pytest.mark.parametrize("step", ["after-backup:openclaw.json", "before-rename:openclaw.json"])
def test_failure_on_config_rolls_back_store(tmp_path: Path, step: str) -> None:
    h = Home(tmp_path)
    os.chmod(h.store, 0o640)
    os.chmod(h.config, 0o644)
    loc, p = h.plan()
    old = {path: (path.read_bytes(), mode(path)) for path in (h.config, h.store)}

    def fault(s: str) -> None:
        if s == step:
            raise OSError(28, "No space left on device", str(h.config))

    with pytest.raises(FilesError) as info:
        apply_plan(p, loc.files, fault=fault)
    assert info.value.exit_code == ExitCode.FILES
    assert "No space left on device" in str(info.value)
    assert {path: (path.read_bytes(), mode(path)) for path in (h.config, h.store)} == old
    assert not [c for c in tmp_path.rglob("*") if c.name.endswith(".tmp")]
    assert not h.lock.exists()


def test_failure_rolls_back_a_store_that_did_not_exist(tmp_path: Path) -> None:
    h = Home(tmp_path, store=None)
    loc, p = h.plan()

    def fault(s: str) -> None:
        if s == "before-rename:openclaw.json":
            raise OSError(5, "Input/output error")

    with pytest.raises(FilesError):
        apply_plan(p, loc.files, fault=fault)
    assert not h.store.exists()
    assert h.config.read_text() == CONFIG_TEXT


# ---------------------------------------------------------------- unreadable files


def _expect_files_error(h: Home, *needles: str) -> FilesError:
    before = h.tree()
    with pytest.raises(FilesError) as info:
        h.read()
    assert info.value.exit_code == ExitCode.FILES
    assert int(info.value.exit_code) == 5
    for needle in needles:
        assert needle in str(info.value), str(info.value)
    assert h.tree() == before
    return info.value


def test_config_invalid_json5_reports_file_line_column(tmp_path: Path) -> None:
    h = Home(tmp_path, config='{\n  gateway: { port: 1 },\n  auth: { profiles: @ },\n}\n')
    err = _expect_files_error(h, f"{h.config}:3:21")
    assert "line 3, column 21" in str(err)


def test_config_truncated_reports_file_line_column(tmp_path: Path) -> None:
    h = Home(tmp_path, config='{\n  "gateway": {\n    "port": ')
    _expect_files_error(h, f"{h.config}:3:13")


def test_config_invalid_utf8_reports_file_line_column(tmp_path: Path) -> None:
    h = Home(tmp_path)
    h.config.write_bytes(b'{\n  gateway: {},\n  name: "caf\xe9",\n}\n')
    _expect_files_error(h, f"{h.config}:3:13", "UTF-8")


def test_config_is_a_directory(tmp_path: Path) -> None:
    h = Home(tmp_path, config=None)
    h.config.mkdir(parents=True)
    _expect_files_error(h, str(h.config), "directory")


def test_store_invalid_json_reports_file_line_column(tmp_path: Path) -> None:
    h = Home(tmp_path, store='{\n  "version": 1,\n  "profiles": {,}\n}\n')
    _expect_files_error(h, f"{h.store}:3:16")
