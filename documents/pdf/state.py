"""The on-disk protocol of the warm pool, shared by the supervisor and every client process.

Everything lives in one directory (``settings.PDF_POOL_DIR``, ``var/pdf_pool`` by default)::

    supervisor.lock        flock(LOCK_EX) held by the supervisor for its whole life
    pool.json              {"pid", "size", "max_conversions", "started_at"}
    worker-<i>.lock        flock(LOCK_EX) held by whoever uses or (re)starts worker i
    worker-<i>.json        {"index", "state", "pid", "port", "uno_port", "profile",
                            "generation", "conversions"}
    worker-<i>.log         unoserver's and LibreOffice's output
    profiles/worker-<i>/   the worker's own LibreOffice user profile

Liveness is a lock, not a pid: the kernel drops the supervisor's lock when it dies, however
it dies, so a stale ``pool.json`` is recognised in microseconds and pid reuse cannot fool it.
A worker's lock is held by a client for exactly one conversion, and by the supervisor while it
starts, restarts or stops the worker; so no two conversions ever reach one worker at once,
whichever process (dev server, Celery workers, benchmarks) they come from. Only the holder of
a worker's lock writes its ``worker-<i>.json`` (atomically, by rename).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import signal
import time
from pathlib import Path

import psutil

STARTING = "starting"  # the supervisor is (re)starting the worker and holds its lock
READY = "ready"  # warm and idle or busy: take its lock to use it
RETIRING = "retiring"  # did its max_conversions: the supervisor restarts it
FAILED = "failed"  # died, hung or was killed: the supervisor restarts it
STOPPED = "stopped"  # the pool shut down

SUPERVISOR_LOCK = "supervisor.lock"
POOL_FILE = "pool.json"


def worker_file(directory: Path, index: int) -> Path:
    return directory / f"worker-{index}.json"


def worker_lock_file(directory: Path, index: int) -> Path:
    return directory / f"worker-{index}.lock"


def worker_log_file(directory: Path, index: int) -> Path:
    return directory / f"worker-{index}.log"


def profile_dir(directory: Path, index: int) -> Path:
    return directory / "profiles" / f"worker-{index}"


def read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def write_json(path: Path, data: dict) -> None:
    """Replace ``path`` atomically: readers see the old or the new content, never half."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, indent=1))
    os.replace(tmp, path)


def supervisor_alive(directory: Path) -> bool:
    """True while a supervisor holds ``supervisor.lock`` in ``directory``."""
    try:
        fd = os.open(directory / SUPERVISOR_LOCK, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


class FileLock:
    """An exclusive ``flock`` on a file. Each instance opens its own descriptor, so two
    instances conflict even inside one process (threads of the dev server or a benchmark)."""

    def __init__(self, path: Path):
        self.path = path
        self._fd: int | None = None

    def try_acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o660)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def profile_processes(profile: Path) -> list[psutil.Process]:
    """Every live process started with ``profile`` as its LibreOffice user installation
    (unoserver passes it on its command line, LibreOffice as ``-env:UserInstallation``)."""
    path, uri = str(profile), profile.as_uri()
    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        with contextlib.suppress(psutil.Error):
            if proc.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            if any(arg == path or arg.endswith(uri) for arg in proc.info["cmdline"] or ()):
                found.append(proc)
    return found


def kill_worker_processes(info: dict) -> None:
    """SIGKILL a worker's unoserver and LibreOffice (its process group) and anything else
    still running on its profile. The pid is checked against the profile first, so a
    recycled pid is never killed."""
    profile = Path(info["profile"])
    procs = profile_processes(profile)
    pid = info.get("pid")
    if pid and any(p.pid == pid for p in procs):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signal.SIGKILL)
    for proc in procs:
        with contextlib.suppress(psutil.Error):
            proc.kill()
    deadline = time.monotonic() + 5
    while any(_running(p) for p in procs) and time.monotonic() < deadline:
        time.sleep(0.02)


def _running(proc: psutil.Process) -> bool:
    """Alive and not a zombie (a zombie has exited; its reaper, maybe init, will collect it)."""
    try:
        return proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
