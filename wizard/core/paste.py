"""Turn a raw paste into exactly one credential string (DESIGN §4; provider-auth §10, §11).

Pure: no I/O. Which provider and kind the string is, and whether it fits the user's choice, is
``wizard.core.secrets``'s job. Every message is built from redacted forms, lengths, positions
and field names only, never from the secret itself.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from functools import cache
from typing import Literal

from wizard.spec.registry import PROVIDERS

PasteCode = Literal[
    "empty", "refresh_token", "oauth_code", "json_blob", "masked", "truncated", "two_tokens",
    "other_provider", "admin_key", "bad_characters", "kind_mismatch", "unrecognised",
    "claude_session",
]  # fmt: skip


class PasteError(ValueError):
    """A paste that cannot be used. ``message`` names the problem and the fix, never the secret."""

    def __init__(self, code: PasteCode, message: str) -> None:
        super().__init__(message)
        self.code: PasteCode = code
        self.message = message

    def __reduce__(self) -> tuple[type[PasteError], tuple[PasteCode, str]]:
        return type(self), (self.code, self.message)


@cache
def known_prefixes() -> tuple[str, ...]:
    """Every credential prefix the registry knows (any kind), longest first."""
    found = {
        p
        for prov in PROVIDERS.values()
        for p in (
            *prov.key_prefixes,
            *prov.token_prefixes,
            *prov.admin_prefixes,
            *prov.refresh_prefixes,
            prov.family_prefix,
        )
        if p
    }
    return tuple(sorted(found, key=lambda p: (-len(p), p)))


@cache
def _prefix_re() -> re.Pattern[str]:
    """A known prefix that starts a token: not glued to a token character before it."""
    alternatives = "|".join(map(re.escape, known_prefixes()))
    return re.compile(rf"(?<![A-Za-z0-9_-])(?:{alternatives})")


def redact(secret: str) -> str:
    """Known prefix + ``…`` + at most the last 4 characters, and at most a third of the rest."""
    prefix = next((p for p in known_prefixes() if secret.startswith(p)), "")
    body = secret[len(prefix) :]
    keep = min(4, len(body) // 3)
    return prefix + "…" + (body[-keep:] if keep else "")


_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
_TOKENISH = re.compile(r"[A-Za-z0-9._-]+")  # what a piece of a wrapped token is made of
_STRICT = re.compile(r"[A-Za-z0-9_-]+")  # a continuation line of a wrapped token in a banner
_GENERIC_CANDIDATE = re.compile(r"[A-Za-z0-9._~+=-]{20,}")
_QUOTES = "\"'`“”‘’„«»"
_TRAILING = "\"'`“”‘’»)]}>,;:.!?"
_ASSIGN = re.compile(r"(?:export\s+|set\s+|\$env:)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*")
_LABEL = re.compile(r"(?P<q>[\"']?)[A-Za-z_][A-Za-z0-9_-]*(?P=q)\s*:(?:\s+|(?=[\"'“‘]))")
_BEARER = re.compile(r"bearer\s+", re.IGNORECASE)
_MASKS = ("…", "...", "*", "•", "●")
_CODE_STATE = re.compile(r"[A-Za-z0-9._~-]{8,}#[A-Za-z0-9._~-]{8,}")
_PREFIXED_OK = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
_GENERIC_OK = frozenset(chr(c) for c in range(0x21, 0x7F)) - frozenset("\"'`<>\\")
MAX_JSON_DEPTH = 8


def normalise(raw: str) -> str:
    """The one credential in ``raw``; raises ``PasteError`` naming the problem and the fix."""
    text = _ANSI.sub("", raw)
    # Zero-width characters, BOM, soft hyphens, direction marks: all Unicode "format" characters.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip()
    if not text:
        raise PasteError("empty", "Nothing was pasted. Copy the key and paste it here.")
    text = _strip_wrappers(text)
    if text[:1] in "{[":
        raise _json_refusal(text)
    return _check(_extract(text))


def _strip_wrappers(text: str) -> str:
    """Drop ``export NAME=``, ``NAME:``, ``Bearer`` and surrounding quotes, in any nesting."""
    for _ in range(10):
        before = text
        text = text.strip().rstrip(";,").strip()
        m = _ASSIGN.match(text) or _LABEL.match(text)
        if m and len(text) - m.end() >= 8:
            text = text[m.end() :]
        if m := _BEARER.match(text):
            text = text[m.end() :]
        if text[:1] in _QUOTES:
            text = text[1:]
        if text[-1:] in _QUOTES:
            text = text[:-1]
        if text == before:
            break
    return text.strip()


def _extract(text: str) -> str:
    """One token: rejoin a token broken by wraps or spaces, or pick it out of banner text."""
    chunks = text.split()
    if len(chunks) == 1:
        return chunks[0]
    if all(_TOKENISH.fullmatch(c) for c in chunks) and not any(
        _prefix_re().match(c) for c in chunks[1:]
    ):
        return "".join(chunks)  # a token wrapped by the terminal, or with stray spaces in it
    return _from_banner(text)


def _from_banner(text: str) -> str:
    lines = [[w for w in ln.split() if any(c.isalnum() for c in w)] for ln in text.splitlines()]
    found: list[str] = []
    for i, words in enumerate(lines):
        for j, word in enumerate(words):
            if not (m := _prefix_re().search(word)):
                continue
            candidate = word[m.start() :]
            token = candidate.rstrip(_TRAILING)
            if token == candidate and j == len(words) - 1:
                for nxt in lines[i + 1 :]:  # a token the terminal wrapped: rejoin its lines
                    if len(nxt) != 1 or not _STRICT.fullmatch(nxt[0]) or _prefix_re().match(nxt[0]):
                        break
                    token += nxt[0]
            if len(token) >= m.end() - m.start() + 4:
                found.append(token)
    if not found:  # no known prefix: a lone long run of key characters among the words
        for words in lines:
            for word in words:
                c = word.strip(_TRAILING + _QUOTES + "([{<")
                if _GENERIC_CANDIDATE.fullmatch(c) and _has_digit_and_letter(c):
                    found.append(c)
    unique = list(dict.fromkeys(found))
    if len(unique) > 1:
        shown = ", ".join(redact(t) for t in unique[:3])
        raise PasteError(
            "two_tokens",
            f"The paste holds {len(unique)} different keys ({shown}). "
            "Paste only the one you want to use.",
        )
    if unique:
        return unique[0]
    if any(m in text for m in _MASKS):
        raise _masked()
    raise PasteError(
        "unrecognised",
        "No key was found in the pasted text. Copy only the key itself and paste it again.",
    )


def _has_digit_and_letter(s: str) -> bool:
    return any(c.isdigit() for c in s) and any(c.isalpha() for c in s)


def _masked() -> PasteError:
    return PasteError(
        "masked",
        "This key is masked: part of it is hidden (…, ... or ***), the way dashboards show a key "
        "after it was created, so it cannot be used. Copy the full key when you create it, or "
        "create a new key and paste that.",
    )


def _check(token: str) -> str:
    if any(m in token for m in _MASKS):
        raise _masked()
    prefixed = _prefix_re().match(token) is not None
    if not prefixed and (_CODE_STATE.fullmatch(token) or re.search(r"[?&]code=", token)):
        raise PasteError(
            "oauth_code",
            "This is a one-time sign-in code (code#state) from a browser login page, not a key "
            "or token. For Claude, run `claude setup-token` in a terminal and paste the token it "
            "prints (it starts with sk-ant-oat01-); for other providers, paste the API key.",
        )
    allowed = _PREFIXED_OK if prefixed else _GENERIC_OK
    bad = [i for i, ch in enumerate(token) if ch not in allowed]
    if bad:
        what = _describe_char(token[bad[0]])
        more = f" ({len(bad) - 1} more after it)" if len(bad) > 1 else ""
        raise PasteError(
            "bad_characters",
            f"The pasted key has {what} at position {bad[0] + 1} of {len(token)}{more}, which "
            "cannot be part of a key. Copy the key again straight from the provider's page "
            "(not through a chat app or word processor), or delete that character.",
        )
    for p in known_prefixes():
        if len(p) >= 7 and token.find(p, 1) != -1:
            raise PasteError(
                "two_tokens",
                f"The paste holds two keys run together ({redact(token)} contains a second "
                f"{p}… key). Paste only the one you want to use.",
            )
    return token


def _describe_char(ch: str) -> str:
    if ch in _QUOTES:
        return "a quote mark"
    if ord(ch) < 0x20 or ord(ch) == 0x7F:
        return "a control character"
    if ord(ch) > 0x7F:
        return "a non-ASCII character (an accented letter, emoji or typographic symbol)"
    return "a symbol"


def _json_refusal(text: str) -> PasteError:
    data: object = None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if data is not None:
        fields = list(_walk(data, ""))
    else:  # not parseable (e.g. cut or wrapped): still name the fields we can see
        fields = [(k, k, None) for k in re.findall(r'"([A-Za-z_][\w:.-]{0,63})"\s*:', text)]
    names = {name.lower() for _, name, _ in fields}
    refresh = tuple(p for prov in PROVIDERS.values() for p in prov.refresh_prefixes)
    if names & {"claudeaioauth", "refreshtoken", "refresh_token"} or any(
        v and v.startswith(refresh) for _, _, v in fields
    ):
        return PasteError(
            "json_blob",
            "This is a whole Claude Code login file (.credentials.json), not a single token. "
            "Subscription logins are not copied from it. Run `claude setup-token` in a terminal "
            "and paste the token it prints, or use an API key.",
        )
    keyish = {"apikey", "api_key", "key", "token", "accesstoken", "access_token", "secret"}
    best = next((p for p, _, v in fields if v and _prefix_re().match(v)), None) or next(
        (p for p, name, _ in fields if name.lower() in keyish), None
    )
    where = f'its "{best}" field' if best else "the key"
    return PasteError(
        "json_blob",
        f"This is a whole JSON document, not a single key. Copy only the value of {where} "
        "(the text between the quotes, without the quotes) and paste that.",
    )


def _walk(data: object, path: str, depth: int = 0) -> Iterator[tuple[str, str, str | None]]:
    """(dotted path, field name, string value or None) for every field, values never shown."""
    if depth > MAX_JSON_DEPTH:
        return
    if isinstance(data, dict):
        for k, v in data.items():
            p = f"{path}.{k}" if path else str(k)
            yield p, str(k), v if isinstance(v, str) else None
            yield from _walk(v, p, depth + 1)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _walk(v, f"{path}[{i}]", depth + 1)
