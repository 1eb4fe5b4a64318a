"""Work that would hold the event loop, done elsewhere: in a worker process or an OS thread.

Every official in a process waits on its one event loop (docs/architecture.md). Reading an
uploaded workbook takes openpyxl seconds of pure Python, and building a big one as long:
`in_process` runs such a function in `contest.worker`, a new interpreter (never a fork, so
nothing monkey-patched is inherited), at most `WORKERS` at a time, each within
`WORKER_SECONDS` of wall-clock time and `WORKER_MEMORY_MB` of memory. Queries and writes
over thousands of rows run in an OS thread instead (`in_thread`), where the database
driver's C code does not hold the loop either.

No line here depends on the async mode: the caller's greenlet polls the worker with
`time.sleep`, and the job and its outcome go through temporary files read and written in
pickle frames of 64 KB, with a `time.sleep(0)` between frames. Both modes patch
`time.sleep` into a cooperative wait; in threading mode (tests, commands) it simply sleeps.
"""
from __future__ import annotations

import logging
import pickle
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from contest import asyncmode

ROOT = Path(__file__).resolve().parent.parent
POLL_SECONDS = 0.02
log = logging.getLogger(__name__)
T = TypeVar("T")


class WorkerTimeout(Exception):
    """The worker ran out of wall-clock time and was killed."""

    def __init__(self, seconds: float):
        super().__init__(f"worker stopped after {seconds:g} s")
        self.seconds = seconds


class WorkerFailed(Exception):
    """The worker died without an outcome (killed, out of CPU time, crashed)."""


@dataclass(frozen=True)
class Limits:
    enabled: bool = True
    workers: int = 2
    seconds: float = 60
    memory_mb: int = 1024


def limits() -> Limits:
    """The app's settings (Config.OFFLOAD, WORKERS, WORKER_SECONDS, WORKER_MEMORY_MB)."""
    from flask import current_app, has_app_context

    if not has_app_context():
        return Limits()
    config = current_app.config
    return Limits(config.get("OFFLOAD", True), config.get("WORKERS", 2),
                  config.get("WORKER_SECONDS", 60), config.get("WORKER_MEMORY_MB", 1024))


_slots: dict[int, threading.BoundedSemaphore] = {}


def _slot(workers: int) -> threading.BoundedSemaphore:
    # Made on first use, after run.py patched threading, so that waiting for it is cooperative.
    return _slots.setdefault(workers, threading.BoundedSemaphore(workers))


def in_process(function: Callable[..., T], *args: Any, time_limit: float | None = None,
               **kwargs: Any) -> T:
    """`function(*args, **kwargs)` in a worker process; its exception is raised here.

    The function and its arguments must pickle (a module-level function, plain data).
    Raises WorkerTimeout past the time limit, WorkerFailed when the worker dies."""
    settings = limits()
    if not settings.enabled:
        return function(*args, **kwargs)
    with _slot(settings.workers):
        return _run((function, args, kwargs), time_limit or settings.seconds, settings.memory_mb)


def in_thread(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)` in an OS thread, in an app context (and so a database
    session) of its own. The caller's session must hold no uncommitted write."""
    from flask import current_app

    app = current_app._get_current_object()

    def call() -> T:
        with app.app_context():
            return function(*args, **kwargs)

    return asyncmode.run_in_os_thread(call)


def _run(job: tuple, seconds: float, memory_mb: int) -> Any:
    with tempfile.TemporaryFile() as request, tempfile.TemporaryFile() as outcome, \
            tempfile.TemporaryFile() as errors:
        pickle.dump(job, _Cooperative(request), protocol=pickle.HIGHEST_PROTOCOL)
        request.seek(0)
        started = time.monotonic()
        worker = subprocess.Popen(
            [sys.executable, "-m", "contest.worker", str(memory_mb), str(int(seconds) + 5)],
            stdin=request, stdout=outcome, stderr=errors, cwd=ROOT)
        try:
            _wait(worker, started + seconds, seconds)
        finally:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        outcome.seek(0)
        try:
            kind, value = pickle.load(_Cooperative(outcome))
        except Exception as exc:
            errors.seek(0)
            detail = errors.read()[-2000:].decode(errors="replace")
            log.warning("worker failed", extra={"returncode": worker.returncode, "stderr": detail})
            raise WorkerFailed(f"worker exited with status {worker.returncode}") from exc
    log.info("worker finished", extra={"job": getattr(job[0], "__qualname__", str(job[0])),
                                       "seconds": round(time.monotonic() - started, 3)})
    if kind == "raised":
        raise value
    return value


def _wait(worker: subprocess.Popen, deadline: float, seconds: float) -> None:
    while worker.poll() is None:
        if time.monotonic() >= deadline:
            raise WorkerTimeout(seconds)
        time.sleep(POLL_SECONDS)


class _Cooperative:
    """A file for pickle that lets other greenlets run between its 64 KB frames."""

    def __init__(self, file):
        self.file = file

    def write(self, data) -> int:
        time.sleep(0)
        return self.file.write(data)

    def read(self, size: int = -1) -> bytes:
        time.sleep(0)
        return self.file.read(size)

    def readinto(self, buffer) -> int:
        time.sleep(0)
        return self.file.readinto(buffer)

    def readline(self) -> bytes:
        return self.file.readline()
