"""Putting a secret into the keychain around a file write, so that a failed write leaves the
keychain as it was."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from wizard.core.plan import Intent
from wizard.errors import FilesError
from wizard.keychain import backend
from wizard.keychain.install import install


@contextmanager
def keychain_items(intent: Intent, state_dir: Path) -> Iterator[list[str]]:
    """Store ``intent.secret`` under each agent's exec ref id and install the resolver; yield
    the ids written. When the body raises, each item is restored to what it was."""
    ids = [ref["id"] for ref in intent.refs.values() if ref.get("source") == "exec"]
    before: dict[str, str | None] = {}
    try:
        for ref in ids:
            before[ref] = backend.read(ref)
            backend.store(ref, intent.secret)
        install(state_dir)
    except Exception as exc:
        _restore(before)
        raise FilesError(
            f"could not store the secret in the keychain ({type(exc).__name__})",
            "unlock the keychain, or choose \"store\": \"openclaw\"; nothing was changed",
        ) from None
    try:
        yield ids
    except BaseException:
        _restore(before)
        raise


def _restore(before: dict[str, str | None]) -> None:
    for ref, old in before.items():
        if old is None:
            backend.delete(ref)
        else:
            backend.store(ref, old)
