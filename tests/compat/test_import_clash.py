"""A legacy auth-profiles.json whose ids OpenClaw's SQLite store already holds, on the real
SQLite-era releases (2026.7.35, 2026.9.6).

What their import does (``maybeMigrateAuthProfileJsonStoresToSqlite``): an id in the agent's
own SQLite store keeps OpenClaw's credential; an id the agent inherits from the main agent is
written into the agent's own store, in front of the inherited one; the legacy usage stats
(cooldowns) are copied onto an id that has none. ``authwizard doctor`` must say which, and
``--fix`` must not run an import that makes a working key worse. Slow (real Node): ``compat``.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.compat import openclaw_cli as oc
from tests.compat.test_openclaw_releases import (
    SQLITE_ERA,
    Json,
    Lab,
    _token,
    anthropic_entry_labels,
    declared_agents,
    lab,
    params,
    parse_json,
    rel,
    scenario,
)
from tests.consistency import capture

__all__ = ["lab", "rel"]  # the fixtures, imported for pytest
pytestmark = pytest.mark.compat

DEF, WORK = "anthropic:default", "anthropic:work"
DISABLED = {"errorCount": 3, "disabledUntil": 4_102_444_800_000, "disabledReason": "auth"}


def two_agents(lab: Lab) -> tuple[str, str]:
    """main holds anthropic:default, work its own anthropic:work, both written through
    authwizard (OpenClaw's own paste); the keys, returned, are the working ones."""
    lab.write_config({"agents": declared_agents(lab.rel), "models": lab.models_section()})
    main_key, work_key = lab.fake("token"), lab.fake("token")
    lab.replay(main_key, profile=DEF)
    lab.replay(work_key, agents=["work"], profile=WORK)
    return main_key, work_key


def label(lab: Lab, agent: str, pid: str) -> str:
    """OpenClaw's label of ``pid``: ``<id>=token:sk-ant-o...<last 8> [<cooldown>]``. (9.6
    answers beside a legacy store when the agent's SQLite store is populated, warning that the
    file "is ignored by runtime" under the fence's code: not a refusal.)"""
    result = lab.openclaw("models", "status", "--json", agent=agent)
    assert result.returncode == 0, result.stderr[-2000:]
    labels = [x for x in anthropic_entry_labels(parse_json(result.stdout))
              if x.startswith(f"{pid}=")]
    assert labels, f"OpenClaw does not list {pid} for agent {agent}"
    return labels[0]


def label_tail(lab: Lab, agent: str, pid: str) -> str:
    """The end of the secret OpenClaw shows in its label of ``pid`` (never the secret)."""
    found = re.search(r"\.\.\.(\S{8})", label(lab, agent, pid))
    assert found, label(lab, agent, pid)
    return found.group(1)


@scenario("10 import clash", 10)
@pytest.mark.parametrize("rel", params(SQLITE_ERA), indirect=True)
def test_an_import_that_would_make_working_keys_worse_is_not_run(
    rel: oc.Release, lab: Lab, record_property: Any
) -> None:
    main_key, work_key = two_agents(lab)
    stale, stale2 = lab.fake("token"), lab.fake("token")
    lab.write_store("work", {"version": 1, "profiles": {DEF: _token(stale), WORK: _token(stale2)},
                             "usageStats": {WORK: DISABLED}})
    report = parse_json(lab.authwizard("doctor", "--json").stdout)
    clashes: dict[str, Json] = {f["profile"]: f for f in report["findings"]
                                if f["code"] == "import-id-clash"}
    assert set(clashes) == {DEF, WORK}, report["findings"]
    assert {f["severity"] for f in clashes.values()} == {"error"}
    assert "takes the place of the one OpenClaw uses now" in clashes[DEF]["message"]
    assert "cooldown (or disabled mark)" in clashes[WORK]["message"]

    before = capture(lab.state)
    result = lab.authwizard("doctor", "--fix", "--json")
    doc = parse_json(result.stdout)
    assert result.returncode == 1 and "imported" not in doc, doc
    after = capture(lab.state)
    changed = sorted(p for p in set(before) | set(after)
                     if before.get(p) != after.get(p) and ".sqlite" not in p)
    assert not changed, f"changed: {changed}"
    assert label_tail(lab, "work", DEF) == main_key[-8:]  # inherited from main, working

    # What the doctor said, measured: the release's own import alone.
    lab.openclaw("doctor", "--fix", "--non-interactive")
    assert label_tail(lab, "work", DEF) == stale[-8:], "the legacy key did not take its place"
    assert label_tail(lab, "work", WORK) == work_key[-8:]  # kept ...
    assert "disabled" in label(lab, "work", WORK), label(lab, "work", WORK)  # ... but disabled
    record_property("compat_detail", "shadowed=1 disabled=1")


@scenario("10 import clash", 10)
@pytest.mark.parametrize("rel", params(SQLITE_ERA), indirect=True)
def test_an_id_openclaw_keeps_is_said_and_imported_around(
    rel: oc.Release, lab: Lab, record_property: Any
) -> None:
    _, work_key = two_agents(lab)
    stale, other = lab.fake("token"), lab.fake("token")
    lab.write_store("work", {"version": 1, "profiles": {
        WORK: _token(stale), "anthropic:other": _token(other)}})
    report = parse_json(lab.authwizard("doctor", "--json").stdout)
    clash = next(f for f in report["findings"] if f["code"] == "import-id-clash")
    assert clash["severity"] == "info" and clash["profile"] == WORK, clash
    assert report["would_import"]["agents"] == [{
        "agent": "work", "usable": ["anthropic:other"], "dropped": [], "deleted": [],
        "kept": [WORK]}], report["would_import"]
    result = lab.authwizard("doctor", "--fix", "--json")
    doc = parse_json(result.stdout)
    assert result.returncode == 0 and doc["imported"]["archives"], doc
    assert label_tail(lab, "work", WORK) == work_key[-8:], "OpenClaw's key was replaced"
    assert label_tail(lab, "work", "anthropic:other") == other[-8:]
    record_property("compat_detail", "kept=1")
