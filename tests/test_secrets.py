"""Pastes users really make (provider-auth §10) → one exact token, or a refusal that says the fix.

Every token here is fake: a fixed prefix plus a repeated pattern, never a real credential.
"""

from __future__ import annotations

import json
import pickle
import string
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from wizard.core.secrets import (
    Credential,
    PasteError,
    classify,
    known_prefixes,
    looks_like,
    normalise,
    redact,
)
from wizard.spec.registry import PROVIDERS, Method

# --- fake tokens: prefix + fixed pattern ------------------------------------------------------

API03 = "sk-ant-api03-" + "A1b2C3d4" * 11 + "Ab3dKLMN"
OAT = "sk-ant-oat01-" + "Q9w8E7r6" * 11 + "Zz9yWXYZ"
OAT2 = "sk-ant-oat01-" + "H3j4K5l6" * 11 + "Pp0oQRST"
ORT = "sk-ant-ort01-" + "R5t6Y7u8" * 12
ANT_ADMIN = "sk-ant-admin01-" + "M1n2B3v4" * 10
ANT_SID = "sk-ant-sid01-" + "S1d2S3d4" * 10
PROJ = "sk-proj-" + "Z1y2X3w4-v5U6_t7S" * 9
SVC = "sk-svcacct-" + "F1g2H3j4" * 16
OAI_ADMIN = "sk-admin-" + "N1m2K3l4" * 8
LEGACY = "sk-" + "T5u6V7w8" * 6
OPENROUTER = "sk-or-v1-" + "0123abcd" * 8
GEMINI = "AIza" + "SyD3f4G5h6J7k8L9m0N1p2Q3r4S5t6U7v8w"
XAI = "xai-" + "K1l2M3n4" * 10
GROQ = "gsk_" + "P1q2R3s4" * 6 + "T5u6"
MM_CP = "sk-cp-" + "C0d1E2f3" * 10
DEEPSEEK = "sk-" + "0123456789abcdef" * 2
MISTRAL = "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY"
ZAI = "0123456789abcdef" * 2 + "." + "AbCdEfGh12345678"
FAKES = (
    API03,
    OAT,
    OAT2,
    ORT,
    ANT_ADMIN,
    ANT_SID,
    PROJ,
    SVC,
    OAI_ADMIN,
    LEGACY,
    OPENROUTER,
    GEMINI,
    XAI,
    GROQ,
    MM_CP,
    DEEPSEEK,
    MISTRAL,
    ZAI,
)


def wrap(s: str, width: int, nl: str = "\n") -> str:
    return nl.join(s[i : i + width] for i in range(0, len(s), width))


def banner(token_block: str) -> str:
    return (
        "✓ Long-lived authentication token created successfully!\n\n"
        f"Your OAuth token (valid for 1 year):\n\n{token_block}\n\n"
        "Store this token securely. You won't be able to see it again.\n\n"
        "Use this token by setting: export CLAUDE_CODE_OAUTH_TOKEN=<token>\n"
    )


CREDENTIALS_JSON = json.dumps(
    {
        "claudeAiOauth": {
            "accessToken": OAT,
            "refreshToken": ORT,
            "expiresAt": 1767225600000,
            "scopes": ["user:inference", "user:profile"],
            "subscriptionType": "max",
        }
    }
)


@dataclass(frozen=True)
class Ok:
    token: str
    provider: str | None
    kind: str = "api_key"


@dataclass(frozen=True)
class No:
    code: str
    words: tuple[str, ...]


def no(code: str, *words: str) -> No:
    return No(code, words)


Case = tuple[str, str, str | None, Method | None, Ok | No]

CASES: list[Case] = [
    # --- normalised to the exact token
    ("plain api key", API03, None, None, Ok(API03, "anthropic")),
    ("trailing newline", API03 + "\n", None, None, Ok(API03, "anthropic")),
    ("trailing CRLF", API03 + "\r\n", "anthropic", "api-key", Ok(API03, "anthropic")),
    ("spaces around", "   " + API03 + "  ", None, None, Ok(API03, "anthropic")),
    ("tabs around", "\t" + OAT + "\t\n", None, None, Ok(OAT, "anthropic", "token")),
    ("wrapped at 80", wrap(API03, 80), None, None, Ok(API03, "anthropic")),
    (
        "wrapped at 80, CRLF",
        wrap(OAT, 80, "\r\n"),
        "anthropic",
        None,
        Ok(OAT, "anthropic", "token"),
    ),
    (
        "wrapped, indented",
        wrap(OAT, 40, "\n    "),
        None,
        "setup-token",
        Ok(OAT, "anthropic", "token"),
    ),
    (
        "zero-width space inside",
        API03[:30] + "\u200b" + API03[30:],
        None,
        None,
        Ok(API03, "anthropic"),
    ),
    (
        "zero-width joiners",
        "\u200d" + OAT[:9] + "\u2060" + OAT[9:] + "\u200c",
        None,
        None,
        Ok(OAT, "anthropic", "token"),
    ),
    ("BOM", "\ufeff" + API03, None, None, Ok(API03, "anthropic")),
    ("NBSP around", "\u00a0" + PROJ + "\u00a0", None, None, Ok(PROJ, "openai")),
    ("straight double quotes", f'"{API03}"', None, None, Ok(API03, "anthropic")),
    ("single quotes", f"'{GEMINI}'", "google", None, Ok(GEMINI, "google")),
    ("curly quotes", f"“{OAT}”", None, None, Ok(OAT, "anthropic", "token")),
    ("curly single quotes", f"‘{XAI}’", "xai", None, Ok(XAI, "xai")),
    (
        "export with quotes",
        f'export ANTHROPIC_API_KEY="{API03}"',
        None,
        None,
        Ok(API03, "anthropic"),
    ),
    (
        "export, single quotes, semicolon",
        f"export OPENAI_API_KEY='{PROJ}';",
        "openai",
        None,
        Ok(PROJ, "openai"),
    ),
    ("NAME=value", f"ANTHROPIC_API_KEY={API03}", None, None, Ok(API03, "anthropic")),
    ("NAME = value (spaces)", f"GROQ_API_KEY = {GROQ}", "groq", None, Ok(GROQ, "groq")),
    ("cmd set", f"set OPENROUTER_API_KEY={OPENROUTER}", None, None, Ok(OPENROUTER, "openrouter")),
    ("powershell $env:", f'$env:OPENAI_API_KEY="{SVC}"', None, None, Ok(SVC, "openai")),
    ("Bearer prefix", f"Bearer {XAI}", None, None, Ok(XAI, "xai")),
    ("Authorization header", f"Authorization: Bearer {PROJ}", None, None, Ok(PROJ, "openai")),
    ("x-api-key header", f"x-api-key: {API03}", "anthropic", None, Ok(API03, "anthropic")),
    (
        "JSON fragment",
        f'"apiKey": "{OPENROUTER}",',
        "openrouter",
        None,
        Ok(OPENROUTER, "openrouter"),
    ),
    (
        "export wrapped token",
        f'export CLAUDE_CODE_OAUTH_TOKEN="{wrap(OAT, 60)}"',
        None,
        None,
        Ok(OAT, "anthropic", "token"),
    ),
    ("setup-token banner", banner(OAT), None, None, Ok(OAT, "anthropic", "token")),
    (
        "setup-token banner, token wrapped",
        banner(wrap(OAT, 80)),
        "anthropic",
        "setup-token",
        Ok(OAT, "anthropic", "token"),
    ),
    (
        "setup-token banner, CRLF and wrap at 50",
        banner(wrap(OAT, 50)).replace("\n", "\r\n"),
        None,
        None,
        Ok(OAT, "anthropic", "token"),
    ),
    (
        "banner in a box",
        f"╭──────╮\n│ Token: {OAT[:70]} │\n│ {OAT[70:]} │\n╰──────╯",
        None,
        None,
        Ok(OAT, "anthropic", "token"),
    ),
    (
        "same token twice in a banner",
        banner(OAT) + f"export CLAUDE_CODE_OAUTH_TOKEN={OAT}\n",
        None,
        None,
        Ok(OAT, "anthropic", "token"),
    ),
    (
        "log lines around a key",
        f"INFO fetching key\n{GROQ}\nINFO done.",
        None,
        None,
        Ok(GROQ, "groq"),
    ),
    ("ANSI colours", f"\x1b[32m{API03}\x1b[0m", None, None, Ok(API03, "anthropic")),
    ("openrouter key", OPENROUTER, None, None, Ok(OPENROUTER, "openrouter")),
    ("minimax coding-plan key", MM_CP, "minimax", "api-key", Ok(MM_CP, "minimax")),
    ("plain sk- as deepseek", DEEPSEEK, "deepseek", None, Ok(DEEPSEEK, "deepseek")),
    ("plain sk- as moonshot", LEGACY, "moonshot", None, Ok(LEGACY, "moonshot")),
    ("plain sk- as openai", LEGACY, "openai", None, Ok(LEGACY, "openai")),
    ("plain sk-, no provider", LEGACY, None, None, Ok(LEGACY, "openai")),
    ("mistral key", f" {MISTRAL}\n", "mistral", "api-key", Ok(MISTRAL, "mistral")),
    ("z.ai key", f"ZAI_API_KEY={ZAI}", "zai", None, Ok(ZAI, "zai")),
    ("unknown shape, no provider", MISTRAL, None, None, Ok(MISTRAL, None)),
    # --- refused, with the fix in the message
    ("empty", "", None, None, no("empty", "paste")),
    ("only whitespace", " \t\r\n \u00a0", None, None, no("empty", "paste")),
    ("only zero-width", "\u200b\ufeff", "anthropic", None, no("empty", "paste")),
    ("refresh token", ORT, None, None, no("refresh_token", "refresh token", "claude setup-token")),
    ("refresh token into openai", ORT, "openai", None, no("refresh_token", "claude setup-token")),
    (
        "oauth code#state",
        "Xk3jD9fLm2Qp8RzT5vWy#st4Te9Ab1Cd2Ef3Gh",
        "anthropic",
        "setup-token",
        no("oauth_code", "sign-in code", "claude setup-token"),
    ),
    (
        "oauth callback url",
        "https://console.anthropic.com/oauth/code/callback?code=Xk3jD9fLm2Qp&state=st4Te9Ab1Cd2",
        None,
        None,
        no("oauth_code", "claude setup-token"),
    ),
    (
        ".credentials.json",
        CREDENTIALS_JSON,
        "anthropic",
        "setup-token",
        no("json_blob", "subscription logins are not copied", "claude setup-token"),
    ),
    (
        ".credentials.json wrapped",
        wrap(CREDENTIALS_JSON, 80),
        None,
        None,
        no("json_blob", "claude setup-token"),
    ),
    (
        "JSON apiKey",
        json.dumps({"apiKey": PROJ}),
        "openai",
        None,
        no("json_blob", '"apiKey" field'),
    ),
    (
        "JSON auth profile",
        json.dumps({"profiles": {"anthropic:default": {"type": "api_key", "key": API03}}}),
        None,
        None,
        no("json_blob", '"profiles.anthropic:default.key"', "between the quotes"),
    ),
    (
        "JSON token field",
        json.dumps({"token": MISTRAL}, indent=2),
        "mistral",
        None,
        no("json_blob", '"token" field'),
    ),
    ("masked anthropic key", "sk-ant-api03-…abcd", None, None, no("masked", "full key", "new key")),
    ("masked openrouter label", "sk-or-v1-116...0ce", "openrouter", None, no("masked", "new key")),
    ("stars", "****", None, None, no("masked", "full key")),
    ("masked with bullets", "sk-proj-••••••••WXYZ", "openai", None, no("masked", "new key")),
    (
        "truncated setup token (60)",
        OAT[:60],
        None,
        None,
        no("truncated", "line wrap", "all of its lines", "claude setup-token"),
    ),
    (
        "setup token cut at an 80-column wrap",
        OAT[:80],
        None,
        None,
        no("truncated", "line wrap", "all of its lines"),
    ),
    (
        "api key cut at an 80-column wrap",
        API03[:80],
        "anthropic",
        None,
        no("truncated", "line wrap"),
    ),
    (
        "truncated setup token as setup-token",
        OAT[:79],
        "anthropic",
        "setup-token",
        no("truncated", "line wrap"),
    ),
    ("truncated gemini key", GEMINI[:15], "google", None, no("truncated", "whole key")),
    ("too short for mistral", "abc123", "mistral", None, no("truncated", "whole key")),
    ("two tokens on two lines", f"{OAT}\n{OAT2}", None, None, no("two_tokens", "only the one")),
    (
        "two tokens in a .env",
        f"ANTHROPIC_API_KEY={API03}\nOPENAI_API_KEY={PROJ}",
        None,
        None,
        no("two_tokens", "only the one"),
    ),
    ("two tokens glued", API03 + OAT, None, None, no("two_tokens", "only the one")),
    ("two tokens in a banner", banner(f"{OAT}\nor {OAT2}"), None, None, no("two_tokens", "only")),
    (
        "gemini key into openai",
        GEMINI,
        "openai",
        None,
        no("other_provider", "google gemini", "choose google gemini", "sk-"),
    ),
    (
        "openai key into anthropic",
        PROJ,
        "anthropic",
        "api-key",
        no("other_provider", "openai project key", "choose openai", "sk-ant-api03-"),
    ),
    ("openrouter key into openai", OPENROUTER, "openai", None, no("other_provider", "openrouter")),
    ("anthropic key into mistral", API03, "mistral", None, no("other_provider", "anthropic")),
    (
        "plain sk- into anthropic",
        LEGACY,
        "anthropic",
        None,
        no("other_provider", "openai-style", "anthropic key"),
    ),
    ("plain sk- into minimax", DEEPSEEK, "minimax", None, no("other_provider", "sk-cp-")),
    (
        "anthropic admin key",
        ANT_ADMIN,
        None,
        None,
        no("admin_key", "cannot run models", "normal api key", "sk-ant-api03-"),
    ),
    ("openai admin key", OAI_ADMIN, "openai", "api-key", no("admin_key", "cannot run models")),
    (
        "api key as setup token",
        API03,
        "anthropic",
        "setup-token",
        no("kind_mismatch", "choose the api-key method"),
    ),
    (
        "setup token as api key",
        OAT,
        "anthropic",
        "api-key",
        no("kind_mismatch", "choose the setup-token method"),
    ),
    (
        "setup-token method for openai",
        PROJ,
        "openai",
        "setup-token",
        no("kind_mismatch", "no setup tokens", "api-key method"),
    ),
    (
        "emoji inside",
        API03[:40] + "🙂" + API03[40:],
        None,
        None,
        no("bad_characters", "position 41", "copy the key again"),
    ),
    (
        "accented letter inside wrapped key",
        wrap(OAT[:50] + "é" + OAT[50:], 80),
        None,
        None,
        no("bad_characters", "position 51", "delete that character"),
    ),
    (
        "control character",
        PROJ[:20] + "\x07" + PROJ[20:],
        "openai",
        None,
        no("bad_characters", "control character", "position 21"),
    ),
    (
        "quote inside",
        MISTRAL[:10] + '"' + MISTRAL[10:],
        "mistral",
        None,
        no("bad_characters", "quote mark", "position 11"),
    ),
    ("unknown anthropic kind", ANT_SID, None, None, no("unrecognised", "sk-ant-api03-")),
    (
        "random text for anthropic",
        "not-a-key-at-all-really",
        "anthropic",
        None,
        no("unrecognised", "sk-ant-api03-", "console.anthropic.com"),
    ),
    (
        "banner without a key",
        "Login successful!\nWelcome back.",
        None,
        None,
        no("unrecognised", "only the key"),
    ),
    ("a whole file", "x" * 3000, "mistral", None, no("unrecognised", "only the key")),
]


def _secret_windows(*secrets: str) -> set[str]:
    """Every 12-character piece of the random part of the secrets (prefixes are public)."""
    out: set[str] = set()
    for s in secrets:
        prefix = next((p for p in known_prefixes() if s.startswith(p)), "")
        body = s[len(prefix) :]
        out |= {body[i : i + 12] for i in range(len(body) - 11)}
    return out


FAKE_WINDOWS = _secret_windows(*FAKES)


def test_table_is_big_enough() -> None:
    assert len(CASES) >= 40
    assert len({c[0] for c in CASES}) == len(CASES)


@pytest.mark.parametrize(
    ("raw", "provider", "method", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_real_world_paste(
    raw: str, provider: str | None, method: Method | None, want: Ok | No
) -> None:
    if isinstance(want, Ok):
        assert normalise(raw) == want.token
        cred = classify(raw, provider, method)
        assert cred.secret == want.token
        assert (cred.provider, cred.kind) == (want.provider, want.kind)
        assert want.token not in repr(cred) and want.token not in str(cred)
        return
    with pytest.raises(PasteError) as info:
        classify(raw, provider, method)
    err = info.value
    assert err.code == want.code, err.message
    for word in want.words:
        assert word.lower() in err.message.lower(), (word, err.message)
    shown = f"{err} {err.message} {err!r}"
    assert not any(w in shown for w in FAKE_WINDOWS), err.message


def test_labels_and_describe() -> None:
    cases = {
        OAT: ("Claude setup token", "sk-ant-oat01-…WXYZ"),
        API03: ("Anthropic API key", "sk-ant-api03-…KLMN"),
        PROJ: ("OpenAI project key", "sk-proj-…" + PROJ[-4:]),
        GEMINI: ("Google Gemini API key", "AIza…" + GEMINI[-4:]),
    }
    for token, (label, redacted) in cases.items():
        cred = classify(token)
        assert cred.label == label
        assert cred.redacted == redacted
        assert cred.describe() == f"{label}, {len(token)} chars"
        assert str(cred) == f"{label} {redacted}"
        assert "secret" not in repr(cred)


def test_looks_like() -> None:
    assert looks_like(GEMINI) == ("google", "Google Gemini API key")
    assert looks_like(f'"{PROJ}"\n') == ("openai", "OpenAI project key")
    assert looks_like(ORT) == ("anthropic", "Claude refresh token")
    assert looks_like(MISTRAL) == (None, None)
    assert looks_like("") == (None, None)


def test_redact_short_and_unknown() -> None:
    assert redact("") == "…"
    assert redact("abcdefgh") == "…gh"  # a third at most
    assert redact(MISTRAL) == "…" + MISTRAL[-4:]
    assert redact("sk-ant-oat01-AB") == "sk-ant-oat01-…"


def test_paste_error_pickles() -> None:
    err = PasteError("masked", "This key is masked.")
    back = pickle.loads(pickle.dumps(err))  # noqa: S301 - our own bytes
    assert (back.code, back.message, str(back)) == ("masked", "This key is masked.", str(err))


def test_unknown_provider_id_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown provider"):
        classify(API03, "nope")


def test_classify_accepts_provider_aliases() -> None:
    assert classify(GEMINI, "gemini").provider == "google"


# --- properties -------------------------------------------------------------------------------

ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"


def _body(alphabet: str, lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=lo, max_size=hi)


# (provider, kind, prefix, body)
SHAPES: list[tuple[str, str, str, st.SearchStrategy[str]]] = [
    ("anthropic", "api_key", "sk-ant-api03-", _body(URLSAFE, 90, 100)),
    ("anthropic", "token", "sk-ant-oat01-", _body(URLSAFE, 90, 100)),
    ("openai", "api_key", "sk-proj-", _body(URLSAFE, 100, 160)),
    ("openai", "api_key", "sk-svcacct-", _body(URLSAFE, 100, 160)),
    ("openai", "api_key", "sk-", _body(ALNUM, 48, 48)),
    ("openrouter", "api_key", "sk-or-v1-", _body(HEX, 64, 64)),
    ("google", "api_key", "AIza", _body(URLSAFE, 35, 35)),
    ("xai", "api_key", "xai-", _body(ALNUM, 80, 80)),
    ("groq", "api_key", "gsk_", _body(ALNUM, 52, 52)),
    ("minimax", "api_key", "sk-cp-", _body(URLSAFE, 60, 120)),
    ("minimax", "api_key", "sk-api-", _body(URLSAFE, 60, 120)),
    ("deepseek", "api_key", "sk-", _body(HEX, 32, 32)),
    ("moonshot", "api_key", "sk-", _body(ALNUM, 48, 48)),
    ("mistral", "api_key", "", _body(ALNUM, 32, 32)),
    (
        "zai",
        "api_key",
        "",
        st.builds(lambda a, b: f"{a}.{b}", _body(HEX, 32, 32), _body(ALNUM, 16, 16)),
    ),
]


@dataclass(frozen=True)
class Tok:
    provider: str
    kind: str
    prefix: str
    body: str

    @property
    def token(self) -> str:
        return self.prefix + self.body


def _plausible(t: Tok) -> bool:
    """No known prefix hidden inside (a real key with one would be indistinguishable from two)."""
    tok = t.token
    if any(tok.find(p, 1) != -1 for p in known_prefixes()):
        return False
    if not t.prefix and (
        tok.startswith(known_prefixes()) or tok.lower().startswith(("bearer", "export", "set"))
    ):
        return False
    return True


def _shape_tokens(shape: tuple[str, str, str, st.SearchStrategy[str]]) -> st.SearchStrategy[Tok]:
    provider, kind, prefix, body = shape
    return body.map(lambda b: Tok(provider, kind, prefix, b))


tokens = st.sampled_from(SHAPES).flatmap(_shape_tokens).filter(_plausible)

WHITESPACE = [" ", "  ", "\t", "\n", "\r\n", "\r", "\u00a0", "\u2028", " \n  "]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"]
QUOTES = [("", ""), ('"', '"'), ("'", "'"), ("“", "”"), ("‘", "’"), ("`", "`")]
ASSIGNMENTS = ["", "export ANTHROPIC_API_KEY=", "OPENAI_API_KEY=", "KEY = ", "set X=", "$env:K="]


@st.composite
def mangle(draw: st.DrawFn, token: str) -> str:
    s = token
    if draw(st.booleans()):
        width = draw(st.integers(1, 120))
        nl = draw(st.sampled_from(["\n", "\r\n", "\r"])) + draw(st.sampled_from(["", "  ", "\t"]))
        s = wrap(s, width, nl)
    inserts = draw(
        st.lists(
            st.tuples(st.integers(0, len(token)), st.sampled_from(WHITESPACE + ZERO_WIDTH)),
            max_size=8,
        )
    )
    for pos, ch in sorted(inserts, reverse=True):
        s = s[:pos] + ch + s[pos:] if pos <= len(s) else s + ch
    if draw(st.booleans()):
        s = "Bearer " + s
    q = draw(st.sampled_from(QUOTES))
    s = q[0] + s + q[1]
    s = draw(st.sampled_from(ASSIGNMENTS)) + s
    s = draw(st.sampled_from(["", "\ufeff"])) + draw(st.sampled_from(["", " ", "\t", "\n"])) + s
    return s + draw(st.sampled_from(["", "\n", "\r\n", "  \r\n", "\t", ";"]))


@settings(max_examples=400, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data(), t=tokens)
@example(data=None, t=Tok("anthropic", "token", "sk-ant-oat01-", "A1b2C3d4" * 12))
def test_any_mangling_of_a_valid_token_normalises_back(data: st.DataObject | None, t: Tok) -> None:
    raw = data.draw(mangle(t.token)) if data is not None else f' export X="{wrap(t.token, 80)}"\r\n'
    assert normalise(raw) == t.token
    cred = classify(raw, t.provider)
    assert (cred.secret, cred.provider, cred.kind) == (t.token, t.provider, t.kind)


@settings(max_examples=100)
@given(t=tokens)
def test_valid_tokens_classify_without_a_provider(t: Tok) -> None:
    cred = classify(t.token)
    assert cred.secret == t.token
    if t.prefix and t.prefix != "sk-":
        assert cred.provider == t.provider
    assert looks_like(t.token)[0] == cred.provider


PROVIDER_IDS = sorted(PROVIDERS)
ABUSES = [
    "as_is",
    "truncate",
    "two",
    "bad_char",
    "masked",
    "json",
    "code",
    "banner",
    "glued",
    "nul",
]


def _abuse(kind: str, t: Tok, other: Tok, cut: int) -> str:
    tok, tok2 = t.token, other.token
    k = cut % max(1, len(tok))
    return {
        "as_is": tok,
        "truncate": tok[:k],
        "two": f"{tok}\n{tok2}",
        "bad_char": tok[:k] + "é" + tok[k:],
        "masked": tok[: len(t.prefix) + 2] + "…" + tok[-4:],
        "json": json.dumps({"x": {"apiKey": tok, "token": tok2}}),
        "code": f"{t.body}#{other.body}",
        "banner": f"Your key (copy it now):\n  {tok}\nand the old one: {tok2}\n",
        "glued": tok + tok2,
        "nul": tok[:k] + "\x00" + tok[k:],
    }[kind]


@settings(max_examples=400)
@given(
    t=tokens,
    other=tokens,
    abuse=st.sampled_from(ABUSES),
    cut=st.integers(0, 400),
    provider=st.sampled_from([None, *PROVIDER_IDS]),
    method=st.sampled_from([None, "api-key", "setup-token"]),
)
def test_no_message_or_repr_ever_shows_the_secret(
    t: Tok, other: Tok, abuse: str, cut: int, provider: str | None, method: Method | None
) -> None:
    raw = _abuse(abuse, t, other, cut)
    windows = _secret_windows(t.token, other.token)
    try:
        cred = classify(raw, provider, method)
    except PasteError as err:
        shown = f"{err} {err.message} {err!r} {err.args}"
        assert t.token not in shown and other.token not in shown
        assert not any(w in shown for w in windows), (abuse, err.code, err.message)
        return
    assert isinstance(cred, Credential)
    shown = f"{cred!r} {cred} {cred.describe()} {cred.redacted}"
    assert cred.secret not in shown or len(cred.secret) < 4
    assert not any(w in shown for w in windows), shown


@given(s=st.text(min_size=0, max_size=200))
def test_redact_reveals_a_prefix_and_at_most_a_third_of_the_rest(s: str) -> None:
    r = redact(s)
    prefix = next((p for p in known_prefixes() if s.startswith(p)), "")
    assert r.startswith(prefix + "…")
    tail = r[len(prefix) + 1 :]
    rest = s[len(prefix) :]
    assert rest.endswith(tail)
    assert len(tail) <= min(4, len(rest) // 3)
