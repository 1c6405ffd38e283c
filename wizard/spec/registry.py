"""One declarative entry per provider. Adding a provider means adding one ``Provider`` here.

Pure data: no I/O, safe to import from ``wizard.core``.
"""


from collections.abc import Mapping
from types import MappingProxyType
from typing import Literal, NamedTuple

Method = Literal["api-key", "setup-token"]
CredentialType = Literal["api_key", "token", "oauth"]
AuthStyle = Literal["x-api-key", "bearer", "x-goog-api-key"]

NO_HEADERS: Mapping[str, str] = MappingProxyType({})
METHOD_TYPE: dict[Method, CredentialType] = {"api-key": "api_key", "setup-token": "token"}


class Probe(NamedTuple):
    """The one cheap request that proves a credential, relative to the API root."""

    method: Literal["GET", "POST"]
    path: str
    json_body: dict[str, object] | None = None
    # Statuses besides 2xx that prove the credential was accepted (e.g. a probe with a
    # deliberately empty body that the API checks only after authentication → 400).
    accept_statuses: tuple[int, ...] = ()
    # Statuses besides 401 that mean "this key is not valid" for this probe.
    reject_statuses: tuple[int, ...] = ()


class MessageTest(NamedTuple):
    """The opt-in test: ONE minimal message (``max_tokens`` 1) to the provider's cheapest model,
    relative to the API root. ``style``: the body's API dialect. ``cost``: stated on screen."""

    path: str
    model: str
    style: Literal["anthropic", "openai", "google"]
    cost: str

    def request(self) -> tuple[str, dict[str, object]]:
        """(path, JSON body): one user word, one token back; no system prompt, no tools."""
        if self.style == "google":
            return (f"{self.path}/{self.model}:generateContent",
                    {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}],
                     "generationConfig": {"maxOutputTokens": 1}})
        return self.path, {"model": self.model, "max_tokens": 1,
                           "messages": [{"role": "user", "content": "Hi"}]}


class Region(NamedTuple):
    """An alternative API root with its own accounts (a key of one region fails in the other)."""

    id: str  # short slug, used in AUTHWIZARD_<PROVIDER>_<REGION>_BASE_URL
    name: str
    api_root: str


class Provider(NamedTuple):
    id: str  # as OpenClaw spells it
    name: str
    methods: tuple[Method, ...]
    api_root: str
    probe: Probe
    auth_style: AuthStyle = "bearer"
    key_prefixes: tuple[str, ...] = ()  # prefixes of this provider's API keys, most specific first
    token_prefixes: tuple[str, ...] = ()  # prefixes of setup/OAuth tokens (setup-token method)
    admin_prefixes: tuple[str, ...] = ()  # keys that manage an account but cannot run models
    refresh_prefixes: tuple[str, ...] = ()  # OAuth refresh tokens: never a credential to paste
    family_prefix: str = ""  # every credential of this provider starts so (spots unknown kinds)
    env_vars: tuple[str, ...] = ()  # what OpenClaw reads, first wins
    token_env_vars: tuple[str, ...] = ()  # env vars OpenClaw reads as a token rather than a key
    regions: tuple[Region, ...] = ()  # other regions to try when the key is rejected
    min_token_length: int = 0
    extra_headers: Mapping[str, str] = NO_HEADERS  # sent with every credential
    token_headers: Mapping[str, str] = NO_HEADERS  # sent with setup/OAuth tokens only
    setup_command: str = ""  # how the user gets a new setup token, e.g. "claude setup-token"
    docs_url: str = ""
    message_test: MessageTest | None = None  # the opt-in probe that sends one real message

    def env_var_slug(self) -> str:
        """``AUTHWIZARD_<PROVIDER>_BASE_URL`` suffix: upper-cased, non-alphanumerics → ``_``."""
        return "".join(c if c.isalnum() else "_" for c in self.id.upper())


CHEAP = "under $0.0001"  # ~10 tokens in, 1 out, at the cheapest model's list price


def _chat(model: str, cost: str = CHEAP) -> MessageTest:
    return MessageTest("/chat/completions", model, "openai", cost)


ANTHROPIC_VERSION = "2023-06-01"
ANTHROPIC_OAUTH_BETA = "oauth-2025-04-20"

PROVIDERS: dict[str, Provider] = {
    p.id: p
    for p in (
        Provider(
            id="anthropic",
            name="Anthropic (Claude)",
            methods=("api-key", "setup-token"),
            api_root="https://api.anthropic.com",
            probe=Probe("GET", "/v1/models?limit=1"),
            auth_style="x-api-key",
            key_prefixes=("sk-ant-api03-",),
            token_prefixes=("sk-ant-oat01-",),
            admin_prefixes=("sk-ant-admin01-", "sk-ant-api01-"),  # api01: Claude Enterprise admin
            refresh_prefixes=("sk-ant-ort01-",),
            family_prefix="sk-ant-",
            env_vars=("ANTHROPIC_OAUTH_TOKEN", "ANTHROPIC_API_KEY"),
            token_env_vars=("ANTHROPIC_OAUTH_TOKEN",),
            min_token_length=90,  # a token cut at an 80-column wrap is 80 long (OpenClaw #33173)
            extra_headers={"anthropic-version": ANTHROPIC_VERSION},
            token_headers={"anthropic-beta": ANTHROPIC_OAUTH_BETA},
            setup_command="claude setup-token",
            docs_url="https://console.anthropic.com/settings/keys",
            message_test=MessageTest("/v1/messages", "claude-haiku-4-5", "anthropic", CHEAP),
        ),
        Provider(
            id="openai",
            name="OpenAI",
            methods=("api-key",),
            api_root="https://api.openai.com/v1",
            probe=Probe("GET", "/models"),
            key_prefixes=("sk-proj-", "sk-svcacct-", "sk-admin-", "sk-"),
            admin_prefixes=("sk-admin-",),
            env_vars=("OPENAI_API_KEY",),
            docs_url="https://platform.openai.com/api-keys",
            message_test=_chat("gpt-4.1-nano"),
        ),
        Provider(
            id="openrouter",
            name="OpenRouter",
            methods=("api-key",),
            api_root="https://openrouter.ai/api/v1",
            probe=Probe("GET", "/key"),
            key_prefixes=("sk-or-v1-",),
            env_vars=("OPENROUTER_API_KEY",),
            docs_url="https://openrouter.ai/settings/keys",
            message_test=_chat("openai/gpt-4.1-nano"),
        ),
        Provider(
            id="google",
            name="Google Gemini",
            methods=("api-key",),
            api_root="https://generativelanguage.googleapis.com",
            probe=Probe("GET", "/v1beta/models?pageSize=1"),
            auth_style="x-goog-api-key",
            key_prefixes=("AIza",),
            env_vars=("GEMINI_API_KEY",),
            docs_url="https://aistudio.google.com/app/apikey",
            message_test=MessageTest(
                "/v1beta/models", "gemini-2.0-flash-lite", "google",
                CHEAP + " (free tier: nothing)"),
        ),
        Provider(
            id="minimax",
            name="MiniMax",
            methods=("api-key",),
            api_root="https://api.minimax.io",
            # Auth is checked before the (deliberately empty) body: 400 ⇒ key accepted, no
            # tokens spent; 401 ⇒ rejected (reference/provider-auth.md §5).
            probe=Probe(
                "POST",
                "/anthropic/v1/messages",
                {"model": "", "max_tokens": 1, "messages": []},
                accept_statuses=(400,),
            ),
            key_prefixes=("sk-cp-", "sk-api-", "eyJ"),  # eyJ: JWT-style keys of some consoles
            env_vars=("MINIMAX_API_KEY",),
            regions=(Region("cn", "China (api.minimaxi.com)", "https://api.minimaxi.com"),),
            docs_url="https://platform.minimax.io/user-center/basic-information/interface-key",
            message_test=MessageTest(
                "/anthropic/v1/messages", "MiniMax-M2", "anthropic", CHEAP),
        ),
        Provider(
            id="moonshot",
            name="Moonshot (Kimi)",
            methods=("api-key",),
            api_root="https://api.moonshot.ai/v1",
            probe=Probe("GET", "/models"),
            env_vars=("MOONSHOT_API_KEY",),
            regions=(Region("cn", "China (api.moonshot.cn)", "https://api.moonshot.cn/v1"),),
            docs_url="https://platform.moonshot.ai/console/api-keys",
            message_test=_chat("moonshot-v1-8k"),
        ),
        Provider(
            id="zai",
            name="Z.AI (GLM)",
            methods=("api-key",),
            api_root="https://api.z.ai/api/paas/v4",
            probe=Probe("GET", "/models"),
            env_vars=("ZAI_API_KEY", "Z_AI_API_KEY"),
            regions=(
                Region("cn", "China (open.bigmodel.cn)", "https://open.bigmodel.cn/api/paas/v4"),
            ),
            docs_url="https://z.ai/manage-apikey/apikey-list",
            message_test=_chat("glm-4.5-flash", "nothing (a free model)"),
        ),
        Provider(
            id="xai",
            name="xAI (Grok)",
            methods=("api-key",),
            api_root="https://api.x.ai/v1",
            probe=Probe("GET", "/api-key", reject_statuses=(400,)),  # invalid key ⇒ 400
            key_prefixes=("xai-",),
            env_vars=("XAI_API_KEY",),
            docs_url="https://console.x.ai",
            message_test=_chat("grok-3-mini"),
        ),
        Provider(
            id="mistral",
            name="Mistral",
            methods=("api-key",),
            api_root="https://api.mistral.ai/v1",
            probe=Probe("GET", "/models"),
            env_vars=("MISTRAL_API_KEY",),
            docs_url="https://console.mistral.ai/api-keys",
            message_test=_chat("ministral-3b-latest"),
        ),
        Provider(
            id="groq",
            name="Groq",
            methods=("api-key",),
            api_root="https://api.groq.com/openai/v1",
            probe=Probe("GET", "/models"),
            key_prefixes=("gsk_",),
            env_vars=("GROQ_API_KEY",),
            docs_url="https://console.groq.com/keys",
            message_test=_chat("llama-3.1-8b-instant"),
        ),
        Provider(
            id="deepseek",
            name="DeepSeek",
            methods=("api-key",),
            api_root="https://api.deepseek.com",
            probe=Probe("GET", "/models"),
            env_vars=("DEEPSEEK_API_KEY",),
            docs_url="https://platform.deepseek.com/api_keys",
            message_test=_chat("deepseek-chat"),
        ),
    )
}


def get_provider(provider_id: str) -> Provider | None:
    return PROVIDERS.get(normalize_provider_id(provider_id))


_ALIASES = {"z.ai": "zai", "z-ai": "zai", "gemini": "google"}


def normalize_provider_id(provider_id: str) -> str:
    """OpenClaw's ``normalizeProviderId``: lower-case plus a few aliases."""
    p = provider_id.strip().lower()
    return _ALIASES.get(p, p)
