"""Old secrets left in backups and import archives: found in real files, shredded for real."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

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


# The copies as OpenClaw's and authwizard's own names describe them (shell patterns).
COPY_PATTERNS = (("auth-profiles.json.bak", "backup"), ("auth-profiles.json.bak.*", "backup"),
                 ("auth-profiles.json.migrated-*", "import-archive"),
                 ("auth-profiles.json.sqlite-import.*.bak", "import-archive"))
NAMES = st.tuples(
    st.sampled_from(["auth-profiles.json.", "auth-profiles.json", ".auth-profiles.json.", "x."]),
    st.lists(st.sampled_from([".", "bak", ".bak", "migrated-", "sqlite-import.", "1", "tmp"]),
             max_size=4).map("".join),
).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(NAMES, max_size=8, unique=True))
@example(["auth-profiles.json.sqlite-import.bak", "auth-profiles.json.bak.",
          "auth-profiles.json.sqlite-import..bak", "auth-profiles.json.migrated-"])
def test_the_copies_found_are_the_files_the_patterns_name(names: list[str]) -> None:
    """Every backup and import archive in a folder is found, in the patterns' order and sorted
    within each, and no other file (temp files never)."""
    import fnmatch
    import tempfile

    names = [n for n in names if n not in (".", "..") and "/" not in n]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in names:
            (folder / name).write_text("{}")
        expected: dict[str, str] = {}
        for pattern, kind in COPY_PATTERNS:
            for name in sorted(n for n in names if fnmatch.fnmatchcase(n, pattern)
                               and not n.endswith(".tmp")):
                expected.setdefault(name, kind)
        got = [(p.name, kind) for p, kind in leftovers.candidates(folder)]
    assert got == list(expected.items())
