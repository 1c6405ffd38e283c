"""Regenerate the files written from code: ``python -m wizard.generate``.

- ``wizard/schema/answers-v1.json`` from the answers format (``wizard.answers``);
- ``docs/doctor-codes.md`` from the doctor's catalogue (``wizard.doctor.codes``).

Tests fail while either is stale, naming this command.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    from wizard.answers import SCHEMA_PATH, generate_schema
    from wizard.doctor.codes import DOC_PATH, markdown

    SCHEMA_PATH.write_text(json.dumps(generate_schema(), indent=2, ensure_ascii=False) + "\n",
                           encoding="utf-8")
    DOC_PATH.write_text(markdown(), encoding="utf-8")
    for path in (SCHEMA_PATH, DOC_PATH):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
