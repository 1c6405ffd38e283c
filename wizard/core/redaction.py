"""Text with every piece of a secret taken out: any run of ``PIECE`` or more of its characters,
wherever it sits (glued to other words, inside a longer token, or the whole secret)."""

from __future__ import annotations

PIECE = 12


def without_secret(text: str, secret: str, marker: str = "[redacted]") -> str:
    """``text`` with each stretch covered by a ``PIECE``-character window of ``secret`` (the
    whole secret if it is shorter) replaced by ``marker``."""
    if not secret or not text:
        return text
    size = min(PIECE, len(secret))
    windows = {secret[i : i + size] for i in range(len(secret) - size + 1)}
    spans: list[list[int]] = []
    for i in range(len(text) - size + 1):
        if text[i : i + size] in windows:
            if spans and spans[-1][1] >= i:
                spans[-1][1] = i + size
            else:
                spans.append([i, i + size])
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end in spans:
        out += [text[last:start], marker]
        last = end
    out.append(text[last:])
    return "".join(out)
