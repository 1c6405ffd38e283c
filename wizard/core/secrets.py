"""What a pasted credential is, and whether it fits the provider and method the user chose.

Pure: no I/O. ``normalise`` (``wizard.core.paste``) turns a paste into one string; ``classify``
names its provider and kind from the registry's prefixes and refuses what cannot work, with a
message that names the problem and the fix (DESIGN §4; provider-auth §1.1, §10, §11).
"""


import re
from functools import cache
from typing import Literal, NamedTuple

from wizard.core.paste import PasteCode, PasteError, known_prefixes, normalise, redact
from wizard.spec.registry import (
    METHOD_TYPE,
    PROVIDERS,
    CredentialType,
    Method,
    Provider,
    get_provider,
)

__all__ = [
    "Credential",
    "PasteCode",
    "PasteError",
    "classify",
    "known_prefixes",
    "looks_like",
    "normalise",
    "recognise",
    "redact",
    "typed_secret",
]

PrefixKind = Literal["api_key", "token", "admin", "refresh", "family"]

MIN_BODY = 16  # characters after a known prefix; fewer means the key was cut
MIN_GENERIC = 16  # a key of a provider without known prefixes (Mistral keys are 32)
MAX_LENGTH = 1024

# Wording only: which prefix is which is the registry's business.
_LABELS = {
    "sk-ant-api03-": "Anthropic API key",
    "sk-ant-oat01-": "Claude setup token",
    "sk-ant-ort01-": "Claude refresh token",
    "sk-ant-admin01-": "Anthropic admin key",
    "sk-ant-api01-": "Claude Enterprise admin key",
    "sk-proj-": "OpenAI project key",
    "sk-svcacct-": "OpenAI service-account key",
    "sk-admin-": "OpenAI admin key",
    "sk-": "OpenAI-style key",
    "sk-cp-": "MiniMax coding-plan key",
    "sk-api-": "MiniMax pay-as-you-go key",
    "eyJ": "MiniMax key (JWT)",
}


class Credential(NamedTuple):
    """A normalised, classified credential. ``repr`` and ``str`` never show the secret."""

    secret: str
    provider: str | None  # the provider it belongs to or looks like; None if generic
    kind: CredentialType
    label: str  # e.g. "Claude setup token", "Anthropic API key", "OpenAI project key"

    def __repr__(self) -> str:
        return f"Credential(provider={self.provider!r}, kind={self.kind!r}, label={self.label!r})"

    @property
    def redacted(self) -> str:
        return redact(self.secret)

    def describe(self) -> str:
        return f"{self.label}, {len(self.secret)} chars"

    def __str__(self) -> str:
        return f"{self.label} {self.redacted}"


class _Match(NamedTuple):
    provider: Provider
    prefix: str
    kind: PrefixKind
    ambiguous: bool  # another provider's prefixes start with this one too (plain "sk-")


def _own(p: Provider) -> tuple[tuple[PrefixKind, str], ...]:
    """The provider's prefixes by kind; refused kinds first so they win over key_prefixes."""
    family = (p.family_prefix,) if p.family_prefix else ()
    groups: tuple[tuple[PrefixKind, tuple[str, ...]], ...] = (
        ("refresh", p.refresh_prefixes),
        ("admin", p.admin_prefixes),
        ("api_key", p.key_prefixes),
        ("token", p.token_prefixes),
        ("family", family),
    )
    seen: dict[str, PrefixKind] = {}
    for kind, prefixes in groups:
        for prefix in prefixes:
            seen.setdefault(prefix, kind)
    return tuple((k, pre) for pre, k in seen.items())


@cache
def _table() -> tuple[tuple[str, Provider, PrefixKind], ...]:
    rows = [(pre, p, k) for p in PROVIDERS.values() for k, pre in _own(p)]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def _match(token: str, only: Provider | None = None) -> _Match | None:
    """The longest known prefix of ``token`` (of ``only``'s prefixes, if given)."""
    for prefix, prov, kind in _table():
        if (only is None or prov.id == only.id) and token.startswith(prefix):
            ambiguous = any(
                other.id != prov.id and pre.startswith(prefix) for pre, other, _ in _table()
            )
            return _Match(prov, prefix, kind, ambiguous)
    return None


def _short(p: Provider) -> str:
    return p.name.split(" (")[0]


def _label(p: Provider, prefix: str, kind: PrefixKind) -> str:
    if prefix in _LABELS:
        return _LABELS[prefix]
    nouns = {"token": "setup token", "admin": "admin key", "refresh": "refresh token"}
    if kind == "family":
        return f"{_short(p)} credential of an unknown kind"
    return f"{_short(p)} {nouns.get(kind, 'API key')}"


def _a(label: str) -> str:
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label


def _starts(prefixes: tuple[str, ...]) -> str:
    shown = [p for p in prefixes if not any(q != p and p.startswith(q) for q in prefixes)]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " or " + shown[-1]


def looks_like(secret: str) -> tuple[str | None, str | None]:
    """(provider id, human label) the string looks like, for hints; (None, None) if unknown."""
    try:
        token = normalise(secret)
    except PasteError:
        token = secret.strip()
    m = _match(token)
    if m is None or len(token) <= len(m.prefix):
        return None, None
    return m.provider.id, _label(m.provider, m.prefix, m.kind)


def classify(raw: str, provider: str | None = None, method: Method | None = None) -> Credential:
    """Normalise ``raw``, name what it is, and check it against the chosen provider and method.

    Raises ``PasteError`` (what is wrong and how to fix it); ``ValueError`` for an unknown id.
    """
    token = normalise(raw)
    chosen = get_provider(provider) if provider is not None else None
    if provider is not None and chosen is None:
        raise ValueError(f"unknown provider id: {provider!r}")
    best = _match(token)
    if best and best.kind == "refresh":
        raise _refresh_error(best)
    match = best
    if chosen is not None:
        match = _match(token, chosen)
        own = tuple(pre for _, pre in _own(chosen))
        if best and best.provider.id != chosen.id and (match or own or not best.ambiguous):
            raise _other_provider(best, chosen)
        if match is None and own:
            raise PasteError(
                "unrecognised",
                f"This does not look like {_a(_short(chosen))} key: those start with "
                f"{_starts(chosen.key_prefixes + chosen.token_prefixes)}. Copy the key from "
                f"{chosen.docs_url or 'the provider'} and paste it again.",
            )
    prov = chosen or (match.provider if match else None)
    kind: PrefixKind = match.kind if match else "api_key"
    label = _label(match.provider, match.prefix, kind) if match else _generic_label(prov)
    if kind == "admin":
        raise _admin_error(label, prov)
    if kind == "family":
        assert prov is not None
        raise PasteError(
            "unrecognised",
            f"This looks like {_a(_short(prov))} credential, but not one that can run models "
            f"(those start with {_starts(prov.key_prefixes + prov.token_prefixes)}). Copy an "
            f"API key from {prov.docs_url or 'the provider'} and paste it again.",
        )
    ctype: CredentialType = "token" if kind == "token" else "api_key"
    if method is not None and METHOD_TYPE[method] != ctype:
        raise _kind_mismatch(label, ctype, prov, match is not None)
    _check_length(token, label, ctype, match)
    return Credential(token, prov.id if prov else None, ctype, label)


def _generic_label(prov: Provider | None) -> str:
    return f"{_short(prov)} API key" if prov else "API key"


def _check_length(token: str, label: str, kind: str, match: _Match | None) -> None:
    n = len(token)
    if n > MAX_LENGTH:
        raise PasteError(
            "unrecognised",
            f"This is {n} characters long, far too long for a key: it looks like a whole file "
            "or page was pasted. Copy only the key and paste it again.",
        )
    minimum = MIN_GENERIC
    if match is not None:
        minimum = max(match.provider.min_token_length, len(match.prefix) + MIN_BODY)
    if n >= minimum:
        return
    if kind == "token":
        raise PasteError(
            "truncated",
            f"This {label} is only {n} characters long; a whole one has at least {minimum}. "
            "The paste looks cut at the line wrap: the terminal split the token over two lines "
            "and only the first was copied. Select all of its lines and paste again (line "
            "breaks are removed for you), or run `claude setup-token` again in a wider terminal.",
        )
    raise PasteError(
        "truncated",
        f"This {label} is only {n} characters long; a whole one has at least {minimum}. The "
        "paste looks cut short (often at the line wrap). Copy the whole key, every line of it, "
        "and paste it again.",
    )


def _refresh_error(m: _Match) -> PasteError:
    label = _label(m.provider, m.prefix, m.kind)
    return PasteError(
        "refresh_token",
        f"This is a refresh token ({label}, {m.prefix}…): the login uses it internally to renew "
        "itself, and it cannot be used as a credential. Run `claude setup-token` in a terminal "
        "and paste the token it prints, or use an API key.",
    )


def _other_provider(best: _Match, chosen: Provider) -> PasteError:
    label = _label(best.provider, best.prefix, best.kind)
    own = tuple(pre for kind, pre in _own(chosen) if kind in ("api_key", "token"))
    hint = f" (it starts with {_starts(own)})" if own else ""
    switch = (
        f"Choose {best.provider.name} as the provider, or"
        if not best.ambiguous
        else "If it is for another provider, choose that one; otherwise"
    )
    return PasteError(
        "other_provider",
        f"This looks like {_a(label)} ({best.prefix}…), not {_a(_short(chosen))} key. "
        f"{switch} paste your {_short(chosen)} key{hint}.",
    )


def _admin_error(label: str, prov: Provider | None) -> PasteError:
    where = f" at {prov.docs_url}" if prov and prov.docs_url else ""
    plain = [p for p in prov.key_prefixes if p not in prov.admin_prefixes] if prov else []
    starts = f" (it starts with {plain[0]})" if plain else ""
    return PasteError(
        "admin_key",
        f"This is {_a(label)}: it manages an organisation but cannot run models. Create a "
        f"normal API key{starts}{where} and paste that.",
    )


def _kind_mismatch(label: str, kind: str, prov: Provider | None, known: bool) -> PasteError:
    name = _short(prov) if prov else "This provider"
    if kind == "token":
        keys = f" (it starts with {prov.key_prefixes[0]})" if prov and prov.key_prefixes else ""
        return PasteError(
            "kind_mismatch",
            f"This is {_a(label)}, but you chose the API-key method. Choose the setup-token "
            f"method for it, or paste an API key{keys} instead.",
        )
    candidates = [prov] if prov else list(PROVIDERS.values())
    tp = next((p for p in candidates if "setup-token" in p.methods and p.token_prefixes), None)
    if tp is None:
        return PasteError(
            "kind_mismatch",
            f"{name} has no setup tokens, and this looks like {_a(label)}. Choose the API-key "
            "method and paste the key there.",
        )
    what = f"This is {_a(label)}" if known else "This does not look like a setup token"
    return PasteError(
        "kind_mismatch",
        f"{what}, but you chose the setup-token method. Choose the API-key method for it, or "
        f"paste the token printed by `claude setup-token` (it starts with "
        f"{tp.token_prefixes[0]}).",
    )


class Recognised(NamedTuple):
    """What a paste into a field that is not the secret field turned out to be."""

    provider: str | None  # None: a secret of no provider the prefixes name
    method: Method | None
    label: str

    def a_label(self) -> str:
        return _a(self.label)


_SECRET_SHAPED = re.compile(r"[A-Za-z0-9._~+=/-]{24,}")


def recognise(raw: str) -> Recognised | None:
    """Whether ``raw`` is a secret (a search or a name is not), and whose, by its prefix.

    A known prefix names the provider (unless other providers share it) and the method; any
    other long unbroken run of letters and digits is a secret of an unknown provider.
    """
    try:
        token = normalise(raw)
    except PasteError:
        token = "".join(raw.split())
    m = _match(token)
    if m is not None and len(token) > len(m.prefix) + 4:
        return _recognised(m)
    if (_SECRET_SHAPED.fullmatch(token) and any(c.isdigit() for c in token)
            and any(c.isalpha() for c in token)):
        return Recognised(None, None, "key")
    return None


def _recognised(m: _Match) -> Recognised:
    label = _label(m.provider, m.prefix, m.kind)
    if m.ambiguous:
        return Recognised(None, None, label)
    method: Method = "setup-token" if m.kind == "token" else "api-key"
    if method not in m.provider.methods:
        method = m.provider.methods[0]
    return Recognised(m.provider.id, method, label)


def typed_secret(typed: str) -> Recognised | None:
    """Whether text typed key by key (a paste the terminal delivered as key presses) has
    become a secret: it starts with a known prefix (no provider's name or search does), or
    ``recognise`` says it is one. While a longer prefix could still follow (``sk-ant-`` may
    become ``sk-ant-oat01-`` or ``sk-ant-api03-``), its provider and method are None: a secret
    whose owner the next keys will tell."""
    token = "".join(typed.split())
    m = _match(token)
    if m is None:
        return recognise(typed)
    if any(len(pre) > len(token) and pre.startswith(token) for pre, _, _ in _table()):
        return Recognised(None, None, _label(m.provider, m.prefix, m.kind))
    return _recognised(m)
