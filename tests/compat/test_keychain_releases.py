"""``"store": "keychain"`` against the real releases that read SecretRefs (2026.2.26+), and the
refusal on one that does not.

The keychain is keyrings.alt's file backend, chosen in ``keyringrc.cfg`` under the sandbox's
HOME, so the resolver OpenClaw starts (with only ``passEnv``) reaches the same backend. After an
install and after a rotation: ``openclaw secrets audit --check --allow-exec`` is clean,
``openclaw models status --json`` labels the profile ``ref(exec:…)``, and no file under HOME but
the keyring backend's own storage holds the secret (SQLite files included).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.compat import openclaw_cli as oc
from tests.compat import test_openclaw_releases as base
from tests.compat.test_openclaw_releases import Lab, params, parse_json, scenario
from tests.test_keychain import FILE_BACKEND, use_backend

pytestmark = pytest.mark.compat

rel = base.rel
lab = base.lab
WITH_REFS = tuple(r for r in oc.RELEASES if r.version >= "2026.2.26" and r.package == "openclaw")
WITHOUT_REFS = tuple(r for r in oc.RELEASES if r not in WITH_REFS)
PID = "anthropic:default"
REF_LABEL = f"{PID}=token:ref(exec:main/{PID})"


def keyring_storage(lab: Lab) -> Path:
    return lab.sandbox.home / ".local" / "share" / "python_keyring"


def holding(lab: Lab, secret: str) -> list[str]:
    skip = keyring_storage(lab)
    return sorted(
        str(p.relative_to(lab.sandbox.home)) for p in lab.sandbox.home.rglob("*")
        if p.is_file() and skip not in p.parents and secret.encode() in p.read_bytes()
    )


def assert_reference_only(lab: Lab, secret: str) -> None:
    audit = lab.openclaw("secrets", "audit", "--check", "--allow-exec", "--json")
    doc = parse_json(audit.stdout)
    assert audit.returncode == 0 and doc["status"] == "clean", doc
    assert doc["resolution"]["refsChecked"] >= 1, doc
    labels = base.anthropic_entry_labels(lab.status())
    assert REF_LABEL in labels, labels
    assert holding(lab, secret) == [], "a file under HOME holds the secret"


@scenario("K keychain", 20)
@pytest.mark.parametrize("rel", params(WITH_REFS), indirect=True)
def test_keychain_install_and_rotation(rel: oc.Release, lab: Lab, record_property: Any) -> None:
    use_backend(lab.sandbox.home, FILE_BACKEND)
    token = lab.fake("token")
    doc = lab.replay(token, store="keychain")
    assert doc["profile"] == PID and doc["keychain"] == [f"main/{PID}"], doc
    assert_reference_only(lab, token)
    token2 = lab.fake("token")
    doc = lab.replay(token2, store="keychain", expires="365d")
    assert doc["keychain"] == [f"main/{PID}"], doc
    kept = [n for n in doc["notes"] if n.startswith("the expiry is not recorded")]
    if rel.has_sqlite_store:  # `secrets apply` sets the reference alone: said, not hidden
        assert kept, doc["notes"]
    else:
        store = json.loads((lab.sandbox.agent_dir("main") / "auth-profiles.json").read_text())
        assert not kept and "expires" in store["profiles"][PID], doc["notes"]
    assert_reference_only(lab, token2)
    assert holding(lab, token) == []
    if rel.probe_reaches_loopback:
        config = lab.read_config()
        config["models"] = lab.models_section()
        lab.write_config(config)
        # OpenClaw itself resolves the reference through the resolver and sends the new token.
        record_property("compat_detail", lab.assert_probe(PID, token2, gone=token))


@scenario("K keychain", 20)
@pytest.mark.parametrize("rel", params(WITHOUT_REFS), indirect=True)
def test_keychain_is_refused_where_the_release_has_no_refs(rel: oc.Release, lab: Lab) -> None:
    use_backend(lab.sandbox.home, FILE_BACKEND)
    token = lab.fake("token")
    lab.server.add_credential(base.PROVIDER, token)
    result = lab.authwizard("--replay", str(lab.answers(token, store="keychain")), "--json")
    assert result.returncode == 5, result.stderr[-2000:]
    assert "2026.2.26" in result.stderr
    assert not (lab.state / "agents").exists()
