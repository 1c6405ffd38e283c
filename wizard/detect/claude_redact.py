"""Text from Claude Code or keyring, made safe for a note: any ``sk-ant-`` token redacted."""

from __future__ import annotations

import re

from wizard.detect.env import redact

_TOKEN_LIKE = re.compile(r"sk-ant-[A-Za-z0-9_-]{4,}")


def redact_tokens(text: str) -> str:
    """``text`` with every ``sk-ant-…`` token in the project's redacted form."""
    return _TOKEN_LIKE.sub(lambda m: redact(m.group(0)), text)


def describe_error(exc: BaseException) -> str:
    """``Type: message`` on one line, tokens redacted, the message cut at 200 characters."""
    text = redact_tokens(" ".join(str(exc).split()))
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__
