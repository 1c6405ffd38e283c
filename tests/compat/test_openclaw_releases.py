"""authwizard against the five real OpenClaw releases (one or two per storage generation).

Each test builds a sandbox (HOME, state dir, TMPDIR in a temp folder), puts the release's
``openclaw`` (or ``clawdbot``) wrapper first on PATH, starts the loopback provider server
(``tests/provider_server.py``) inside a loopback-only network namespace, and runs the installed
``authwizard`` as a subprocess in that same namespace, so that authwizard's validation and
OpenClaw's probes both reach the server and nothing else. Then the release itself is asked:
``models status --json`` must list the written profile with the right type, and on the releases
whose probes still reach a loopback API (≤ 2026.6.1) ``models status --probe`` must arrive with
the header the credential's kind needs (``Authorization: Bearer`` for a setup token,
``x-api-key`` for an API key).

Slow (real Node processes): marked ``compat``, deselected by default; CI runs
``pytest -m compat``. Needs ``.ci/install-openclaw.sh`` (skips a release it has not installed).
Measured behaviour of the releases: ``tests/compat/OBSERVED.md``.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shlex
import string
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.compat import openclaw_cli as oc
from tests.consistency import assert_consistent, capture
from tests.provider_server import ProviderServer, RecordedRequest

pytestmark = pytest.mark.compat

Json = dict[str, Any]

VENV_BIN = Path(sys.executable).parent  # the venv running pytest: authwizard is installed there
AUTHWIZARD = VENV_BIN / "authwizard"
SYSTEM_PATH = "/usr/bin:/bin"
PROVIDER = "anthropic"
FENCE_CODE = "AUTH_PROFILE_MIGRATION_REQUIRED"
PROBE_TIMEOUT_MS = "20000"

JSON_ERA = tuple(r for r in oc.RELEASES if r.generation in ("G1", "G2"))
SQLITE_ERA = tuple(r for r in oc.RELEASES if r.generation in ("G3", "G4"))
G4 = tuple(r for r in oc.RELEASES if r.generation == "G4")


def params(releases: Sequence[oc.Release]) -> list[Any]:
    return [pytest.param(r, id=r.name) for r in releases]


def scenario(label: str, order: int) -> pytest.MarkDecorator:
    """The summary table's column for this test (tests/compat/conftest.py)."""
    return pytest.mark.compat_scenario(label, order)


# ------------------------------------------------------------------ fake credentials

_BODY = string.ascii_letters + string.digits


def fake(kind: str) -> str:
    """A fresh fake secret, 96 chars: ``sk-ant-oat01-…`` (token) or ``sk-ant-api03-…`` (key)."""
    prefix = "sk-ant-oat01-" if kind == "token" else "sk-ant-api03-"
    return prefix + "".join(secrets.choice(_BODY) for _ in range(81)) + "AA"


def method_of(kind: str) -> str:
    return "setup-token" if kind == "token" else "api-key"


def type_of(secret: str) -> str:
    return "token" if secret.startswith("sk-ant-oat01-") else "api_key"


def header_letter(kind: str) -> str:
    return "B" if kind == "token" else "K"


# ------------------------------------------------------------------ OpenClaw's report


def parse_json(text: str) -> Json:
    """The JSON document on stdout (some releases print a line before it)."""
    start = text.find("{")
    assert start >= 0, f"no JSON on stdout: {text[:500]!r}"
    doc = json.loads(text[start:])
    assert isinstance(doc, dict)
    return doc


def anthropic_entry(status: Mapping[str, Any]) -> Json:
    oauth = status["auth"]["oauth"]
    for entry in oauth.get("providers") or []:
        if entry.get("provider") == PROVIDER:
            assert isinstance(entry, dict)
            return entry
    return {}


def listed(rel: oc.Release, status: Mapping[str, Any]) -> list[Json]:
    """The profiles the release says it uses for anthropic: ``effectiveProfiles`` (≥ 6.1), else
    (clawdbot, 1.30, which have none) every stored profile, ``auth.oauth.profiles``."""
    entry = anthropic_entry(status)
    if rel.generation == "G1":
        assert "effectiveProfiles" not in entry
        profiles = status["auth"]["oauth"]["profiles"]
        return [p for p in profiles if p.get("provider") == PROVIDER]
    assert not entry or "effectiveProfiles" in entry, entry
    return list(entry.get("effectiveProfiles") or [])


def assert_listed(
    rel: oc.Release, status: Mapping[str, Any], pid: str, secret: str | None, wtype: str
) -> None:
    """``pid`` is listed with type ``wtype``; its label ends like ``secret`` (rotation)."""
    found = [p for p in listed(rel, status) if p.get("profileId") == pid]
    where = "auth.oauth.profiles" if rel.generation == "G1" else "effectiveProfiles"
    assert found, f"{rel.name}: {pid} not in {where}: {listed(rel, status)}"
    assert found[0].get("type") == wtype, f"{rel.name}: {pid} listed as {found[0]}"
    if secret is not None:
        labels = anthropic_entry_labels(status)
        mine = [lab for lab in labels if lab.startswith(f"{pid}=")]
        assert mine and mine[0].endswith(secret[-8:]), (
            f"{rel.name}: label of {pid} does not show the secret just written: {mine}"
        )


def anthropic_entry_labels(status: Mapping[str, Any]) -> list[str]:
    for entry in status["auth"].get("providers") or []:
        if entry.get("provider") == PROVIDER:
            return [str(x) for x in entry.get("profiles", {}).get("labels") or []]
    return []


# ------------------------------------------------------------------ the lab


@dataclass
class Lab:
    """One release in one sandbox, with the provider server in the same loopback namespace."""

    rel: oc.Release
    sandbox: oc.Sandbox
    work: Path  # outside the state dir: answers and secret files
    server: ProviderServer
    ns: oc.LoopbackNamespace | None
    replays: int = 0
    outputs: list[str] = field(default_factory=list)  # every stdout/stderr seen (secret check)
    secrets: list[str] = field(default_factory=list)  # every fake secret this lab handed out

    def fake(self, kind: str) -> str:
        secret = fake(kind)
        self.secrets.append(secret)
        return secret

    def assert_no_secret_shown(self) -> None:
        """No secret (nor its body without the well-known prefix) in any output seen."""
        for secret in self.secrets:
            body = secret[len("sk-ant-oat01-"):]
            shown = [n for n, text in enumerate(self.outputs) if body in text]
            assert not shown, f"a secret appeared in {len(shown)} command output(s)"

    @property
    def state(self) -> Path:
        return self.sandbox.state_dir

    @property
    def config_path(self) -> Path:
        """The config the release reads (clawdbot: ``clawdbot.json``)."""
        return self.state / self.rel.config_file

    @property
    def api_root(self) -> str:
        return self.server.api_root(PROVIDER)

    # ------------------------------------------------------------ files

    def read_config(self) -> Json:
        doc = json.loads(self.config_path.read_text("utf-8"))
        assert isinstance(doc, dict)
        return doc

    def write_config(self, config: Mapping[str, Any]) -> None:
        self.config_path.write_text(json.dumps(config, indent=2) + "\n", "utf-8")
        self.config_path.chmod(0o600)

    def models_section(self) -> Json:
        """Points anthropic at the provider server (accepted by every release, see OBSERVED §8)."""
        return {"providers": {PROVIDER: {"baseUrl": self.api_root, "models": []}}}

    def write_store(self, agent: str, store: Mapping[str, Any]) -> Path:
        path = self.sandbox.agent_dir(agent) / "auth-profiles.json"
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.write_text(json.dumps(store, indent=2) + "\n", "utf-8")
        path.chmod(0o600)
        return path

    def json_stores(self) -> list[Path]:
        return sorted(self.sandbox.home.rglob("auth-profiles.json"))

    def sqlite_files(self) -> dict[str, tuple[str, int]]:
        """Every SQLite file (with -wal/-shm) under the state dir: digest and mtime."""
        out = {}
        for path in sorted(self.state.rglob("*.sqlite*")):
            if path.is_file():
                data = path.read_bytes()
                out[str(path.relative_to(self.state))] = (
                    hashlib.sha256(data).hexdigest(), path.stat().st_mtime_ns)
        return out

    # ------------------------------------------------------------ running

    def env(self, *, openclaw_on_path: bool = True) -> dict[str, str]:
        path = [str(self.sandbox.bin_dir)] if openclaw_on_path else []
        path += [str(VENV_BIN), SYSTEM_PATH]
        return oc.isolated_env(
            self.sandbox, warm_from=self.rel,
            extra={"PATH": os.pathsep.join(path), **self.server.env()},
        )

    def run(self, argv: Sequence[str], env: Mapping[str, str], *, timeout: float = 300.0,
            stdin: str | None = None) -> oc.Result:
        # Without a shared namespace the server listens on the host's loopback: run unisolated.
        result = oc.run(argv, env=env, netns=self.ns, isolate=False, cwd=self.work,
                        timeout=timeout, stdin=stdin, log_root=self.sandbox.log_root)
        assert not result.timed_out, f"timed out after {result.seconds:.0f} s: {argv}"
        self.outputs += [result.stdout, result.stderr]
        return result

    def authwizard(self, *args: str, openclaw_on_path: bool = True) -> oc.Result:
        return self.run([str(AUTHWIZARD), *args], self.env(openclaw_on_path=openclaw_on_path))

    def answers(self, secret: str, **extra: Any) -> Path:
        self.replays += 1
        secret_file = self.work / f"secret-{self.replays}"
        secret_file.write_text(secret + "\n", "utf-8")
        secret_file.chmod(0o600)
        answers = {"version": 1, "provider": PROVIDER, "method": method_of(type_of(secret)),
                   "secret": {"file": str(secret_file)}, **extra}
        path = self.work / f"answers-{self.replays}.json"
        path.write_text(json.dumps(answers), "utf-8")
        return path

    def replay(self, secret: str, *, expect: int = 0, openclaw_on_path: bool = True,
               **extra: Any) -> Json:
        """``authwizard --replay answers.json --json``; the provider server has the secret
        registered as valid, so validation passes with exactly one request."""
        self.server.add_credential(PROVIDER, secret)
        before = len(self.server.requests)
        result = self.authwizard("--replay", str(self.answers(secret, **extra)), "--json",
                                 openclaw_on_path=openclaw_on_path)
        doc = parse_json(result.stdout)
        assert result.returncode == expect, (
            f"authwizard exit {result.returncode} (wanted {expect})\n{result.stderr[-3000:]}")
        if expect == 0:
            assert doc["ok"] is True
            assert doc["generation"]["generation"] == self.rel.generation, doc["generation"]
            assert doc["generation"]["source"] == "installed", doc["generation"]
            sent = self.server.requests[before:]
            assert len(sent) == 1, f"validation: {len(sent)} requests, wanted exactly one"
            want = "authorization" if type_of(secret) == "token" else "x-api-key"
            assert sent[0].auth_headers() == {want}, sent[0]
            assert doc["validation"]["outcome"] == "valid", doc["validation"]
        return doc

    def openclaw(self, *args: str, agent: str | None = None, extra_env: Mapping[str, str] = {},
                 timeout: float = 180.0) -> oc.Result:
        """The release's own CLI, in the lab's namespace, for ``agent`` (None: the default).

        ``--agent`` where the release has it; on G1 also the agent dir override, because
        clawdbot has no ``--agent`` and 1.30's ``--probe`` ignores it (it probes the store of
        ``OPENCLAW_AGENT_DIR``, default ``agents/main/agent``: ``list.probe.js``)."""
        argv = list(args)
        env = dict(extra_env)
        if agent is not None:
            if self.rel.package != "clawdbot":
                argv += ["--agent", agent]
            if self.rel.generation == "G1" and agent != "main":
                name = "CLAWDBOT_AGENT_DIR" if self.rel.package == "clawdbot" else (
                    "OPENCLAW_AGENT_DIR")
                env[name] = str(self.sandbox.agent_dir(agent))
        full_env = oc.isolated_env(self.sandbox, warm_from=self.rel, extra=env)
        return self.run(oc.cli_argv(self.rel, *argv), full_env, timeout=timeout)

    def status(self, agent: str | None = None) -> Json:
        result = self.openclaw("models", "status", "--json", agent=agent)
        assert result.returncode == 0, (
            f"models status exit {result.returncode}: {result.stderr[-2000:]}")
        assert FENCE_CODE not in result.stdout + result.stderr
        return parse_json(result.stdout)

    def probe(self, agent: str | None = None) -> tuple[Json, list[RecordedRequest]]:
        before = len(self.server.requests)
        result = self.openclaw("models", "status", "--json", "--probe", "--probe-provider",
                               PROVIDER, "--probe-timeout", PROBE_TIMEOUT_MS, agent=agent)
        assert result.returncode == 0, f"probe exit {result.returncode}: {result.stderr[-2000:]}"
        sent = [r for r in self.server.requests[before:] if r.method == "POST"]
        return parse_json(result.stdout), sent

    def assert_status_predicts(self, pid: str, wtype: str, agent: str = "main") -> None:
        """``authwizard status --json`` says OpenClaw uses ``pid`` (with the header its type
        needs, on the JSON releases, where authwizard computes it itself)."""
        result = self.authwizard("status", "--json", "--agent", agent)
        doc = parse_json(result.stdout)
        assert result.returncode == 0, doc
        assert doc["generation"]["generation"] == self.rel.generation
        entry = next(a for a in doc["agents"] if a["id"] == agent)
        provider = next(p for p in entry["providers"] if p["provider"] == PROVIDER)
        uses = provider["uses"]
        assert uses and uses["kind"] == "profile" and uses["id"] == pid, provider
        if not self.rel.has_sqlite_store:
            want = "Authorization: Bearer" if wtype == "token" else "x-api-key"
            assert uses["header"] == want, uses
        table = self.authwizard("status", "--agent", agent)  # the human table, same facts
        assert table.returncode == 0, table.stderr[-2000:]
        assert f"OpenClaw uses {pid}" in table.stdout, table.stdout

    def assert_probe(self, pid: str, secret: str, agent: str | None = None,
                     gone: str | None = None) -> str:
        """The release's probe of ``pid`` reaches the server with the header its kind needs
        (and no request carries the secret ``gone``, e.g. the one a rotation replaced)."""
        status, sent = self.probe(agent)
        results = [r for r in status["auth"]["probes"]["results"] if r.get("profileId") == pid]
        assert results, f"no probe of {pid}: {status['auth']['probes']}"
        wtype = type_of(secret)
        assert results[0].get("mode") == wtype, results[0]
        carrying = [r for r in sent if secret in r.headers.get("authorization", "")
                    or secret == r.headers.get("x-api-key")]
        assert carrying, f"{pid}: no probe request carried the secret: {sent}"
        for req in carrying:
            if wtype == "token":
                assert req.headers.get("authorization") == f"Bearer {secret}", req
                assert "x-api-key" not in req.headers, req
            else:
                assert req.headers.get("x-api-key") == secret, req
                assert "authorization" not in req.headers, req
        if gone is not None:
            assert not [r for r in sent if gone in json.dumps(r.headers)], "old secret sent"
        return header_letter(wtype)


@pytest.fixture
def rel(request: pytest.FixtureRequest) -> oc.Release:
    release = request.param
    assert isinstance(release, oc.Release)
    return release


@pytest.fixture
def lab(rel: oc.Release, tmp_path: Path) -> Iterator[Lab]:
    if not oc.is_installed(None):
        pytest.skip(f"Node {oc.NODE_VERSION} not installed in {oc.cache_dir()}: "
                    "run .ci/install-openclaw.sh")
    if not oc.is_installed(rel):
        pytest.skip(f"{rel.name} not installed in {oc.cache_dir()}: run .ci/install-openclaw.sh")
    if not AUTHWIZARD.is_file():
        pytest.skip(f"authwizard is not installed in {VENV_BIN} (pip install -e .)")
    sandbox = oc.Sandbox(tmp_path / "sb").create()
    oc.write_wrapper(sandbox.bin_dir, rel)
    work = tmp_path / "work"
    work.mkdir()
    ns = oc.LoopbackNamespace(sandbox.log_root).start() if oc.isolation_mode() == "root" else None
    try:
        server = (ns.call(lambda: ProviderServer("127.0.0.1", 0)) if ns is not None
                  else ProviderServer("127.0.0.1", 0))
        server.start()
        try:
            the_lab = Lab(rel, sandbox, work, server, ns)
            yield the_lab
            the_lab.assert_no_secret_shown()
        finally:
            server.stop()
    finally:
        if ns is not None:
            ns.stop()


def declared_agents(rel: oc.Release, form: str = "list") -> Json:
    if form == "entries":  # 9.6 refuses a keyed roster without an explicit ownership
        return {"ownership": "explicit", "entries": {"main": {}, "work": {}}}
    return {"list": [{"id": "main", "default": True}, {"id": "work"}]}


def assert_written_for(lab: Lab, doc: Mapping[str, Any], pid: str, wtype: str,
                       agents: Sequence[str], before: Mapping[str, bytes] | None) -> None:
    """What the files must look like after authwizard wrote ``pid`` (DESIGN §3 / §9)."""
    if lab.rel.has_sqlite_store:
        assert doc["written_by"] == "openclaw", doc
        assert not lab.json_stores(), f"a JSON store was written: {lab.json_stores()}"
        assert lab.read_config()["auth"]["profiles"][pid] == {"provider": PROVIDER,
                                                              "mode": wtype}
    else:
        assert doc["written_by"] == "authwizard", doc
        assert_consistent(lab.state, pid, agents, before=before, config_path=lab.config_path)


def assert_inherited_consistent(lab: Lab, agent: str, pid: str, secret: str) -> None:
    """DESIGN §3 rules 1–4 for a non-default agent, whose store inherits main's profiles:
    an ``order`` there may name a profile that lives in main's store (OpenClaw merges them),
    which ``tests/consistency.py`` (one store at a time) would call dangling."""
    wtype = type_of(secret)
    value_field = {"token": "token", "api_key": "key"}[wtype]
    assert lab.read_config()["auth"]["profiles"][pid] == {"provider": PROVIDER, "mode": wtype}
    own = json.loads((lab.sandbox.agent_dir(agent) / "auth-profiles.json").read_text("utf-8"))
    main = json.loads((lab.sandbox.agent_dir("main") / "auth-profiles.json").read_text("utf-8"))
    assert own["profiles"][pid] == {"type": wtype, "provider": PROVIDER, value_field: secret}
    assert own.get("lastGood", {}).get(PROVIDER) == pid, own.get("lastGood")
    order = own.get("order", {}).get(PROVIDER)
    if order is not None:
        assert order[0] == pid, order
        known = set(own["profiles"]) | set(main["profiles"])
        assert set(order) <= known, f"order names unknown ids: {set(order) - known}"


# ------------------------------------------------------------------ 1. setup token


@scenario("1 token", 1)
@pytest.mark.parametrize("rel", params(oc.RELEASES), indirect=True)
def test_setup_token(rel: oc.Release, lab: Lab, record_property: Any) -> None:
    """A fresh state: authwizard writes the config the release reads, and the token works."""
    token = lab.fake("token")
    doc = lab.replay(token)
    pid = doc["profile"]
    assert pid == "anthropic:default" and doc["type"] == "token"
    status = lab.status()
    assert Path(status["configPath"]) == lab.config_path
    if not rel.has_sqlite_store:
        written = {Path(f["path"]) for f in doc["files"]}
        assert lab.config_path in written, (
            f"{rel.name} reads {status['configPath']}; authwizard wrote {sorted(written)}")
    assert_written_for(lab, doc, pid, "token", ["main"], None)
    assert_listed(rel, status, pid, token, "token")
    lab.assert_status_predicts(pid, "token")
    if rel.probe_reaches_loopback:
        config = lab.read_config()
        config["models"] = lab.models_section()
        lab.write_config(config)
        record_property("compat_detail", lab.assert_probe(pid, token))


# ------------------------------------------------------------------ 2. API key


@scenario("2 api key", 2)
@pytest.mark.parametrize("rel", params(oc.RELEASES), indirect=True)
def test_api_key(rel: oc.Release, lab: Lab, record_property: Any) -> None:
    """A config that already points anthropic at the server: authwizard keeps it."""
    key = lab.fake("api_key")
    lab.write_config({"models": lab.models_section()})
    before = capture(lab.state)
    doc = lab.replay(key)
    pid = doc["profile"]
    assert pid == "anthropic:default" and doc["type"] == "api_key"
    assert_written_for(lab, doc, pid, "api_key", ["main"], before)
    assert lab.read_config()["models"] == lab.models_section()
    assert_listed(rel, lab.status(), pid, key, "api_key")
    lab.assert_status_predicts(pid, "api_key")
    if rel.probe_reaches_loopback:
        record_property("compat_detail", lab.assert_probe(pid, key))


# ------------------------------------------------------------------ 3. rotation


@scenario("3 rotate", 3)
@pytest.mark.parametrize("rel", params(oc.RELEASES), indirect=True)
def test_rotation(rel: oc.Release, lab: Lab, record_property: Any) -> None:
    """Same id, new secret, after OpenClaw has used the first one (probe bookkeeping)."""
    old, new = lab.fake("token"), lab.fake("token")
    if rel.probe_reaches_loopback:
        lab.write_config({"models": lab.models_section()})
    first = lab.replay(old)
    pid = first["profile"]
    if rel.probe_reaches_loopback:
        lab.assert_probe(pid, old)  # OpenClaw records usage / lastGood of its own
    before = capture(lab.state)
    doc = lab.replay(new)
    assert doc["profile"] == pid and doc["rotated"] is True, doc
    assert_written_for(lab, doc, pid, "token", ["main"], None if rel.has_sqlite_store else before)
    assert_listed(rel, lab.status(), pid, new, "token")
    lab.assert_status_predicts(pid, "token")
    if rel.probe_reaches_loopback:
        record_property("compat_detail", lab.assert_probe(pid, new, gone=old))


# ------------------------------------------------------------------ 4. second agent


def _second_agent(lab: Lab, form: str) -> str:
    rel = lab.rel
    config: Json = {"agents": declared_agents(rel, form)}
    if rel.probe_reaches_loopback:
        config["models"] = lab.models_section()
    lab.write_config(config)
    token, key = lab.fake("token"), lab.fake("api_key")
    main_doc = lab.replay(token)
    main_pid = main_doc["profile"]
    before = capture(lab.state)
    doc = lab.replay(key, agents=["work"])
    pid = doc["profile"]
    assert doc["agents"] == ["work"] and doc["type"] == "api_key", doc
    assert pid.startswith("anthropic:")
    if rel.has_sqlite_store:
        assert_written_for(lab, doc, pid, "api_key", ["work"], before)
    else:
        assert doc["written_by"] == "authwizard", doc
        assert_inherited_consistent(lab, "work", pid, key)
        assert_consistent(lab.state, main_pid, ["main"], config_path=lab.config_path)
    agents = lab.read_config()["agents"]  # 9.6's paste adds agents.defaults of its own
    for name, value in declared_agents(rel, form).items():
        assert agents[name] == value, agents
    work = lab.status("work")
    assert_listed(rel, work, pid, key, "api_key")
    if rel.generation != "G1":  # the runtime's own order: the new profile is tried first
        assert listed(rel, work)[0]["profileId"] == pid, listed(rel, work)
    # DESIGN §3 rule 8: the main agent keeps its token.
    assert_listed(rel, lab.status("main"), main_pid, token, "token")
    lab.assert_status_predicts(pid, "api_key", agent="work")
    lab.assert_status_predicts(main_pid, "token", agent="main")
    detail = ""
    if rel.probe_reaches_loopback:
        detail = lab.assert_probe(pid, key, agent="work")
    return detail


@scenario("4 2nd agent", 4)
@pytest.mark.parametrize("rel", params(oc.RELEASES), indirect=True)
def test_second_agent(rel: oc.Release, lab: Lab, record_property: Any) -> None:
    """A token for main, then an API key for a second agent declared in ``agents.list``."""
    record_property("compat_detail", _second_agent(lab, "list"))


@scenario("4 2nd agent", 4)
@pytest.mark.parametrize("rel", params(G4), indirect=True)
def test_second_agent_keyed_entries(rel: oc.Release, lab: Lab, record_property: Any) -> None:
    """9.6's own keyed form ``agents.entries`` declares the agent too."""
    _second_agent(lab, "entries")
    record_property("compat_detail", "+entries")


# ------------------------------------------------------------------ 5. doctor --fix (G1/G2)


def _token(secret: str) -> Json:
    return {"type": "token", "provider": PROVIDER, "token": secret}


def _cfg(lab: Lab, **profiles: str) -> Json:
    return {"auth": {"profiles": {pid: {"provider": PROVIDER, "mode": mode}
                                  for pid, mode in profiles.items()}},
            "models": lab.models_section()}


@dataclass(frozen=True)
class DoctorState:
    """A #2697 state with a single right repair; ``secret``: what OpenClaw must send after."""

    name: str
    code: str  # the finding doctor must fix
    kind: str  # the kind of secret in it


DOCTOR_STATES = (
    # The #2697 state with one right answer: the config names an id the store lacks.
    DoctorState("config-id-missing", "config-id-missing-in-store", "token"),
    DoctorState("oauth-over-token", "mode-type-mismatch", "token"),
    DoctorState("token-as-api-key", "type-contradicts-secret", "token"),
    DoctorState("mode-apikey-aliases", "store-entry-dropped", "api_key"),
    DoctorState("dangling-last-good", "dangling-last-good", "token"),
)


def _write_doctor_state(lab: Lab, state: DoctorState, secret: str) -> None:
    d = "anthropic:default"
    if state.name == "config-id-missing":
        lab.write_config(_cfg(lab, **{"anthropic:anthropic_api": "token"}))
        lab.write_store("main", {"version": 1, "profiles": {d: _token(secret)}})
    elif state.name == "oauth-over-token":
        lab.write_config(_cfg(lab, **{d: "oauth"}))
        lab.write_store("main", {"version": 1, "profiles": {d: _token(secret)}})
    elif state.name == "token-as-api-key":
        lab.write_config(_cfg(lab, **{d: "api_key"}))
        lab.write_store("main", {"version": 1, "profiles": {
            d: {"type": "api_key", "provider": PROVIDER, "key": secret}}})
    elif state.name == "mode-apikey-aliases":
        lab.write_config(_cfg(lab, **{d: "api_key"}))
        lab.write_store("main", {"version": 1, "profiles": {
            d: {"mode": "api_key", "provider": PROVIDER, "apiKey": secret}}})
    elif state.name == "dangling-last-good":
        lab.write_config(_cfg(lab, **{d: "token"}))
        lab.write_store("main", {"version": 1, "profiles": {d: _token(secret)},
                                 "order": {PROVIDER: ["anthropic:claude-cli"]},
                                 "lastGood": {PROVIDER: "anthropic:claude-cli"}})
    else:  # pragma: no cover - a new state without its files
        raise AssertionError(state.name)


@scenario("5 doctor", 5)
@pytest.mark.parametrize("state", DOCTOR_STATES, ids=[s.name for s in DOCTOR_STATES])
@pytest.mark.parametrize("rel", params(JSON_ERA), indirect=True)
def test_doctor_fix_json_era(
    rel: oc.Release, lab: Lab, state: DoctorState, record_property: Any
) -> None:
    """``authwizard doctor --fix`` repairs the state, and the release then sends the secret
    with the header its kind needs."""
    secret = lab.fake(state.kind)
    _write_doctor_state(lab, state, secret)
    code = state.code
    if state.name == "mode-apikey-aliases":
        code = _judged_like_the_release(rel, lab)
    before = capture(lab.state)
    result = lab.authwizard("doctor", "--fix", "--json")
    doc = parse_json(result.stdout)
    assert result.returncode == 0, json.dumps(doc, indent=1)[-3000:]
    assert doc["generation"]["generation"] == rel.generation
    assert code in {f["code"] for f in doc["fixed"]}, doc["fixed"]
    assert not [f for f in doc["left"] if f["severity"] == "error"], doc["left"]
    pid, wtype = "anthropic:default", type_of(secret)
    assert_consistent(lab.state, pid, ["main"], ranked=False, before=before,
                      config_path=lab.config_path)
    assert_listed(rel, lab.status(), pid, secret, wtype)
    lab.assert_status_predicts(pid, wtype)
    record_property("compat_detail", lab.assert_probe(pid, secret))


def _judged_like_the_release(rel: oc.Release, lab: Lab) -> str:
    """Before the fix, for the `mode`/`apiKey` entry: the release itself lists it or drops it,
    and authwizard's doctor and status say the same (a warning where it is read, an error
    where it is dropped). Returns the finding's code."""
    pid = "anthropic:default"
    read = rel.reads_store_aliases
    ids = [p.get("profileId") for p in listed(rel, lab.status())]
    assert (pid in ids) == read, f"{rel.name} lists {ids}"
    result = lab.authwizard("doctor", "--json")
    found = {f["code"]: f["severity"] for f in parse_json(result.stdout)["findings"]}
    if read:
        assert found == {"store-entry-alias": "warning"}, found
        assert result.returncode == 0
        lab.assert_status_predicts(pid, "api_key")
        return "store-entry-alias"
    assert found.get("store-entry-dropped") == "error", found
    assert found.get("no-usable-profile") == "error" and result.returncode == 1, found
    return "store-entry-dropped"


# ------------------------------------------------------------------ 5. doctor (G3/G4): reports


@scenario("5 doctor", 5)
@pytest.mark.parametrize("rel", params(SQLITE_ERA), indirect=True)
def test_doctor_reports_legacy_json_sqlite_era(
    rel: oc.Release, lab: Lab, record_property: Any
) -> None:
    """A working SQLite state plus a legacy JSON store: ``doctor`` names the JSON as not read
    (G3) / fencing (G4) and what the import does with its profile; ``doctor --fix`` repairs
    the entry, has the release import it, and the pasted token still works."""
    token = lab.fake("token")
    pid = lab.replay(token)["profile"]
    legacy = lab.write_store("main", {"version": 1, "profiles": {"anthropic:legacy": {
        "mode": "api_key", "provider": PROVIDER, "apiKey": lab.fake("api_key")}}})
    report = parse_json(lab.authwizard("doctor", "--json").stdout)
    (found,) = [f for f in report["findings"] if f["code"] == "json-store-not-read"]
    word = "ignores" if rel.generation == "G3" else "refuses"
    assert word in found["message"] and "anthropic:legacy: becomes usable" in found["message"]
    assert found["auto"] is True, found
    result = lab.authwizard("doctor", "--fix", "--json")
    doc = parse_json(result.stdout)
    assert result.returncode == 0, json.dumps(doc, indent=1)[-3000:]
    assert doc["generation"]["generation"] == rel.generation
    assert "json-store-not-read" in {f["code"] for f in doc["fixed"]}, doc["fixed"]
    assert doc["imported"]["archives"] and not legacy.exists(), doc["imported"]
    status = lab.status()
    assert_listed(rel, status, pid, token, "token")
    stored = {p.get("profileId") for p in status["auth"]["oauth"]["profiles"]}
    assert "anthropic:legacy" in stored, stored
    record_property("compat_detail", "imported")


# ------------------------------------------ (a) G4: rotation keeps it working


@scenario("a G4 rotate", 6)
@pytest.mark.parametrize("rel", params(G4), indirect=True)
def test_g4_rotation_leaves_openclaw_working(rel: oc.Release, lab: Lab) -> None:
    """A state authwizard set up, rotated by authwizard: OpenClaw keeps working, never fenced
    (the commands authwizard ran, OpenClaw's own logs, a fresh ``models status``), and no
    ``auth-profiles.json`` appears."""
    oc_logs = tee_wrapper(lab)
    first, second = lab.fake("token"), lab.fake("token")
    pid = lab.replay(first)["profile"]
    assert_listed(rel, lab.status(), pid, first, "token")
    doc = lab.replay(second)
    assert doc["profile"] == pid and doc["rotated"] is True
    result = lab.openclaw("models", "status", "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    assert_listed(rel, parse_json(result.stdout), pid, second, "token")
    assert not [o for o in lab.outputs if FENCE_CODE in o], "OpenClaw reported a fence"
    runs = {p.stem for p in oc_logs.iterdir()}  # run-<pid>.out/.err: authwizard's commands
    assert 2 <= len(runs) <= 4, f"wanted each replay's paste and at most one more: {runs}"
    fenced = files_holding(lab.sandbox.root, FENCE_CODE.encode(), skip=())
    assert not fenced, f"{FENCE_CODE} in {fenced}"
    assert not lab.json_stores(), f"auth-profiles.json created: {lab.json_stores()}"


# ------------------------------------------------------------------ (b) G4 fenced


@scenario("b G4 fenced", 7)
@pytest.mark.parametrize("rel", params(G4), indirect=True)
def test_g4_fenced_state_is_refused_and_left_alone(rel: oc.Release, lab: Lab) -> None:
    old, new = lab.fake("token"), lab.fake("token")
    lab.write_config({"auth": {"profiles": {"anthropic:default": {
        "provider": PROVIDER, "mode": "token"}}}})
    store = lab.write_store("main", {"version": 1, "profiles": {"anthropic:default": _token(old)}})
    fenced = lab.openclaw("models", "status", "--json")
    assert fenced.returncode == 1 and FENCE_CODE in fenced.stderr, "the state is not fenced"
    before = capture(lab.state)
    doc = lab.replay(new, expect=5)
    error = doc["error"]["message"] + " " + (doc["error"]["fix"] or "")
    assert "openclaw doctor --fix" in error, doc["error"]
    after = capture(lab.state)
    changed = sorted(p for p in set(before) | set(after)
                     if before.get(p) != after.get(p) and ".sqlite" not in p)
    assert not changed, f"changed: {changed}"
    assert len(lab.server.requests) <= 1, "nothing but (at most) the validation request"
    # Nothing reached OpenClaw's SQLite store: without the JSON, it holds no profile at all.
    store.unlink()
    assert not listed(rel, lab.status())


# ------------------------------------------------------------------ (c) no openclaw binary


@scenario("c no binary", 8)
@pytest.mark.parametrize("rel", params(SQLITE_ERA), indirect=True)
def test_missing_openclaw_on_sqlite_state(rel: oc.Release, lab: Lab) -> None:
    """A G3/G4 state dir (SQLite store present) and no openclaw on PATH: exit 5, nothing
    written, and the message says what to install."""
    first, second = lab.fake("token"), lab.fake("token")
    pid = lab.replay(first)["profile"]
    before, sqlite_before = capture(lab.state), lab.sqlite_files()
    doc = lab.replay(second, expect=5, openclaw_on_path=False)
    assert doc["generation"]["generation"] == rel.generation, doc["generation"]
    assert doc["generation"]["source"] != "installed"
    text = doc["error"]["message"] + " " + (doc["error"]["fix"] or "")
    assert "openclaw" in doc["error"]["message"] and "npm install -g openclaw" in text, text
    assert capture(lab.state) == before and lab.sqlite_files() == sqlite_before
    assert not lab.json_stores()
    assert_listed(rel, lab.status(), pid, first, "token")


# ------------------------------------------ (d) the secret stays out of argv


class ProcWatch(threading.Thread):
    """Reads every process's ``cmdline`` and ``environ`` every ~20 ms, looking for needles."""

    def __init__(self, needles: Sequence[str], mine: Path, interval: float = 0.02) -> None:
        super().__init__(name="proc-watch", daemon=True)
        self.needles = [n.encode() for n in needles]
        self.mine = str(mine).encode()  # in the environ (HOME, TMPDIR) of this lab's processes
        self.interval = interval
        self.done = threading.Event()
        self.hits: set[str] = set()  # "pid <n> <cmdline|environ> (<program>)"
        self.scans = 0
        self.paste_seen = 0  # scans that saw this lab's OpenClaw paste-token process

    def run(self) -> None:
        while not self.done.is_set():
            self.scan()
            self.done.wait(self.interval)
        self.scan()

    def scan(self) -> None:
        self.scans += 1
        pasting = False
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            program, paste = "", False
            for what in ("cmdline", "environ"):
                try:
                    with open(f"/proc/{entry.name}/{what}", "rb") as fh:
                        data = fh.read()
                except OSError:
                    continue
                if what == "cmdline":
                    paste = b"paste-token" in data
                    program = os.path.basename(data.split(b"\0", 1)[0].decode(errors="replace"))
                else:
                    pasting = pasting or (paste and self.mine in data)
                if any(n in data for n in self.needles):
                    self.hits.add(f"pid {entry.name} {what} ({program})")
        self.paste_seen += pasting


def tee_wrapper(lab: Lab) -> Path:
    """An ``openclaw`` wrapper that also keeps each run's stdout/stderr in ``work/oc-out``."""
    logs = lab.work / "oc-out"
    logs.mkdir()
    node = shlex.quote(str(oc.node_bin()))
    entry = shlex.quote(str(oc.entry_script(lab.rel)))
    script = lab.sandbox.bin_dir / lab.rel.command
    log = shlex.quote(str(logs)) + "/run-$$"
    script.write_text(
        "#!/bin/sh\n"
        f'{node} {entry} "$@" >{log}.out 2>{log}.err\n'
        "rc=$?\n"
        f"cat {log}.out; cat {log}.err >&2\n"
        "exit $rc\n", "utf-8")
    script.chmod(0o755)
    return logs


def files_holding(root: Path, needle: bytes, skip: Sequence[str]) -> list[str]:
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            if any(s in name for s in skip) or path.is_symlink():
                continue
            try:
                if needle in path.read_bytes():
                    found.append(str(path.relative_to(root)))
            except OSError:
                continue
    return found


@scenario("d argv", 9)
@pytest.mark.parametrize("rel", params(SQLITE_ERA), indirect=True)
def test_secret_never_in_argv(rel: oc.Release, lab: Lab, record_property: Any) -> None:
    logs = tee_wrapper(lab)
    token = lab.fake("token")
    body = token[len("sk-ant-oat01-"):]
    watch = ProcWatch([body], lab.sandbox.root)
    watch.start()
    try:
        doc = lab.replay(token)
    finally:
        watch.done.set()
        watch.join(timeout=10)
    assert watch.paste_seen, f"no paste-token process seen in {watch.scans} scans"
    assert not watch.hits, f"the secret was visible in: {sorted(watch.hits)}"
    for text in lab.outputs:
        assert body not in text, "the secret is in authwizard's output"
    oc_outputs = sorted(logs.iterdir())
    assert oc_outputs, "the wrapper kept no OpenClaw output"
    for path in oc_outputs:
        assert body.encode() not in path.read_bytes(), f"the secret is in OpenClaw's {path.name}"
    leaked = files_holding(lab.sandbox.root, body.encode(), skip=(".sqlite",))
    assert not leaked, f"the secret is in {leaked}"
    assert_listed(rel, lab.status(), doc["profile"], token, "token")
    record_property("compat_detail", f"{watch.scans} scans")


def test_release_table_matches_generation_detection() -> None:
    """Not compat-specific, but cheap: every release's generation as the product computes it."""
    from wizard.spec.releases import generation_of, parse_version

    for r in oc.RELEASES:
        parsed = parse_version(r.version)
        assert parsed is not None
        assert generation_of(parsed, r.package) == r.generation, r.name

