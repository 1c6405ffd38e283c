"""Regenerate the files written from code: ``python -m wizard.generate``.

- ``wizard/schema/answers-v1.json`` from the answers format (``wizard.answers``);
- ``docs/doctor-codes.md`` from the doctor's catalogue (``wizard.doctor.codes``);
- the README's table of what each provider's checks send, from the provider registry.

Tests fail while one is stale, naming this command.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
TABLE_START = "<!-- providers: written by `python -m wizard.generate` -->"
TABLE_END = "<!-- /providers -->"


def provider_table() -> str:
    """What the free check and the opt-in test message of each provider send, as a table."""
    from wizard.spec.registry import PROVIDERS

    rows = ["| provider | free check | test message (opt-in) |", "|---|---|---|"]
    for p in PROVIDERS.values():
        free = f"`{p.probe.method} {p.api_root}{p.probe.path}`"
        if p.probe.json_body is not None:
            free += " with an empty body (authentication is checked first: no model runs)"
        message = "—"
        if p.message_test is not None:
            path, _ = p.message_test.request()
            limit = "maxOutputTokens" if p.message_test.style == "google" else "max_tokens"
            message = (f"`POST {p.api_root}{path}`, model `{p.message_test.model}`, `{limit}` 1, "
                       f"one user word; {p.message_test.cost}")
        rows.append(f"| {p.name} | {free} | {message} |")
    return "\n".join(rows) + "\n"


def readme_with_table(text: str) -> str:
    head, start, rest = text.partition(TABLE_START + "\n")
    _, end, tail = rest.partition(TABLE_END)
    if not (start and end):
        raise SystemExit(f"README.md lacks the lines {TABLE_START} … {TABLE_END}")
    return f"{head}{TABLE_START}\n{provider_table()}{TABLE_END}{tail}"


def main() -> int:
    from wizard.answers import SCHEMA_PATH, generate_schema
    from wizard.doctor.codes import DOC_PATH, markdown

    SCHEMA_PATH.write_text(json.dumps(generate_schema(), indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    DOC_PATH.write_text(markdown(), encoding="utf-8")
    README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
    for path in (SCHEMA_PATH, DOC_PATH, README):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
