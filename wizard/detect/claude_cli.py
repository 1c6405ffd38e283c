"""``claude auth status`` (JSON), run bounded when the Claude Code CLI is on ``PATH``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from wizard.detect.claude_redact import describe_error, redact_tokens

DEFAULT_CLI_TIMEOUT = 10.0

CliState = Literal["ok", "not_installed", "timeout", "error"]
Runner = Callable[[Sequence[str], Mapping[str, str], float], "subprocess.CompletedProcess[str]"]
Which = Callable[[str], "str | None"]


@dataclass(frozen=True, kw_only=True)
class CliStatusResult:
    """``claude auth status`` (JSON) as reported by the installed CLI."""

    state: CliState
    note: str = ""
    binary: str | None = None
    exit_code: int | None = None
    logged_in: bool | None = None
    auth_method: str | None = None
    api_provider: str | None = None
    api_key_source: str | None = None
    subscription_type: str | None = None
    config_directory: str | None = None
    login_expires_at: datetime | None = None
    email: str | None = None
    org_name: str | None = None


def _default_runner(
    args: Sequence[str], env: Mapping[str, str], timeout: float
) -> subprocess.CompletedProcess[str]:
    from wizard import children

    # No controlling terminal (a new session): it can never prompt on ours.
    return children.run(args, env=env, timeout=timeout, new_session=True)


def _parse_iso(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def claude_auth_status(
    env: Mapping[str, str],
    home: Path,
    *,
    which: Which | None = None,
    runner: Runner | None = None,
    timeout: float = DEFAULT_CLI_TIMEOUT,
) -> CliStatusResult:
    """Run ``claude auth status`` (JSON) with ``env`` (``HOME`` set to ``home``), bounded."""
    path_var = env.get("PATH", os.defpath)
    find = which or (lambda name: shutil.which(name, path=path_var))
    binary = find("claude")
    if not binary:
        return CliStatusResult(state="not_installed", note="the claude CLI is not on PATH")
    child_env = dict(env)
    child_env["HOME"] = str(home)
    try:
        proc = (runner or _default_runner)([binary, "auth", "status"], child_env, timeout)
    except subprocess.TimeoutExpired:
        return CliStatusResult(
            state="timeout",
            binary=binary,
            note=f"`claude auth status` did not finish in {timeout:g} s",
        )
    except OSError as exc:
        return CliStatusResult(
            state="error", binary=binary, note=f"cannot run {binary}: {describe_error(exc)}"
        )
    out = proc.stdout or ""
    data: object = None
    try:
        data = json.loads(out)
    except json.JSONDecodeError:
        start, end = out.find("{"), out.rfind("}")
        if 0 <= start < end:
            try:
                data = json.loads(out[start : end + 1])
            except json.JSONDecodeError:
                data = None
    if not isinstance(data, dict) or not isinstance(data.get("loggedIn"), bool):
        err = redact_tokens(" ".join((proc.stderr or "").split()))[:200]
        return CliStatusResult(
            state="error",
            binary=binary,
            exit_code=proc.returncode,
            note=f"`claude auth status` exited {proc.returncode} without JSON"
            + (f": {err}" if err else ""),
        )
    return CliStatusResult(
        state="ok",
        binary=binary,
        exit_code=proc.returncode,
        logged_in=data["loggedIn"],
        auth_method=_str_or_none(data.get("authMethod")),
        api_provider=_str_or_none(data.get("apiProvider")),
        api_key_source=_str_or_none(data.get("apiKeySource")),
        subscription_type=_str_or_none(data.get("subscriptionType")),
        config_directory=_str_or_none(data.get("configDirectory")),
        login_expires_at=_parse_iso(data.get("loginExpiresAt")),
        email=_str_or_none(data.get("email")),
        org_name=_str_or_none(data.get("orgName")),
    )
