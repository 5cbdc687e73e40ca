"""``manage.py pdf_pool`` as a child process, for the tests and the benchmark.

(Dev and production run the command itself: ``make run`` / ``make pdf-pool`` / a service.)
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings

from documents.pdf import state


class PoolProcess:
    def __init__(self, directory: Path, *, size: int, max_conversions: int = 0, env: dict | None = None):
        self.directory = Path(directory).resolve()
        self.size = size
        self.max_conversions = max_conversions
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None

    @property
    def log_file(self) -> Path:
        return self.directory / "supervisor.log"

    def start(self, *, ready_timeout: float = 180) -> PoolProcess:
        self.directory.mkdir(parents=True, exist_ok=True)
        with open(self.log_file, "ab") as log:
            self.proc = subprocess.Popen(
                [
                    sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "pdf_pool",
                    "--size", str(self.size), "--max-conversions", str(self.max_conversions),
                    "--dir", str(self.directory),
                ],
                cwd=settings.BASE_DIR, env=self.env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )
        try:
            for index in range(self.size):
                self.wait_ready(index, timeout=ready_timeout)
        except BaseException:
            self.stop()
            raise
        return self

    def worker(self, index: int) -> dict | None:
        return state.read_json(state.worker_file(self.directory, index))

    def wait_ready(self, index: int, *, after_generation: int = 0, timeout: float = 180) -> dict:
        """Wait until worker ``index`` is ready in a generation newer than ``after_generation``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"pdf_pool exited with code {self.proc.returncode}: {self.output()}")
            info = self.worker(index)
            if info and info["state"] == state.READY and info["generation"] > after_generation:
                return info
            time.sleep(0.1)
        raise TimeoutError(f"PDF worker {index} not ready within {timeout:g} s: {self.output()}")

    def output(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")[-3000:]
        except FileNotFoundError:
            return ""

    def stop(self, *, timeout: float = 60) -> int:
        """SIGTERM the supervisor (clean shutdown), SIGKILL it if it does not finish."""
        if self.proc is None:
            return 0
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def __enter__(self) -> PoolProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
