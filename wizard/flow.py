"""One run of the wizard: the answers to its steps, applied to one OpenClaw state. The Textual
app and the headless replay both drive this object, and it moves from step to step by the one
table in ``wizard.steps``, so the two cannot drift apart. No Textual here.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from wizard.core.plan import Intent, WritePlan, WriteType
from wizard.core.profiles import entry_provider, parse_profile_id
from wizard.errors import ExitCode, FilesError, UsageError, WizardError
from wizard.openclaw.backends.protocol import Backend, WriteOutcome
from wizard.openclaw.store import Located
from wizard.spec.registry import METHOD_TYPE, PROVIDERS, Method, Provider
from wizard.spec.schemas import config_auth_errors
from wizard.steps import Progress, Step, next_step, previous_step

if TYPE_CHECKING:
    import httpx

    from wizard.core.secrets import Credential
    from wizard.keychain.storage import Store
    from wizard.providers.validate import Verdict


__all__ = ["Flow", "FlowState", "Step", "Suggestion", "verdict_exit"]


class Suggestion(NamedTuple):
    """The profile the wizard proposes, and what it would replace (rotation)."""

    profile_id: str
    rotation: bool
    current_redacted: str | None = None
    current_expires_ms: float | None = None


class FlowState:
    """The answers so far. (A plain class, not a dataclass: a cold ``--replay`` imports it.)"""

    def __init__(self) -> None:
        self.provider: Provider | None = None
        self.method: Method | None = None
        self.credential: Credential | None = None
        self.verdict: Verdict | None = None
        self.message_verdict: Verdict | None = None  # the opt-in test message's answer
        self.unverified_ok = False  # the user or the answers said: save despite could-not-verify
        self.profile: str | None = None
        self.agents: tuple[str, ...] = ()
        self.plan: WritePlan | None = None
        self.outcome: WriteOutcome | None = None
        self.warnings: list[str] = []
        self.store: Store = "openclaw"  # where the secret lives: OpenClaw's store, the keychain,
        self.env_var: str | None = None  # or an env var
        self.expires: int | None = None  # epoch ms, only when the user gave or confirmed it
        self.proposed: str | None = None  # the profile the config names and the store lacks


class Flow:
    """One run of the wizard over one OpenClaw state."""

    def __init__(
        self,
        backend: Backend,
        env: Mapping[str, str],
        *,
        base_url: str | None = None,
        now_ms: Callable[[], float] = lambda: time.time() * 1000,
    ) -> None:
        self.backend = backend
        self.env = env
        self.base_url = base_url
        self.now_ms = now_ms
        self.step = Step.PROVIDER
        self.state = FlowState()
        self.located: Located = backend.read()

    # ------------------------------------------------------------ navigation

    def progress(self) -> Progress:
        provider = self.state.provider
        return Progress(
            methods=len(provider.methods) if provider is not None else 0,
            accepted=self.verdict_allows_save(),
        )

    def _answered(self, step: Step) -> None:
        """``step`` was answered: move on as the table says (or stay, when it says None)."""
        following = next_step(step, self.progress())
        if following is not None:
            self.step = following

    def back(self) -> Step:
        previous = previous_step(self.step, self.progress())
        if previous is not None:
            self.step = previous
        return self.step

    def check_config(self) -> None:
        """A config OpenClaw's schema rejects: stop before any change (exit 5)."""
        errors = config_auth_errors(self.located.snapshot.config.get("auth", {}))
        if errors:
            raise FilesError(
                f"{self.located.paths.config_path} breaks OpenClaw's schema:\n  "
                + "\n  ".join(errors),
                "run `authwizard doctor --fix`, then run authwizard again",
            )

    # ------------------------------------------------------------ steps

    def choose_provider(self, provider_id: str) -> Provider:
        provider = PROVIDERS.get(provider_id)
        if provider is None:
            raise UsageError(f"unknown provider {provider_id!r}", "pick one from the list")
        if provider is not self.state.provider:
            self.state = FlowState()
        self.state.provider = provider
        if len(provider.methods) == 1:
            self.state.method = provider.methods[0]
        self._answered(Step.PROVIDER)
        return provider

    def choose_method(self, method: Method) -> None:
        provider = self._provider()
        if method not in provider.methods:
            raise UsageError(
                f"{provider.name} has no {method!r} method",
                f"use one of: {', '.join(provider.methods)}",
            )
        if method != self.state.method:
            self.state.credential = None
            self.state.verdict = None
        self.state.method = method
        self._answered(Step.METHOD)

    def give_secret(self, raw: str) -> Credential:
        """Normalise and classify a paste; raises ``PasteError`` with the fix."""
        from wizard.core.secrets import classify
        from wizard.detect.claude_session import refuse_session_token

        credential = classify(raw, provider=self._provider().id, method=self._method())
        refuse_session_token(credential.secret, self.env)
        self.state.credential = credential
        self.state.verdict = None
        self.state.unverified_ok = False
        self._answered(Step.SECRET)
        return credential

    def api_roots(self) -> tuple[str, dict[str, str]]:
        from wizard.providers.validate import resolve_api_root, resolve_region_roots

        provider = self._provider()
        models = self.located.snapshot.config.get("models")
        cfg_url = None
        if isinstance(models, Mapping):
            providers = models.get("providers")
            if isinstance(providers, Mapping):
                entry = providers.get(provider.id)
                if isinstance(entry, Mapping) and isinstance(entry.get("baseUrl"), str):
                    cfg_url = entry["baseUrl"]
        root = resolve_api_root(
            provider, explicit=self.base_url, env=self.env, config_base_url=cfg_url
        )
        return root, resolve_region_roots(provider, self.env)

    async def validate(
        self,
        timeout: float = 10.0,
        client: httpx.AsyncClient | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
    ) -> Verdict:
        from wizard.providers.validate import validate

        credential = self._credential()
        root, regions = self.api_roots()
        kwargs: dict[str, Any] = {}
        if sleep is not None:
            kwargs["sleep"] = sleep
        verdict = await validate(
            self._provider(),
            credential.kind,
            credential.secret,
            api_root=root,
            region_roots=regions,
            timeout=timeout,
            client=client,
            **kwargs,
        )
        return self._record(verdict)

    def validate_blocking(self, timeout: float = 10.0) -> Verdict:
        """The same check without an event loop: for headless runs."""
        from wizard.providers.validate import validate_sync

        credential = self._credential()
        root, regions = self.api_roots()
        verdict = validate_sync(
            self._provider(), credential.kind, credential.secret,
            api_root=root, region_roots=regions, timeout=timeout,
        )
        return self._record(verdict)

    async def send_test_message(self, client: httpx.AsyncClient | None = None) -> Verdict:
        """The opt-in test: one minimal message (see wizard.providers.message_test)."""
        from wizard.providers.message_test import send

        credential = self._credential()
        verdict = await send(self._provider(), credential.kind, credential.secret,
                             api_root=self.api_roots()[0], client=client)
        self.state.message_verdict = verdict
        return verdict

    def send_test_message_blocking(self) -> Verdict:
        from wizard.providers.message_test import send_sync

        credential = self._credential()
        verdict = send_sync(self._provider(), credential.kind, credential.secret,
                            api_root=self.api_roots()[0])
        self.state.message_verdict = verdict
        return verdict

    def _record(self, verdict: Verdict) -> Verdict:
        self.state.verdict = verdict
        self._answered(Step.VALIDATE)
        return verdict

    def verdict_allows_save(self) -> bool:
        v = self.state.verdict
        if v is None:
            return self.state.unverified_ok
        if v.outcome in ("valid", "limited"):
            return True
        return v.outcome == "unverified" and self.state.unverified_ok

    def save_unverified(self) -> None:
        """An explicit choice: keep a credential that could not be checked."""
        self.state.unverified_ok = True
        self._answered(Step.VALIDATE)

    def skip_validation(self) -> None:
        self._credential()
        self.state.verdict = None
        self.state.unverified_ok = True
        self._answered(Step.VALIDATE)

    def known_agents(self) -> list[str]:
        return list(self.located.snapshot.stores)

    def default_agent(self) -> str:
        return self.located.snapshot.default_agent

    def resolve_agents(self, agents: list[str] | Literal["all"] | None) -> tuple[str, ...]:
        known = self.known_agents()
        if agents is None or agents == []:
            return (self.default_agent(),)
        if agents == "all" or agents == ["all"]:
            return tuple(known)
        from wizard.openclaw.paths import normalize_agent_id

        out = []
        for a in agents:
            aid = normalize_agent_id(a)
            if aid not in known:
                raise UsageError(
                    f"agents: unknown agent {a!r}; OpenClaw knows: {', '.join(known)}",
                    "add it with `openclaw agents add` first, or fix the id",
                )
            out.append(aid)
        return tuple(dict.fromkeys(out))

    def propose_profile(self, profile_id: str) -> None:
        """Propose ``profile_id`` at the profile step: a profile the config names whose
        credential the store lacks, while the chosen provider and method are its own."""
        self.state.proposed = profile_id

    def _proposed(self) -> str | None:
        pid = self.state.proposed
        entry = self.located.snapshot.config_profiles().get(pid) if pid else None
        if (isinstance(entry, Mapping) and entry_provider(entry) == self._provider().id
                and entry.get("mode") == METHOD_TYPE[self._method()]):
            return pid
        return None

    def suggest_profile(self, agents: tuple[str, ...] | None = None) -> Suggestion:
        from wizard.core.plan import choose_profile_id
        from wizard.core.secrets import redact

        provider = self._provider()
        wtype = METHOD_TYPE[self._method()]
        agents = agents or (self.default_agent(),)
        snap = self.located.snapshot
        pid = self._proposed() or choose_profile_id(snap, provider.id, wtype, agents)
        for agent in (*agents, snap.default_agent):
            entry = snap.stores[agent].profiles().get(pid) if agent in snap.stores else None
            if isinstance(entry, Mapping) and entry_provider(entry) == provider.id:
                from wizard.core.profiles import entry_secret

                secret = entry_secret(entry)
                expires = entry.get("expires")
                shown = redact(secret) if secret else None
                return Suggestion(
                    pid,
                    True,
                    "kept by OpenClaw" if entry.get("reported") else shown,
                    float(expires) if isinstance(expires, (int, float)) else None,
                )
        return Suggestion(pid, False)

    def choose_profile(
        self, profile: str | None, agents: list[str] | Literal["all"] | None
    ) -> WritePlan:
        resolved_agents = self.resolve_agents(agents)
        self.state.profile = self.parse_profile(profile) or self._proposed()
        self.state.agents = resolved_agents
        planned = self._plan()
        if planned.losses:
            raise UsageError(
                f"profile {planned.profile_id}: " + "; ".join(planned.losses),
                "choose another profile name, or include that agent",
            )
        self.state.plan = planned
        self._answered(Step.PROFILE)
        return planned

    def choose_store(
        self,
        store: Store,
        *,
        generation: str,
        version: tuple[int, int, int] | None,
        env_var: str | None = None,
    ) -> None:
        """Where the secret will live; refused (before any request) where it cannot work."""
        from wizard.keychain.storage import env_name_problem, refs_unsupported

        if store != "openclaw":
            reason = refs_unsupported(generation, version)
            if reason:
                raise FilesError(f"store {store!r}: {reason}", "choose \"store\": \"openclaw\"")
        if store == "env":
            problem = env_name_problem(env_var)
            if problem:
                raise UsageError(problem, "name the variable in \"env_var\"")
        if store == "keychain":
            from wizard.keychain.backend import availability

            found = availability()
            if not found.usable:
                raise FilesError(f"store \"keychain\": {found.reason}", "nothing was changed")
        self.state.store = store
        self.state.env_var = env_var if store == "env" else None

    def choose_expires(self, text: str | None) -> int | None:
        """When the setup token expires, as the user gave it: an ISO date (``2027-06-30``) or
        days from now (``365d``); None records no expiry (one is never guessed). A moment not
        in the future, or an expiry for anything but a setup token, is a usage error."""
        if text is None:
            self.state.expires = None
            return None
        if self._method() != "setup-token":
            raise UsageError("expires: only a setup token carries an expiry",
                             "record no expiry for an API key")
        from wizard.core.expiry import parse_expires

        try:
            self.state.expires = parse_expires(text, self.now_ms())
        except ValueError as exc:
            fix = "give a day after today (e.g. 2027-06-30), or record no expiry"
            raise UsageError(f"expires: {exc}", fix) from None
        return self.state.expires

    def credential_type(self) -> WriteType:
        return "token" if self._method() == "setup-token" else "api_key"

    def parse_profile(self, profile: str | None) -> str | None:
        """A user-given profile as a full id (None: choose by rule 6); exit 2 if invalid."""
        if not profile:
            return None
        try:
            return parse_profile_id(profile, self._provider().id)
        except ValueError as exc:
            raise UsageError(f"profile: {exc}", "choose a valid profile name") from None

    def _intent(self) -> Intent:
        credential = self._credential()
        intent = Intent(
            provider=self._provider().id,
            type=self.credential_type(),
            secret=credential.secret,
            agents=self.state.agents,
            profile=self.state.profile,
            expires=self.state.expires if self.credential_type() == "token" else None,
        )
        if self.state.store == "openclaw":
            return intent
        from wizard.core.plan import choose_profile_id
        from wizard.keychain.storage import refs_for

        snap = self.located.snapshot
        agents = self.state.agents or (snap.default_agent,)
        pid = intent.profile or choose_profile_id(snap, intent.provider, intent.type, agents)
        providers: dict[str, dict[str, Any]] = {}
        if self.state.store == "keychain":
            from wizard.keychain.backend import pass_env
            from wizard.keychain.install import provider_entry, resolver_path
            from wizard.keychain.names import ALIAS

            command = resolver_path(self.located.paths.state_dir).absolute()
            providers[ALIAS] = provider_entry(command, pass_env(dict(self.env)))
        return intent._replace(
            profile=pid,
            refs=refs_for(self.state.store, agents, pid, self.state.env_var),
            secret_providers=providers,
        )

    def _plan(self) -> WritePlan:
        return self.backend.preview(self.located, self._intent(), self.now_ms())

    def diff(self) -> str:
        from wizard.core.diff import plan_diff

        p = self.state.plan or self._plan()
        labels = {t: str(path) for t, path in self.located.files.items()}
        return plan_diff(p, labels, extra_secrets=(self._credential().secret,))

    def write(self) -> WriteOutcome:
        if not self.verdict_allows_save():
            raise WizardError("the credential has not been accepted yet")
        intent = self._intent()
        if self.state.store == "keychain":
            from wizard.keychain.write import keychain_items

            with keychain_items(intent, self.located.paths.state_dir) as stored:
                outcome = self.backend.write(intent, self.now_ms)
            outcome.keychain = stored
        else:
            outcome = self.backend.write(intent, self.now_ms)
        self.state.outcome = outcome
        self.state.plan = outcome.plan
        self.located = self.backend.read()
        self._answered(Step.REVIEW)
        return outcome

    # ------------------------------------------------------------ helpers

    def _provider(self) -> Provider:
        if self.state.provider is None:
            raise WizardError("no provider chosen yet")
        return self.state.provider

    def _method(self) -> Method:
        if self.state.method is None:
            raise WizardError("no method chosen yet")
        return self.state.method

    def _credential(self) -> Credential:
        if self.state.credential is None:
            raise WizardError("no secret given yet")
        return self.state.credential


def verdict_exit(verdict: Verdict | None, on_unverified: str) -> ExitCode | None:
    """The exit code a verdict forces on the headless run, None when it may go on."""
    if verdict is None:
        return None
    if verdict.outcome == "rejected":
        return ExitCode.REJECTED
    if verdict.outcome == "unverified" and on_unverified != "save":
        return ExitCode.UNVERIFIED
    return None

