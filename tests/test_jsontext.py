"""JSON5 parsing with spans; the surgical edit of the root ``auth`` member (DESIGN §3 rule 7)."""

from __future__ import annotations

import json
import math
import unicodedata
from typing import Any

import json5
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.core import jsontext
from wizard.core.jsontext import JSONTextError, parse, set_root_member


def _canon(value: Any) -> Any:
    """Comparable form: NaN equal to NaN, ints and floats kept apart."""
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return ("NaN",)
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return (type(value).__name__, value)
    return value


def _oracle(text: str) -> Any:
    return _canon(json5.loads(text))


# ---------------------------------------------------------------- parse


CORPUS = [
    "{}",
    '{"a": 1}',
    "{a: 1, b: 'two', c: \"three\",}",
    "// leading comment\n{a: /* inline */ 1 // trailing\n}\n// after\n",
    "/* block\n   comment */ { $include: './x.json5', _under: true, $dollar$: null }",
    "{a: [1, 2, 3,], b: {c: {d: [], e: {}},},}",
    "{hex: 0x1F, HEX: 0XaB, neg: -0x10, inf: Infinity, ninf: -Infinity, pinf: +Infinity}",
    "{nan: NaN, plus: +1, half: .5, trail: 5., exp: 1e3, Exp: 2E-2, negexp: -1.5e+2}",
    "{zero: 0, negzero: -0, big: 12345678901234567890, f: 3.14159}",
    r"""{s: 'it\'s', d: "say \"hi\"", bs: "a\\b", slash: "a\/b"}""",
    r"""{esc: "\b\f\n\r\t\v\0", u: "\u00e9\u4e2d", x: "\x41\x7a", other: "\q\%"}""",
    "{cont: \"line1\\\nline2\", cont2: 'a\\\r\nb'}",
    "{ls: \"sep\u2028and\u2029\", emoji: \"😀\", nbsp: \"a\u00a0b\"}",
    '{"${VAR}": "${OPENAI_API_KEY}", escaped: "$${NOT_A_VAR}", mixed: "pre-${X}-post"}',
    '{"quoted key": 1, \'single key\': 2, "": 3, "a:b": 4}',
    "{t: true, f: false, n: null, arr: [true, false, null]}",
    "\ufeff{bom: 1}",
    "{\r\n\ta: 1,\r\n\tb: [\r\n\t\t2,\r\n\t],\r\n}\r\n",
    "{dup: 1, dup: 2}",
    '{"nested": {"deep": [{"x": [[[]]]}, "s", 1.0, -2]}}',
]


@pytest.mark.parametrize("text", CORPUS)
def test_parse_matches_json5_package(text: str) -> None:
    assert _canon(parse(text).value) == _oracle(text)


def test_parse_features_explicitly() -> None:
    doc = parse(
        """
        // comment
        {
          unquoted: 'single',   /* block */
          hex: 0xff, inf: Infinity, ninf: -Infinity, nan: NaN, plus: +1, half: .5,
          esc: "tab\\tnl\\nq\\"",
          env: "${ANTHROPIC_API_KEY}",
          inc: { $include: "./more.json5" },
          trailing: [1, 2,],
        }
        """
    )
    v = doc.value
    assert v["unquoted"] == "single"
    assert v["hex"] == 255 and isinstance(v["hex"], int)
    assert v["inf"] == math.inf and v["ninf"] == -math.inf
    assert math.isnan(v["nan"])
    assert v["plus"] == 1 and v["half"] == 0.5
    assert v["esc"] == 'tab\tnl\nq"'
    assert v["env"] == "${ANTHROPIC_API_KEY}"  # never expanded
    assert v["inc"] == {"$include": "./more.json5"}
    assert v["trailing"] == [1, 2]


def test_root_members_spans() -> None:
    text = '{\n  a: 1, // c\n  "b": [1, 2],\n  c: {x: "}"}\n}\n'
    doc = parse(text)
    assert [m.key for m in doc.root_members] == ["a", "b", "c"]
    for m in doc.root_members:
        assert _oracle("{v: " + text[m.value_start : m.value_end] + "}") == _canon(
            {"v": doc.value[m.key]}
        )
    assert doc.root_members[0].comma_end is not None
    assert doc.root_members[2].comma_end is None
    assert text[doc.root_open] == "{" and text[doc.root_close] == "}"
    assert doc.root_close == text.rstrip().rfind("}")


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ("{\n  a: 1,\n  b: @\n}", 3, 6),
        ("{\n  a: 1\n  b: 2\n}", 3, 3),
        ('{\n  a: "abc\n}', 2, 10),
        ("{\n /* never closed\n}", 2, 2),
        ("[1, 2]", 1, 1),
        ("{a: 1} extra", 1, 8),
        ("{\r\n  a: 1,\r\n  b: @\r\n}", 3, 6),
        ("{\n\tb: {c: [1,,]}\n}", 2, 12),
        ("{\n  a: 1,\n", 3, 1),
        ("{\n  'k' 1\n}", 2, 7),
        ('{\n  s: "\\u12G4"\n}', 2, 8),
        ("// only a comment\n", 2, 1),
        ("{\n  a: 1,\n  b: [1, 2\n}", 4, 1),
        ("{\n  1a: 2\n}", 2, 3),
        # truncated files (e.g. an editor killed while saving)
        ("{\n  a: ", 2, 6),
        ('{\n  "a', 2, 5),
        ("{\n  a: [1,\n  ", 3, 3),
        ('{\n  a: "x\\', 2, 9),
        ("", 1, 1),
    ],
)
def test_errors_report_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(JSONTextError) as info:
        parse(text)
    assert (info.value.line, info.value.column) == (line, column)
    assert f"line {line}, column {column}" in str(info.value)
    if not text.startswith("["):  # (a root array is JSON5, but not an OpenClaw config)
        with pytest.raises(ValueError):  # the oracle agrees that it is invalid
            json5.loads(text)


def test_surrogate_pair_escape_is_one_character() -> None:
    # JSON5 strings are UTF-16 (as in JavaScript, and as Python's json reads them)
    text = r'{"email": "\ud83e\udd9e@example.com", "k": "\uD83D\uDE00", "lone": "\ud83d"}'
    assert parse(text).value == json.loads(text)
    assert parse(text).value["email"] == "\U0001f99e@example.com"


def test_escaped_emoji_inside_auth_survives_a_rewrite() -> None:
    text = (
        '{auth: {profiles: {"anthropic:default": '
        '{provider: "anthropic", mode: "token", email: "\\ud83e\\udd9e@x.io"}}}}'
    )
    doc = parse(text)
    auth = doc.value["auth"]
    auth["order"] = {"anthropic": ["anthropic:default"]}
    new = set_root_member(doc, "auth", auth)
    new.encode("utf-8")  # writable: no lone surrogates
    assert json5.loads(new)["auth"]["profiles"]["anthropic:default"]["email"] == (
        "\U0001f99e@x.io"
    )


# ---------------------------------------------------------------- surgical edit


LARGE_CONFIG = """\
// OpenClaw configuration — hand edited, keep the comments!
{
  /* ---------------------------------------------------------------
   * gateway
   * ------------------------------------------------------------- */
  gateway: {
    port: 18789,
    mode: 'local',          // local | remote
    bind: "loopback",
    auth: {                 // NOT the model auth: gateway.auth must never change
      mode: "token",
      token: "${OPENCLAW_GATEWAY_TOKEN}",
    },
    controlUi: { enabled: true, basePath: "/ui", },
  },

  // chat channels
  channels: {
    telegram: {
      enabled: true,
      botToken: "${TELEGRAM_BOT_TOKEN}",
      allowFrom: ['+15551234567', "+4915112345678",],
      groups: { "*": { requireMention: true } },
    },
    whatsapp: { $include: "./channels/whatsapp.json5" },
    discord: {
      enabled: false,
      token: '${DISCORD_TOKEN}',
      guilds: {"123456789012345678": {channels: ["general", 'dev',]}},
    },
  },

  agents: {
    defaults: {
      model: { primary: "anthropic/claude-opus-4-5", fallbacks: ["openai/gpt-5.2",], },
      workspace: "~/clawd",
      heartbeat: { every: "1h", },
      maxConcurrent: 3,
      sandbox: { mode: "non-main", },
    },
    list: [
      { id: "main", default: true, },
      {
        id: "work",
        name: "Work assistant",
        agentDir: "~/.openclaw/agents/work/agent",   // custom dir
        workspace: "~/work-clawd",
        model: 'openrouter/anthropic/claude-sonnet-4.5',
      },
      { id: 'research', agentDir: "/srv/openclaw/research/agent" },
    ],
  },

  /* The model auth section: the only thing authwizard may rewrite. */
  auth: {
    profiles: {
      "anthropic:default": { provider: "anthropic", mode: "token" },  // setup token
      'openai:default': { provider: 'openai', mode: 'api_key', },
    },
    order: { anthropic: ["anthropic:default",], },
    cooldowns: { billingBackoffHours: 5, failureWindowHours: 24 },
  },

  models: {
    mode: "merge",
    providers: {
      "custom-proxy": {
        baseUrl: "http://127.0.0.1:4000/v1",
        apiKey: "${LITELLM_KEY}",
        api: "openai-completions",
        models: [
          { id: "llama-3.3-70b", name: "Llama 3.3 70B", contextWindow: 131072, maxTokens: 8192, },
          { id: "qwen", name: 'Qwen', reasoning: false, input: ["text",],
            cost: {input: 0, output: 0.0,} },
        ],
      },
      anthropic: { baseUrl: 'https://api.anthropic.com', apiKey: "${ANTHROPIC_API_KEY}" },
    },
  },

  env: {
    shellEnv: { enabled: true, timeoutMs: 15000 },
    vars: { OPENROUTER_API_KEY: "${OPENROUTER_KEY_FROM_VAULT}", LITERAL: "$${KEEP_ME}" },
    GROQ_API_KEY: "gsk-placeholder",
  },

  $include: ["./extra/tools.json5", './extra/skills.json5',],

  tools: {
    web: { search: { enabled: true, maxResults: 0x0A, }, },
    exec: { timeoutSec: +1800, backgroundMs: 1e4, ratio: .25, },
  },
  skills: { entries: {
    "nano-banana-pro": { enabled: true, env: { GEMINI_API_KEY: "${GEMINI_API_KEY}" } } } },
  messages: { ackReaction: "👀", prefix: "🦞 ", quote: 'He said "hi" — it\\'s fine', },
  logging: { level: "info", file: "/tmp/openclaw/openclaw.log", },
  meta: { lastTouchedVersion: "2026.1.30", lastTouchedAt: "2026-01-31T10:00:00.000Z", },
  // trailing comment before the end
}
// end of file
"""

NEW_AUTH: dict[str, Any] = {
    "profiles": {
        "anthropic:default": {"provider": "anthropic", "mode": "token"},
        "openai:default": {"provider": "openai", "mode": "api_key"},
        "openrouter:default": {"provider": "openrouter", "mode": "api_key", "email": "ü@x.io"},
    },
    "order": {"anthropic": ["anthropic:default"]},
    "cooldowns": {"billingBackoffHours": 5, "failureWindowHours": 24},
}


def _check_splice(old: str, new: str, key: str = "auth") -> None:
    """``new`` = ``old`` with only the value of root member ``key`` replaced."""
    doc = parse(old)
    m = doc.member(key)
    assert m is not None
    new_doc = parse(new)
    nm = new_doc.member(key)
    assert nm is not None
    assert new[: nm.value_start] == old[: m.value_start]
    assert new[nm.value_end :] == old[m.value_end :]


def test_large_config_parses_like_json5_package() -> None:
    assert _canon(parse(LARGE_CONFIG).value) == _oracle(LARGE_CONFIG)


def test_large_config_surgical_edit() -> None:
    doc = parse(LARGE_CONFIG)
    new = set_root_member(doc, "auth", NEW_AUTH)
    _check_splice(LARGE_CONFIG, new)

    old_tree = json5.loads(LARGE_CONFIG)
    new_tree = json5.loads(new)  # the result is valid JSON5 for an independent parser
    assert new_tree["auth"] == NEW_AUTH
    assert set(new_tree) == set(old_tree)
    assert list(new_tree) == list(old_tree)  # member order too
    for key in old_tree:
        if key != "auth":
            assert _canon(new_tree[key]) == _canon(old_tree[key]), key

    # ${VAR} references and $include directives stay literal, comments stay
    for literal in (
        '"${OPENCLAW_GATEWAY_TOKEN}"', '"${LITELLM_KEY}"', '"${ANTHROPIC_API_KEY}"',
        '"$${KEEP_ME}"', '$include: "./channels/whatsapp.json5"',
        "$include: [\"./extra/tools.json5\", './extra/skills.json5',],",
        "// custom dir", "// end of file", "/* The model auth section",
        "maxResults: 0x0A,", "timeoutSec: +1800", "ratio: .25",
    ):
        assert literal in new, literal
    assert new_tree["gateway"]["auth"] == {"mode": "token", "token": "${OPENCLAW_GATEWAY_TOKEN}"}
    assert new_tree["channels"]["whatsapp"] == {"$include": "./channels/whatsapp.json5"}
    assert new_tree["env"]["vars"]["LITERAL"] == "$${KEEP_ME}"
    # the old auth text is gone (its comment was inside the auth value)
    assert "// setup token" not in new


def test_large_config_edit_is_stable() -> None:
    once = set_root_member(parse(LARGE_CONFIG), "auth", NEW_AUTH)
    twice = set_root_member(parse(once), "auth", NEW_AUTH)
    assert once == twice


def test_new_auth_value_is_indented_like_its_neighbours() -> None:
    new = set_root_member(parse(LARGE_CONFIG), "auth", NEW_AUTH)
    start = new.index("\n  auth: {") + 1
    block = new[start : new.index("\n  },\n", start) + 5]
    assert '\n    "profiles": {\n      "anthropic:default": {' in block
    assert block.endswith("\n  },")


PLAIN_JSON = json.dumps(
    {
        "gateway": {"port": 18789, "auth": {"mode": "token", "token": "${GW}"}},
        "auth": {"profiles": {"anthropic:default": {"provider": "anthropic", "mode": "token"}}},
        "models": {"providers": {"p": {"baseUrl": "http://x", "apiKey": "${K}"}}},
        "$include": "./more.json",
        "meta": {"lastTouchedVersion": "2026.1.30"},
    },
    indent=2,
) + "\n"


def test_plain_json_outside_auth_identical() -> None:
    new = set_root_member(parse(PLAIN_JSON), "auth", NEW_AUTH)
    _check_splice(PLAIN_JSON, new)
    # plain JSON stays plain JSON
    parsed = json.loads(new)
    assert parsed["auth"] == NEW_AUTH
    old = json.loads(PLAIN_JSON)
    # everything outside auth is identical, as OpenClaw would write it
    assert new == json.dumps({**old, "auth": NEW_AUTH}, indent=2, ensure_ascii=False) + "\n"


def test_plain_json_replacing_with_same_value_is_identity() -> None:
    value = json.loads(PLAIN_JSON)["auth"]
    assert set_root_member(parse(PLAIN_JSON), "auth", value) == PLAIN_JSON


def _check_insert(old: str, new: str, value: Any) -> None:
    """``new`` is ``old`` with text inserted at exactly one place, and parses to old + auth."""
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    rest = old[prefix:]
    assert new.endswith(rest), "text after the insertion point changed"
    assert _canon(json5.loads(new)) == _canon({**json5.loads(old), "auth": value})
    assert parse(new).value["auth"] == value


AUTH_SMALL: dict[str, Any] = {
    "profiles": {"anthropic:default": {"provider": "anthropic", "mode": "token"}}
}


@pytest.mark.parametrize(
    "old",
    [
        '{\n  "gateway": {"port": 1},\n  "meta": {}\n}\n',  # no trailing comma
        "{\n  gateway: {port: 1},\n  meta: {}, // last\n}\n",  # trailing comma
        "{\n  gateway: {port: 1},\n  meta: {} // no comma, comment\n}\n",
        "{\n  gateway: {port: 1},\n  meta: {} /* c */ , /* d */\n}\n",
        '{"gateway": {"port": 1}}',  # one line
        "{\n\tgateway: {\n\t\tport: 1,\n\t},\n}\n",  # tabs
    ],
)
def test_insert_auth_when_absent(old: str) -> None:
    new = set_root_member(parse(old), "auth", AUTH_SMALL)
    _check_insert(old, new, AUTH_SMALL)
    assert list(parse(new).value)[-1] == "auth"  # added at the end


def test_insert_auth_plain_json_stays_json() -> None:
    old = '{\n  "gateway": {\n    "port": 1\n  }\n}\n'
    new = set_root_member(parse(old), "auth", AUTH_SMALL)
    assert json.loads(new) == {"gateway": {"port": 1}, "auth": AUTH_SMALL}


@pytest.mark.parametrize("old", ["{}", "{}\n", "{ }", "\n{\n}\n", "// hdr\n{}\n// tail\n"])
def test_insert_into_empty_root(old: str) -> None:
    new = set_root_member(parse(old), "auth", AUTH_SMALL)
    doc = parse(old)
    # outside the braces nothing changes (whitespace between empty braces may be replaced)
    assert new.startswith(old[: doc.root_open + 1])
    assert new.endswith(old[doc.root_close :])
    assert json5.loads(new) == {"auth": AUTH_SMALL}
    assert new == set_root_member(parse(new), "auth", AUTH_SMALL)


@pytest.mark.parametrize(
    "old",
    [
        "{\n  // nothing configured yet\n}\n",
        "{ /* empty */ }",
        "{\n  /* a */\n  // b\n}",
    ],
)
def test_insert_into_root_with_only_comments(old: str) -> None:
    new = set_root_member(parse(old), "auth", AUTH_SMALL)
    _check_insert(old, new, AUTH_SMALL)
    for comment in ("nothing configured yet", "/* empty */", "/* a */", "// b"):
        if comment in old:
            assert comment in new


def test_replace_auth_that_is_not_an_object() -> None:
    old = "{\n  auth: null, // was emptied\n  x: 1,\n}\n"
    new = set_root_member(parse(old), "auth", AUTH_SMALL)
    _check_splice(old, new)
    assert json5.loads(new) == {"auth": AUTH_SMALL, "x": 1}


def test_duplicate_auth_member_last_one_is_edited() -> None:
    # JSON5 (and OpenClaw) keep the last of duplicate keys: the edit must land there.
    old = "{\n  auth: {profiles: {}},\n  x: 1,\n  auth: {order: {}},\n}\n"
    new = set_root_member(parse(old), "auth", AUTH_SMALL)
    assert json5.loads(new)["auth"] == AUTH_SMALL
    assert parse(new).value["auth"] == AUTH_SMALL


def test_other_members_can_be_set_too() -> None:
    old = "{\n  a: 1, // one\n  b: 2,\n}\n"
    new = set_root_member(parse(old), "a", [1, 2])
    _check_splice(old, new, "a")
    assert json5.loads(new) == {"a": [1, 2], "b": 2}


def test_new_document() -> None:
    text = jsontext.new_document({"auth": AUTH_SMALL})
    assert text.endswith("}\n")
    assert json.loads(text) == {"auth": AUTH_SMALL}
    assert text == json.dumps({"auth": AUTH_SMALL}, indent=2) + "\n"


# ---------------------------------------------------------------- Unicode (hardening item 12)

SPACE_SEPARATORS = [chr(c) for c in range(0x110000)
                    if 0xD800 > c or c > 0xDFFF if unicodedata.category(chr(c)) == "Zs"]


@pytest.mark.parametrize("space", SPACE_SEPARATORS, ids=lambda c: f"U+{ord(c):04X}")
def test_every_unicode_space_separator_is_whitespace(space: str) -> None:
    text = f"{{{space}a:{space}1,{space}b: [2{space}]{space}}}{space}"
    assert parse(text).value == {"a": 1, "b": [2]} == json5.loads(text)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("{über: 1}", "über"),
        ("{ℕ: 1}", "ℕ"),  # Lu
        ("{ǅx: 1}", "ǅx"),  # Lt
        ("{ʰa: 1}", "ʰa"),  # Lm
        ("{中文: 1}", "中文"),  # Lo
        ("{Ⅻ: 1}", "Ⅻ"),  # Nl
        ("{e\u0301: 1}", "e\u0301"),  # Mn inside
        ("{a\u0903: 1}", "a\u0903"),  # Mc inside
        ("{x٣: 1}", "x٣"),  # Nd inside
        ("{a‿b: 1}", "a‿b"),  # Pc inside
        ("{a\u200cb\u200d: 1}", "a\u200cb\u200d"),  # ZWNJ, ZWJ inside
        ("{\\u00fcber: 1}", "über"),  # escaped
        ("{a\\u0062c: 1}", "abc"),
    ],
)
def test_unicode_identifiers_as_json5_reads_them(text: str, key: str) -> None:
    assert parse(text).value == {key: 1} == json5.loads(text)


@pytest.mark.parametrize("text", ["{\u0301a: 1}", "{٣: 1}", "{a\u2003b: 1}", "{\\u00: 1}",
                                  "{‿: 1}", "{a: 01}", "{a: -00.5}"])
def test_what_cannot_start_or_continue_an_identifier_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        json5.loads(text)
    with pytest.raises(JSONTextError):
        parse(text)


def test_an_escape_must_name_an_identifier_character() -> None:
    """As OpenClaw's parser (json5 on npm) reads it; the Python package is lenient here."""
    with pytest.raises(JSONTextError):
        parse("{\\u0030a: 1}")


def test_unicode_keys_keep_the_surgical_edit() -> None:
    old = "{\u2003über: 1,\u3000名前: 'x', auth: {}}"
    new = set_root_member(parse(old), "auth", {"order": {}})
    assert new.startswith("{\u2003über: 1,\u3000名前: 'x', auth: ")
    assert parse(new).value["名前"] == "x"


_CHAR = st.characters(exclude_categories=["Cs"])
_KEYISH = st.text(_CHAR, min_size=1, max_size=6)


@settings(max_examples=300)
@given(_KEYISH)
def test_any_unquoted_key_is_read_as_the_json5_package_reads_it(key: str) -> None:
    _same_as_oracle("{" + key + ": 1}")


@settings(max_examples=300)
@given(_CHAR, _CHAR)
def test_any_character_between_tokens_is_read_as_the_json5_package_reads_it(
    a: str, b: str
) -> None:
    _same_as_oracle("{" + a + "k:" + b + "1}")


def _same_as_oracle(text: str) -> None:
    try:
        expected = _oracle(text)
    except (ValueError, RecursionError):
        with pytest.raises(JSONTextError):
            parse(text)
        return
    assert _canon(parse(text).value) == expected
