"""JSON5 text: parse with positions, and edit one root member without touching anything else.

OpenClaw reads ``openclaw.json`` as JSON5. authwizard must leave every byte outside the ``auth``
member as it was (comments, trailing commas, unquoted keys, ``${VAR}`` strings, ``$include``),
so this module parses with spans and splices new text into the original.
"""


import functools
import json
import math
import re
import unicodedata
from typing import Any, NamedTuple

JSONValue = Any


class JSONTextError(ValueError):
    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} (line {line}, column {column})")
        self.reason = message
        self.line = line
        self.column = column


class Member(NamedTuple):
    """A member of the root object: ``key`` with the span of its value in the text."""

    key: str
    key_start: int
    value_start: int
    value_end: int
    comma_end: int | None  # offset just past the trailing comma, if any


class Document(NamedTuple):
    text: str
    value: JSONValue
    root_members: tuple[Member, ...]
    root_open: int  # offset of the root "{"
    root_close: int  # offset of the root "}"

    def member(self, key: str) -> Member | None:
        # Of duplicate keys JSON5 keeps the last one, so that is the one to edit.
        for m in reversed(self.root_members):
            if m.key == key:
                return m
        return None


MAX_DEPTH = 100  # levels of objects and arrays; OpenClaw's own settings nest fewer than 10

# JSON5 (ECMAScript 5.1): identifiers of Unicode letters, whitespace of any space separator.
_ID_START_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nl"})
_ID_PART_CATEGORIES = _ID_START_CATEGORIES | {"Mn", "Mc", "Nd", "Pc"}
_ASCII_ID_START = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$")
_ASCII_ID_PART = _ASCII_ID_START | frozenset("0123456789")
_WHITESPACE = frozenset(" \t\n\r\ufeff\u00a0\u2028\u2029\v\f")


def _id_start(c: str) -> bool:
    if c < "\x80":
        return c in _ASCII_ID_START
    return unicodedata.category(c) in _ID_START_CATEGORIES


def _id_part(c: str) -> bool:
    if c < "\x80":
        return c in _ASCII_ID_PART
    return c in "\u200c\u200d" or unicodedata.category(c) in _ID_PART_CATEGORIES


def too_deep(value: JSONValue, limit: int = MAX_DEPTH) -> bool:
    """Whether objects and arrays in ``value`` nest more than ``limit`` levels (without
    recursion: the point is values too deep for it)."""
    level: list[tuple[JSONValue, int]] = [(value, 1)]
    while level:
        item, depth = level.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            level.extend((child, depth + 1) for child in children)
    return False


_NUMBER = re.compile(
    r"[+-]?(?:Infinity|NaN|0[xX][0-9a-fA-F]+|(?:(?:0|[1-9]\d*)(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
)
_ESCAPES = {
    "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v", "0": "\0",
    "'": "'", '"': '"', "\\": "\\", "/": "/",
}
_LINE_TERMINATORS = "\n\r\u2028\u2029"
_LOW_SURROGATE = re.compile(r"\\u([dD][c-fC-F][0-9a-fA-F]{2})")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.members: list[Member] = []

    def error(self, message: str, pos: int | None = None) -> JSONTextError:
        p = self.pos if pos is None else pos
        line = self.text.count("\n", 0, p) + 1
        column = p - (self.text.rfind("\n", 0, p) + 1) + 1
        return JSONTextError(message, line, column)

    def skip(self) -> None:
        t = self.text
        while self.pos < len(t):
            c = t[self.pos]
            if c in _WHITESPACE or (c >= "\x80" and unicodedata.category(c) == "Zs"):
                self.pos += 1
            elif t.startswith("//", self.pos):
                while self.pos < len(t) and t[self.pos] not in _LINE_TERMINATORS:
                    self.pos += 1
            elif t.startswith("/*", self.pos):
                end = t.find("*/", self.pos + 2)
                if end < 0:
                    raise self.error("unterminated /* comment")
                self.pos = end + 2
            else:
                return

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def value(self, depth: int) -> JSONValue:
        self.skip()
        c = self.peek()
        if c and c in "{[" and depth >= MAX_DEPTH:
            raise self.error(
                f"nested more than {MAX_DEPTH} levels deep, more than authwizard reads "
                "(OpenClaw's own settings nest fewer than 10)"
            )
        if c == "{":
            return self.obj(depth)
        if c == "[":
            return self.arr(depth)
        if c and c in "\"'":
            return self.string()
        m = _NUMBER.match(self.text, self.pos)
        if m and m.group(0):
            self.pos = m.end()
            return _number(m.group(0))
        for word, val in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return val
        if not c:
            raise self.error("unexpected end of file")
        raise self.error(f"unexpected character {c!r}")

    def string(self) -> str:
        quote = self.text[self.pos]
        self.pos += 1
        out: list[str] = []
        t = self.text
        while True:
            if self.pos >= len(t):
                raise self.error("unterminated string")
            c = t[self.pos]
            if c == quote:
                self.pos += 1
                return "".join(out)
            if c in "\n\r":
                raise self.error("line break inside a string")
            if c == "\\":
                self.pos += 1
                e = t[self.pos : self.pos + 1]
                if e in _ESCAPES:
                    out.append(_ESCAPES[e])
                    self.pos += 1
                elif e == "u":
                    hexdigits = t[self.pos + 1 : self.pos + 5]
                    if not re.fullmatch(r"[0-9a-fA-F]{4}", hexdigits):
                        raise self.error("bad \\u escape")
                    code = int(hexdigits, 16)
                    self.pos += 5
                    low = _LOW_SURROGATE.match(t, self.pos)
                    if 0xD800 <= code <= 0xDBFF and low:
                        # a UTF-16 surrogate pair (as JavaScript reads it) is one character
                        code = 0x10000 + ((code - 0xD800) << 10) + int(low.group(1), 16) - 0xDC00
                        self.pos += 6
                    out.append(chr(code))
                elif e == "x":
                    hexdigits = t[self.pos + 1 : self.pos + 3]
                    if not re.fullmatch(r"[0-9a-fA-F]{2}", hexdigits):
                        raise self.error("bad \\x escape")
                    out.append(chr(int(hexdigits, 16)))
                    self.pos += 3
                elif e in ("\n", "\u2028", "\u2029"):
                    self.pos += 1
                elif e == "\r":
                    self.pos += 2 if t[self.pos + 1 : self.pos + 2] == "\n" else 1
                elif e:
                    out.append(e)
                    self.pos += 1
                else:
                    raise self.error("unterminated string")
            else:
                out.append(c)
                self.pos += 1

    def key(self) -> str:
        c = self.peek()
        if c and c in "\"'":
            return self.string()
        name: list[str] = []
        while True:
            start = self.pos
            c = self.ident_char()
            if not c or not (_id_part(c) if name else _id_start(c)):
                self.pos = start
                break
            name.append(c)
        if not name:
            raise self.error("expected a property name")
        return "".join(name)

    def ident_char(self) -> str:
        """The next character of an identifier, a ``\\uXXXX`` escape read; '' at the end."""
        t = self.text
        if t.startswith("\\u", self.pos):
            hexdigits = t[self.pos + 2 : self.pos + 6]
            if not re.fullmatch(r"[0-9a-fA-F]{4}", hexdigits):
                return ""
            self.pos += 6
            return chr(int(hexdigits, 16))
        c = self.peek()
        self.pos += len(c)
        return c

    def obj(self, depth: int) -> dict[str, JSONValue]:
        self.pos += 1
        result: dict[str, JSONValue] = {}
        while True:
            self.skip()
            if self.peek() == "}":
                self.pos += 1
                return result
            key_start = self.pos
            k = self.key()
            self.skip()
            if self.peek() != ":":
                raise self.error("expected ':' after a property name")
            self.pos += 1
            self.skip()
            value_start = self.pos
            result[k] = self.value(depth + 1)
            value_end = self.pos
            self.skip()
            comma_end: int | None = None
            if self.peek() == ",":
                self.pos += 1
                comma_end = self.pos
            elif self.peek() != "}":
                raise self.error("expected ',' or '}' after a property value")
            if depth == 0:
                self.members.append(Member(k, key_start, value_start, value_end, comma_end))

    def arr(self, depth: int) -> list[JSONValue]:
        self.pos += 1
        result: list[JSONValue] = []
        while True:
            self.skip()
            if self.peek() == "]":
                self.pos += 1
                return result
            result.append(self.value(depth + 1))
            self.skip()
            if self.peek() == ",":
                self.pos += 1
            elif self.peek() != "]":
                raise self.error("expected ',' or ']' after an array element")


def _number(s: str) -> int | float:
    sign = -1 if s.startswith("-") else 1
    body = s.lstrip("+-")
    if body == "Infinity":
        return sign * math.inf
    if body == "NaN":
        return math.nan
    if body[:2] in ("0x", "0X"):
        return sign * int(body, 16)
    if re.fullmatch(r"\d+", body):
        return sign * int(body)
    return sign * float(body)


@functools.lru_cache(maxsize=8)
def parse(text: str) -> Document:
    """Parse a JSON5 document whose root is an object.

    One run reads the same config in several places (generation detection, the state, the
    plan's splice, the report after writing), so the result is cached and shared: read-only
    (whoever changes a value deep-copies it first, as the plan and the doctor's fixes do).
    """
    p = _Parser(text)
    p.skip()
    if p.peek() != "{":
        raise p.error("the file must contain one JSON object ({ … })")
    root_open = p.pos
    value = p.value(0)
    root_close = p.pos - 1
    p.skip()
    if p.pos != len(text):
        raise p.error("unexpected text after the closing '}'")
    return Document(text, value, tuple(p.members), root_open, root_close)


def _indent_unit(text: str) -> str:
    for line in text.splitlines():
        stripped = line.lstrip(" \t")
        if stripped and stripped != line:
            lead = line[: len(line) - len(stripped)]
            return "\t" if lead.startswith("\t") else " " * len(lead)
    return "  "


def _line_indent(text: str, pos: int) -> str:
    start = text.rfind("\n", 0, pos) + 1
    seg = text[start:pos]
    return seg[: len(seg) - len(seg.lstrip(" \t"))]


def dumps(value: JSONValue, indent: str = "  ", base: str = "") -> str:
    """JSON text for ``value`` (as OpenClaw writes it), every line after the first at ``base``."""
    raw = json.dumps(value, indent=indent, ensure_ascii=False)
    return raw.replace("\n", "\n" + base)


def set_root_member(doc: Document, key: str, value: JSONValue) -> str:
    """New text of ``doc`` with root member ``key`` set to ``value``; all other bytes unchanged."""
    text = doc.text
    unit = _indent_unit(text)
    existing = doc.member(key)
    if existing is not None:
        base = _line_indent(text, existing.key_start)
        new = dumps(value, unit, base)
        return text[: existing.value_start] + new + text[existing.value_end :]
    if doc.root_members:
        last = doc.root_members[-1]
        base = _line_indent(text, last.key_start)
        member = f"{json.dumps(key)}: {dumps(value, unit, base)}"
        if last.comma_end is not None:
            return text[: last.comma_end] + f"\n{base}{member}," + text[last.comma_end :]
        return text[: last.value_end] + f",\n{base}{member}" + text[last.value_end :]
    inner = doc.text[doc.root_open + 1 : doc.root_close]
    member = f"{json.dumps(key)}: {dumps(value, unit, unit)}"
    if inner.strip():  # only comments inside: keep them, add after
        return text[: doc.root_close] + f"\n{unit}{member}\n" + text[doc.root_close :]
    return text[: doc.root_open + 1] + f"\n{unit}{member}\n" + text[doc.root_close :]


def new_document(value: dict[str, JSONValue]) -> str:
    return dumps(value) + "\n"
