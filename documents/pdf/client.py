"""The pool's client side: take a free warm worker, convert on it, give it back.

Runs in any process of the machine (dev server, Celery workers, benchmarks). A worker is
taken by flock-ing its lock file, so two conversions never reach one worker at once. The
per-conversion timeout is a watchdog: when it fires, the worker's unoserver and LibreOffice
are SIGKILLed — that also breaks the pending XML-RPC call — and the worker is marked failed
for the supervisor to restart.
"""

from __future__ import annotations

import http.client
import logging
import random
import threading
import time
import xmlrpc.client
from dataclasses import dataclass
from pathlib import Path

from unoserver.client import UnoClient

from documents.pdf import state
from documents.pdf.cold import DOCX_IMPORT_FILTER
from documents.pdf.errors import (
    CORRUPT_INPUT,
    MSG_FAILED,
    MSG_POOL_BUSY,
    MSG_TIMEOUT,
    MSG_UNREADABLE,
    POOL_BUSY,
    ConversionError,
    ConversionTimeout,
)

logger = logging.getLogger(__name__)

POLL_INTERVAL = 0.005  # s between attempts to take a busy worker (a few µs of work each)
LIVENESS_INTERVAL = 0.5  # s between re-checks of the supervisor while waiting
NOT_LOADED = "Could not load document"


class PoolUnavailable(Exception):
    """No pool is running in the directory, or none of its workers is warm yet:
    the caller converts cold instead."""


class _WorkerLost(Exception):
    """The worker died under a conversion that was not ours to blame: try another."""


class _Client(UnoClient):
    """unoserver's client, connecting once. The stock client retries a refused connection
    five times with 10 s sleeps; a dead worker must instead be reported at once so the
    conversion moves to another worker (the supervisor restarts this one)."""

    def _connect(self, proxy, retries=1, sleep=0):
        return super()._connect(proxy, retries=1, sleep=0)


@dataclass(frozen=True)
class PoolConversion:
    pdf: bytes
    worker: int
    generation: int
    acquired_at: float  # time.monotonic() when the worker's lock was taken
    released_at: float  # … and when it was given back


def pool_running(directory: Path) -> bool:
    return state.supervisor_alive(directory) and state.read_json(directory / state.POOL_FILE) is not None


def convert_with_pool(docx: bytes, *, directory: Path, timeout: float, wait_timeout: float) -> PoolConversion:
    """Convert on a warm worker of the pool in ``directory``.

    Raises PoolUnavailable when no supervisor is alive or no worker is warm (the caller
    falls back to a cold conversion), ConversionTimeout when the conversion exceeds
    ``timeout`` or no worker frees up within ``wait_timeout``, ConversionError otherwise.
    """
    pool = state.read_json(directory / state.POOL_FILE)
    if pool is None or not state.supervisor_alive(directory):
        raise PoolUnavailable(f"no PDF pool running in {directory}")
    size = pool["size"]
    deadline = time.monotonic() + wait_timeout
    next_liveness_check = time.monotonic() + LIVENESS_INTERVAL
    while True:
        workers = [state.read_json(state.worker_file(directory, i)) for i in range(size)]
        ready = [w["index"] for w in workers if w and w["state"] == state.READY]
        if not ready:
            raise PoolUnavailable(f"no warm PDF worker in {directory}")
        start = random.randrange(len(ready))
        for index in ready[start:] + ready[:start]:
            lock = state.FileLock(state.worker_lock_file(directory, index))
            if not lock.try_acquire():
                continue
            acquired_at = time.monotonic()
            try:
                info = state.read_json(state.worker_file(directory, index))
                if not info or info["state"] != state.READY:
                    continue
                try:
                    pdf = _convert_on(info, docx, directory=directory, timeout=timeout,
                                      max_conversions=pool["max_conversions"])
                except _WorkerLost:
                    continue
                return PoolConversion(pdf, index, info["generation"], acquired_at, time.monotonic())
            finally:
                lock.release()
        now = time.monotonic()
        if now > deadline:
            raise ConversionTimeout(MSG_POOL_BUSY.format(timeout=wait_timeout), code=POOL_BUSY)
        if now > next_liveness_check:
            if not state.supervisor_alive(directory):
                raise PoolUnavailable(f"the PDF pool in {directory} stopped")
            next_liveness_check = now + LIVENESS_INTERVAL
        time.sleep(POLL_INTERVAL)


def _convert_on(info: dict, docx: bytes, *, directory: Path, timeout: float, max_conversions: int) -> bytes:
    """One conversion on a worker whose lock the caller holds."""
    fired = threading.Event()

    def kill_hung_worker():
        fired.set()
        logger.warning("PDF worker %s: conversion exceeded %s s, killing it", info["index"], timeout)
        state.kill_worker_processes(info)

    watchdog = threading.Timer(timeout, kill_hung_worker)
    watchdog.daemon = True
    watchdog.start()
    try:
        pdf = _Client(port=str(info["port"])).convert(
            indata=docx, convert_to="pdf", infiltername=DOCX_IMPORT_FILTER
        )
    except xmlrpc.client.Fault as exc:
        if fired.is_set():
            _mark(directory, info, state.FAILED)
            raise ConversionTimeout(MSG_TIMEOUT.format(timeout=timeout)) from None
        _count(directory, info, max_conversions)
        detail = _fault_detail(exc)
        if NOT_LOADED in detail:
            raise ConversionError(MSG_UNREADABLE.format(detail=detail), code=CORRUPT_INPUT) from None
        raise ConversionError(MSG_FAILED.format(detail=detail)) from None
    except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError) as exc:
        _mark(directory, info, state.FAILED)
        if fired.is_set():
            raise ConversionTimeout(MSG_TIMEOUT.format(timeout=timeout)) from None
        logger.warning("PDF worker %s lost: %r", info["index"], exc)
        raise _WorkerLost from exc
    finally:
        watchdog.cancel()
        if fired.is_set():
            watchdog.join()  # the hung LibreOffice is dead before anyone hears of the timeout
    if fired.is_set():  # finished just as the watchdog fired: the PDF is good, the worker is not
        _mark(directory, info, state.FAILED)
    else:
        _count(directory, info, max_conversions)
    return pdf


def _count(directory: Path, info: dict, max_conversions: int) -> None:
    info["conversions"] += 1
    if max_conversions and info["conversions"] >= max_conversions:
        info["state"] = state.RETIRING
    state.write_json(state.worker_file(directory, info["index"]), info)


def _mark(directory: Path, info: dict, worker_state: str) -> None:
    state.write_json(state.worker_file(directory, info["index"]), {**info, "state": worker_state})


def _fault_detail(fault: xmlrpc.client.Fault) -> str:
    # unoserver formats faults as "<class 'RuntimeError'>:message"
    text = str(fault.faultString)
    return text.split(">:", 1)[-1].strip() or text
