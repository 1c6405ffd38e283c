"""Old secrets left in backups and import archives: found in real files, shredded for real."""

from __future__ import annotations

import json
from pathlib import Path

from wizard.openclaw import leftovers

OLD = "sk-ant-oat01-" + "Old0ld0l" * 12
NEW = "sk-ant-oat01-" + "NewN3wNe" * 12
KEY = "sk-ant-api03-" + "KeepK33p" * 12


def store(**profiles: str) -> dict[str, object]:
    return {"version": 1, "profiles": {
        pid: {"type": "token", "provider": "anthropic", "token": secret}
        for pid, secret in profiles.items()
    }}


def write(path: Path, doc: object) -> Path:
    path.write_text(json.dumps(doc))
    return path


def test_backups_with_a_rotated_secret_are_found_and_live_ones_stay(tmp_path: Path) -> None:
    current = store(**{"anthropic:default": NEW, "anthropic:key": KEY})
    write(tmp_path / "auth-profiles.json", current)
    write(tmp_path / "auth-profiles.json.bak", store(**{"anthropic:default": OLD}))
    write(tmp_path / "auth-profiles.json.bak.1", store(**{"anthropic:key": KEY}))  # all live
    write(tmp_path / "auth-profiles.json.migrated-2026-11-01-abc", store(
        **{"anthropic:default": OLD, "anthropic:key": KEY}))
    write(tmp_path / "auth-profiles.json.sqlite-import.1767225600000.bak", store(x=OLD))
    write(tmp_path / ".auth-profiles.json.bak.123.tmp", store(x=OLD))  # a temp: not ours here
    found = leftovers.find([tmp_path], leftovers.live_secrets([current]))
    assert [(f.path.name, f.kind, f.stale, f.profile_ids) for f in found] == [
        ("auth-profiles.json.bak", "backup", 1, ("anthropic:default",)),
        ("auth-profiles.json.migrated-2026-11-01-abc", "import-archive", 1,
         ("anthropic:default",)),
        ("auth-profiles.json.sqlite-import.1767225600000.bak", "import-archive", 1, ("x",)),
    ]
    assert OLD not in repr(found)


def test_unreadable_or_foreign_files_are_not_leftovers(tmp_path: Path) -> None:
    (tmp_path / "auth-profiles.json.bak").write_text("{not json")
    (tmp_path / "auth-profiles.json.bak.1").symlink_to(tmp_path / "elsewhere")
    assert leftovers.find([tmp_path], set()) == []


def test_shred_overwrites_then_unlinks(tmp_path: Path) -> None:
    path = write(tmp_path / "auth-profiles.json.bak", store(x=OLD))
    link = tmp_path / "hard"
    link.hardlink_to(path)  # a second name shows what was left in the blocks
    leftovers.shred(path)
    assert not path.exists()
    assert set(link.read_bytes()) == {0}
