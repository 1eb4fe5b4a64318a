"""Grouped writes of self-paced papers: every start, answer, prediction and submission of this
process waits a few milliseconds to share one transaction, run in one OS thread at a time.

A job is ``job(conn) -> result`` made of Core statements; the caller gets its result (the
ack) only after the commit. A job refuses by raising `DomainError` before writing anything
it would not keep; other jobs of the batch are not affected. If the batch fails as a whole,
each job is retried alone, so one bad job cannot fail the others.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from contest import asyncmode
from contest.errors import N_, DomainError

log = logging.getLogger(__name__)
Job = Callable[[sa.Connection], Any]
Outcome = tuple[Any, BaseException | None]


@dataclass
class _Pending:
    job: Job
    done: threading.Event = field(default_factory=threading.Event)
    outcome: Outcome = (None, None)


def run_jobs(engine: sa.Engine, jobs: list[Job]) -> list[Outcome]:
    outcomes: list[Outcome] = []
    with engine.begin() as conn:
        for job in jobs:
            try:
                outcomes.append((job(conn), None))
            except DomainError as exc:
                outcomes.append((None, exc))
    return outcomes


class PaperLane:
    def __init__(self, engine: sa.Engine, interval_ms: int, background: Callable[[], bool],
                 spawn: Callable, sleep: Callable):
        self.engine = engine
        self.interval = interval_ms / 1000
        self.background = background  # only the serving process groups; tests run jobs at once
        self.spawn, self.sleep = spawn, sleep
        self._pending: list[_Pending] = []
        self._draining = False
        self.batches = 0

    def run(self, job: Job) -> Any:
        """Blocks the calling greenlet until the job is committed; raises its refusal."""
        if not self.background():
            result, error = self._alone(job)
        else:
            pending = _Pending(job)
            self._pending.append(pending)
            if not self._draining:
                self._draining = True
                self.spawn(self._drain)
            pending.done.wait()
            result, error = pending.outcome
        if isinstance(error, DomainError):
            raise error
        if error is not None:
            log.error("self-paced write failed", exc_info=error)
            raise DomainError("not_open", N_("Chưa lưu được, vui lòng gửi lại.")) from error
        return result

    def _drain(self) -> None:
        # Green threads switch only on I/O: nothing slips in between the check and the flag.
        try:
            while self._pending:
                self.sleep(self.interval)
                self.flush()
        finally:
            self._draining = False

    def flush(self) -> None:
        batch, self._pending = self._pending, []
        if not batch:
            return
        try:
            outcomes = asyncmode.run_in_os_thread(run_jobs, self.engine, [p.job for p in batch])
            self.batches += 1
        except Exception:
            outcomes = [self._alone(p.job) for p in batch]
        for pending, outcome in zip(batch, outcomes):
            pending.outcome = outcome
            pending.done.set()

    def _alone(self, job: Job) -> Outcome:
        try:
            return asyncmode.run_in_os_thread(run_jobs, self.engine, [job])[0]
        except Exception as exc:  # the caller gets an error ack, never a false ok
            return None, exc
