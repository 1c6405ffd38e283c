"""The resolver program OpenClaw runs (exec secret provider): stdin request, stdout response.

Kept apart so the installed script imports only this, keyring and the protocol.
"""

from __future__ import annotations

import json
import sys

from wizard.keychain.protocol import MAX_REQUEST, ResolveFailure, answer


def _lookup(ref: str) -> str | None:
    from wizard.keychain import backend

    try:
        return backend.read(ref)
    except Exception as exc:  # a locked or broken backend: a code, never a traceback
        raise ResolveFailure(
            "KEYCHAIN_UNAVAILABLE", f"the keychain did not answer ({type(exc).__name__})"
        ) from None


def main() -> int:
    request = sys.stdin.buffer.read(MAX_REQUEST + 1)
    sys.stdout.write(json.dumps(answer(request, _lookup)))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
