"""The catalogue and the document written from it."""

from __future__ import annotations

import subprocess
import sys

from wizard.doctor.codes import DOC_PATH, EVERY, Code, by_code, markdown


def test_committed_doc_is_current() -> None:
    assert DOC_PATH.read_text(encoding="utf-8") == markdown(), (
        "docs/doctor-codes.md is stale: run `python -m wizard.generate`")


def test_the_module_prints_the_doc() -> None:
    out = subprocess.run([sys.executable, "-W", "error", "-m", "wizard.doctor.codes"],
                         capture_output=True, text=True, check=True).stdout
    assert out == markdown()


def test_every_code_is_in_the_doc_once() -> None:
    doc = markdown()
    for c in Code:
        assert doc.count(f"| `{c.code}` |") == 1
        assert by_code(c.code) is c
        assert c.spec.generations <= EVERY and c.spec.generations
        assert c.spec.severity not in c.spec.also
