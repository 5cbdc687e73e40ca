"""The pool supervisor: keeps N warm unoserver + LibreOffice workers (``manage.py pdf_pool``).

One thread per worker starts it (under Debian's Python, with its own profile and ports),
warms it with a sample letter, publishes it as ready and watches it; it restarts the worker
when the process dies, when a client marks it failed (hung, killed) or retiring (did its
``max_conversions``). Starting, restarting and stopping happen under the worker's lock, so
no client is ever mid-conversion on a worker being replaced. See ``state`` for the files.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
import xmlrpc.client
from collections.abc import Callable
from pathlib import Path

from documents.pdf import state
from documents.pdf.cold import DOCX_IMPORT_FILTER, find_soffice
from documents.pdf.errors import ConversionError
from documents.pdf.samples import sample_letter_docx

logger = logging.getLogger(__name__)

START_TIMEOUT = 120.0  # s for unoserver to answer and convert the warm-up letter
SHUTDOWN_GRACE = 30.0  # s a conversion in flight may finish when the pool stops
WATCH_INTERVAL = 0.2  # s between looks at a running worker
MAX_BACKOFF = 30.0  # s between attempts to start a worker that keeps failing


class PoolError(Exception):
    """The pool cannot start (message in Russian, names the cause)."""


class Supervisor:
    def __init__(
        self,
        *,
        directory: Path,
        size: int,
        max_conversions: int,
        soffice: str,
        unoserver_python: str,
    ):
        self.directory = Path(directory).resolve()
        self.size = size or os.cpu_count() or 1
        self.max_conversions = max_conversions
        self.soffice = soffice
        self.unoserver_python = unoserver_python
        self._stop = threading.Event()

    def stop(self) -> None:
        """Ask ``run()`` to stop the workers and return (safe from a signal handler)."""
        self._stop.set()

    def check(self) -> str:
        """Refuse to start without LibreOffice or unoserver's Python; return soffice's path."""
        try:
            soffice = find_soffice(self.soffice)
        except ConversionError as exc:
            raise PoolError(exc.message) from None
        try:
            subprocess.run(
                [self.unoserver_python, "-c", "import uno, unoserver.server"],
                check=True, capture_output=True, timeout=60,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise PoolError(
                f"Python для unoserver ({self.unoserver_python}) не запускается или не видит "
                f"модули uno/unoserver: {exc}. Выполните `make unovenv` или задайте UNOSERVER_PYTHON."
            ) from None
        return soffice

    def run(self, *, on_ready: Callable[[], None] | None = None) -> None:
        """Run the pool until ``stop()``; ``on_ready`` is called once all workers are warm."""
        self.directory.mkdir(parents=True, exist_ok=True)
        lock = state.FileLock(self.directory / state.SUPERVISOR_LOCK)
        if not lock.try_acquire():
            pool = state.read_json(self.directory / state.POOL_FILE) or {}
            raise PoolError(f"В {self.directory} уже работает пул PDF (pid {pool.get('pid', '?')}).")
        try:
            soffice = self.check()
            self._clean_up_previous_run()
            state.write_json(self.directory / state.POOL_FILE, {
                "pid": os.getpid(),
                "size": self.size,
                "max_conversions": self.max_conversions,
                "started_at": time.time(),
            })
            keepers = [
                WorkerKeeper(
                    index=i, directory=self.directory, soffice=soffice,
                    unoserver_python=self.unoserver_python, stop=self._stop,
                )
                for i in range(self.size)
            ]
            logger.info("PDF pool: starting %d workers in %s", self.size, self.directory)
            for keeper in keepers:
                keeper.start()
            announced = False
            while not self._stop.wait(0.25):
                if not announced and all(k.ready for k in keepers):
                    announced = True
                    logger.info("PDF pool: %d workers ready", self.size)
                    if on_ready:
                        on_ready()
            logger.info("PDF pool: stopping")
            for keeper in keepers:
                keeper.join()
        finally:
            with contextlib.suppress(FileNotFoundError):
                (self.directory / state.POOL_FILE).unlink()
            lock.release()
        logger.info("PDF pool: stopped")

    def _clean_up_previous_run(self) -> None:
        """A supervisor killed with SIGKILL may leave workers behind: end them."""
        for path in self.directory.glob("worker-*.json"):
            info = state.read_json(path)
            if info and info.get("profile"):
                state.kill_worker_processes(info)
            path.unlink()
        for profile in (self.directory / "profiles").glob("worker-*"):
            state.kill_worker_processes({"profile": str(profile)})


class WorkerKeeper(threading.Thread):
    """Starts, watches and restarts worker ``index``."""

    def __init__(self, *, index: int, directory: Path, soffice: str, unoserver_python: str, stop: threading.Event):
        super().__init__(name=f"pdf-worker-{index}", daemon=True)
        self.index = index
        self.directory = directory
        self.soffice = soffice
        self.unoserver_python = unoserver_python
        self.profile = state.profile_dir(directory, index)
        self.info_path = state.worker_file(directory, index)
        self.lock = state.FileLock(state.worker_lock_file(directory, index))
        self._stopping = stop
        self.proc: subprocess.Popen | None = None
        self.generation = 0
        self.ready = False
        self._warmup = sample_letter_docx(rows=5)

    def run(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            if not self._take_lock(wait=None):
                break
            try:
                self._terminate()
                started = self._start()
            finally:
                self.lock.release()
            if not started:
                failures += 1
                self._stopping.wait(min(MAX_BACKOFF, 2.0**failures))
                continue
            failures = 0
            self._watch()
        self.ready = False
        self._take_lock(wait=SHUTDOWN_GRACE)  # a conversion in flight may finish first
        try:
            self._terminate()
            self._write(state.STOPPED)
        finally:
            self.lock.release()

    def _take_lock(self, *, wait: float | None) -> bool:
        """Block until the worker's lock is ours. ``wait=None``: give up (False) when the
        pool is stopping; otherwise give up after ``wait`` seconds."""
        deadline = None if wait is None else time.monotonic() + wait
        while not self.lock.try_acquire():
            if deadline is None and self._stopping.is_set():
                return False
            if deadline is not None and time.monotonic() > deadline:
                logger.warning("PDF worker %s: still busy after %s s, stopping it anyway", self.index, wait)
                return False
            time.sleep(0.05)
        return True

    def _start(self) -> bool:
        self.generation += 1
        self.ready = False
        port, uno_port = _free_ports(2)
        self.profile.mkdir(parents=True, exist_ok=True)
        cmd = [
            self.unoserver_python, "-m", "unoserver.server",
            "--interface", "127.0.0.1", "--uno-interface", "127.0.0.1",
            "--port", str(port), "--uno-port", str(uno_port),
            "--user-installation", str(self.profile),
            "--executable", self.soffice,
        ]
        setpriv = shutil.which("setpriv")
        if setpriv:  # the worker gets SIGTERM (and stops LibreOffice) if this thread dies
            cmd = [setpriv, "--pdeathsig", "TERM", "--", *cmd]
        with open(state.worker_log_file(self.directory, self.index), "ab") as log:
            # Its own process group: unoserver, the soffice script, oosplash and soffice.bin
            # are stopped or killed together.
            self.proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, cwd=self.directory,
            )
        self._write(state.STARTING, port=port, uno_port=uno_port)
        started = time.monotonic()
        try:
            self._wait_answering(port, deadline=started + START_TIMEOUT)
            _proxy(port, timeout=START_TIMEOUT).convert(
                None, xmlrpc.client.Binary(self._warmup), None, "pdf", None, [], True, DOCX_IMPORT_FILTER, None
            )
        except Exception as exc:  # noqa: BLE001 — whatever went wrong, this start failed
            logger.error("PDF worker %s: failed to start: %s (see %s)", self.index, exc,
                         state.worker_log_file(self.directory, self.index))
            self._terminate()
            shutil.rmtree(self.profile, ignore_errors=True)  # a broken profile must not stick
            self._write(state.FAILED, port=port, uno_port=uno_port)
            return False
        self._write(state.READY, port=port, uno_port=uno_port)
        self.ready = True
        logger.info("PDF worker %s: ready (generation %s, pid %s, port %s) in %.1f s",
                    self.index, self.generation, self.proc.pid, port, time.monotonic() - started)
        return True

    def _wait_answering(self, port: int, *, deadline: float) -> None:
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"unoserver exited with code {self.proc.returncode}")
            try:
                _proxy(port, timeout=5).info()
                return
            except (OSError, xmlrpc.client.Error):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"unoserver did not answer within {START_TIMEOUT:g} s") from None
                if self._stopping.wait(0.5):
                    raise RuntimeError("the pool is stopping") from None

    def _watch(self) -> None:
        while not self._stopping.wait(WATCH_INTERVAL):
            if self.proc.poll() is not None:
                logger.warning("PDF worker %s: exited with code %s, restarting", self.index, self.proc.returncode)
                break
            info = state.read_json(self.info_path) or {}
            if info.get("state") == state.RETIRING:
                logger.info("PDF worker %s: %s conversions done, restarting", self.index, info.get("conversions"))
                break
            if info.get("state") == state.FAILED:
                logger.warning("PDF worker %s: marked failed (hung or lost), restarting", self.index)
                break
        self.ready = False

    def _terminate(self) -> None:
        """Stop the worker: SIGTERM to unoserver (it stops LibreOffice itself; signalling the
        whole group at once can leave unoserver stuck), then SIGKILL to its process group,
        then to any orphan still running on its profile."""
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        state.kill_worker_processes({"profile": str(self.profile)})

    def _write(self, worker_state: str, *, port: int | None = None, uno_port: int | None = None) -> None:
        previous = state.read_json(self.info_path) or {}
        state.write_json(self.info_path, {
            "index": self.index,
            "state": worker_state,
            "pid": self.proc.pid if self.proc else None,
            "port": port or previous.get("port"),
            "uno_port": uno_port or previous.get("uno_port"),
            "profile": str(self.profile),
            "generation": self.generation,
            "conversions": 0 if worker_state in (state.STARTING, state.READY) else previous.get("conversions", 0),
        })


def _proxy(port: int, *, timeout: float) -> xmlrpc.client.ServerProxy:
    return xmlrpc.client.ServerProxy(f"http://127.0.0.1:{port}", allow_none=True, transport=_TimeoutTransport(timeout))


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float):
        super().__init__()
        self._timeout = timeout

    def make_connection(self, host):
        connection = super().make_connection(host)
        connection.timeout = self._timeout
        return connection


def _free_ports(count: int) -> list[int]:
    """Ports the kernel has just handed out as free (held open together so they differ)."""
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()
