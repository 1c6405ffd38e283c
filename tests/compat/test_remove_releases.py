"""``authwizard remove`` against the real SQLite-era release: the profile goes through
``openclaw models auth logout``, the config entry follows, OpenClaw no longer lists it, the
other provider's profile still works, and a second remove has nothing to remove."""

from __future__ import annotations

import pytest

from tests.compat import openclaw_cli as oc
from tests.compat import test_openclaw_releases as base
from tests.compat.test_openclaw_releases import Lab, params, parse_json, scenario

pytestmark = pytest.mark.compat

rel = base.rel
lab = base.lab
PID = "anthropic:default"
SQLITE_ERA = (oc.release("2026.9.6"),)


def reported_ids(lab: Lab) -> set[str]:
    status = lab.status()
    return {str(p.get("profileId")) for p in status["auth"]["oauth"]["profiles"]}


@scenario("R remove", 30)
@pytest.mark.parametrize("rel", params(SQLITE_ERA), indirect=True)
def test_remove_through_logout(rel: oc.Release, lab: Lab) -> None:
    token = lab.fake("token")
    lab.replay(token)
    key = lab.fake("api_key")
    lab.replay(key, profile="anthropic:work")
    assert {PID, "anthropic:work"} <= reported_ids(lab)

    refused = lab.authwizard("remove", PID, "--json")
    assert refused.returncode == 2, refused.stderr
    assert PID in reported_ids(lab), "a refused remove changed OpenClaw's store"

    result = lab.authwizard("remove", PID, "--yes", "--json")
    doc = parse_json(result.stdout)
    assert result.returncode == 0, result.stderr[-3000:]
    assert doc["removed"] is True and doc["agents"] == ["main"], doc
    assert any("logout" in n for n in doc["notes"]), doc["notes"]
    ids = reported_ids(lab)
    assert PID not in ids and "anthropic:work" in ids, ids
    assert PID not in lab.read_config()["auth"]["profiles"]
    (after,) = doc["afterwards"]
    assert after["uses"] == "profile anthropic:work" and after["lost"] is False, after
    labels = base.anthropic_entry_labels(lab.status())
    assert any(label.startswith("anthropic:work") for label in labels), labels

    again = lab.authwizard("remove", PID, "--yes", "--json")
    assert again.returncode == 0 and parse_json(again.stdout)["nothing_to_remove"] is True


@scenario("R remove", 30)
@pytest.mark.parametrize("rel", params(SQLITE_ERA), indirect=True)
def test_remove_deletes_the_keychain_item(rel: oc.Release, lab: Lab) -> None:
    from tests.compat.test_keychain_releases import holding
    from tests.test_keychain import FILE_BACKEND, use_backend

    use_backend(lab.sandbox.home, FILE_BACKEND)
    token = lab.fake("token")
    doc = lab.replay(token, store="keychain")
    assert doc["keychain"] == [f"main/{PID}"], doc
    result = lab.authwizard("remove", PID, "--yes", "--json")
    assert result.returncode == 0, result.stderr[-3000:]
    out = parse_json(result.stdout)
    assert out["keychain"] == [f"main/{PID}"] and out["warnings"] == [], out
    assert PID not in reported_ids(lab)
    storage = lab.sandbox.home / ".local" / "share" / "python_keyring"
    assert not any(token.encode() in p.read_bytes() for p in storage.rglob("*") if p.is_file())
    assert holding(lab, token) == []


@scenario("R remove", 30)
@pytest.mark.parametrize("rel", params(SQLITE_ERA), indirect=True)
def test_expiry_goes_through_paste_token(rel: oc.Release, lab: Lab) -> None:
    """answers ``"expires": "20d"`` reach OpenClaw as ``paste-token --expires-in 20d``, and
    ``status --check`` reads the expiry back from OpenClaw: exit 2, 20 days left."""
    import time

    token = lab.fake("token")
    lab.replay(token, expires="20d")
    status = lab.status()
    (entry,) = [p for p in status["auth"]["oauth"]["profiles"] if p.get("profileId") == PID]
    stamps = [v for k, v in entry.items() if "expire" in k.lower() and isinstance(v, int | float)]
    assert stamps, entry
    days = (stamps[0] - time.time() * 1000) / 86_400_000
    assert 19 < days <= 20.1, (entry, days)
    result = lab.authwizard("status", "--check", "--json")
    doc = parse_json(result.stdout)
    assert result.returncode == 2, (result.stderr[-2000:], doc.get("check"))
    (profile,) = [p for a in doc["agents"] for pr in a["providers"] for p in pr["profiles"]
                  if p["id"] == PID]
    assert profile["days_left"] == 20, profile
    text = lab.authwizard("status", "--check")
    assert "(20 days left)" in text.stdout and text.returncode == 2, text.stdout
