"""Group commit: the writes of this process wait a few milliseconds to share one durable
transaction, run in an OS thread (SQLite is C code that monkey-patching cannot make
cooperative), so other sockets keep being served while it happens.

Two kinds of work share a batch: live answers (rows, inserted by one multi-row statement,
the hot path) and jobs, ``job(conn) -> result`` made of Core statements (self-paced
papers: start, answer, prediction, submission). The caller gets its result (the ack) only
after the commit. A job refuses by raising `DomainError` before writing anything it would
not keep; the others are not affected. If the batch fails as a whole, the answers and
each job are retried alone, so that one bad write cannot fail the others; whoever still
fails gets an error ack, never a false ok.
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
from contest.services.live import answer_key, insert_answers

log = logging.getLogger(__name__)
Job = Callable[[sa.Connection], Any]
Outcome = tuple[Any, BaseException | None]
RETRY = N_("Chưa lưu được, vui lòng gửi lại.")


@dataclass
class _Pending:
    job: Job | None = None
    row: dict | None = None
    done: threading.Event = field(default_factory=threading.Event)
    outcome: Outcome = (None, None)


def run_batch(engine: sa.Engine, rows: list[dict], jobs: list[Job]) -> tuple[set[tuple], list[Outcome]]:
    """One transaction: the answer rows first, then every job in turn."""
    outcomes: list[Outcome] = []
    with engine.begin() as conn:
        inserted = insert_answers(conn, rows) if rows else set()
        for job in jobs:
            try:
                outcomes.append((job(conn), None))
            except DomainError as exc:
                outcomes.append((None, exc))
    return inserted, outcomes


class GroupCommit:
    def __init__(self, engine: sa.Engine, interval_ms: int):
        self.engine = engine
        self.interval = interval_ms / 1000
        self.spawn: Callable | None = None  # set by `start` in the serving process only:
        self.sleep: Callable | None = None  # tests and commands write at once
        self._pending: list[_Pending] = []
        self._draining = False
        self.batches = 0

    def start(self, spawn: Callable, sleep: Callable) -> None:
        self.spawn, self.sleep = spawn, sleep

    # --- callers ---------------------------------------------------------------------
    def store_answer(self, row: dict) -> bool:
        """Blocks the caller until the row is durable; False if it was already there."""
        inserted, error = self._wait(_Pending(row=row))
        if error is not None:
            raise error
        return inserted

    def run(self, job: Job) -> Any:
        """Blocks the calling greenlet until the job is committed; raises its refusal."""
        result, error = self._wait(_Pending(job=job))
        if isinstance(error, DomainError):
            raise error
        if error is not None:
            log.error("grouped write failed", exc_info=error)
            raise DomainError("not_open", RETRY) from error
        return result

    def _wait(self, pending: _Pending) -> Outcome:
        if self.spawn is None:
            self._commit([pending])
            return pending.outcome
        self._pending.append(pending)
        if not self._draining:
            # Green threads switch only on I/O: nothing slips in between the check and the flag.
            self._draining = True
            self.spawn(self._drain)
        pending.done.wait()
        return pending.outcome

    # --- the writer ------------------------------------------------------------------
    def _drain(self) -> None:
        try:
            while self._pending:
                self.sleep(self.interval)
                self.flush()
        finally:
            self._draining = False

    def busy(self) -> bool:
        """Writes waiting or under way (shutdown waits for them)."""
        return bool(self._pending) or self._draining

    def flush(self) -> None:
        """Commit what is waiting now (also called once more on shutdown)."""
        batch, self._pending = self._pending, []
        if batch:
            self._commit(batch)

    def _commit(self, batch: list[_Pending]) -> None:
        answers = [p for p in batch if p.row is not None]
        jobs = [p for p in batch if p.job is not None]
        try:
            inserted, outcomes = asyncmode.run_in_os_thread(
                run_batch, self.engine, [p.row for p in answers], [p.job for p in jobs])
            self.batches += 1
            for p in answers:
                p.outcome = (answer_key(p.row) in inserted, None)
            for p, outcome in zip(jobs, outcomes):
                p.outcome = outcome
        except Exception:
            self._alone(answers, jobs)
        for p in batch:
            p.done.set()

    def _alone(self, answers: list[_Pending], jobs: list[_Pending]) -> None:
        if answers:
            try:
                inserted, _ = asyncmode.run_in_os_thread(run_batch, self.engine, [p.row for p in answers], [])
                for p in answers:
                    p.outcome = (answer_key(p.row) in inserted, None)
            except Exception as exc:  # nobody gets an ok ack
                for p in answers:
                    p.outcome = (None, DomainError("not_open", RETRY))
                log.error("answers could not be stored", exc_info=exc)
        for p in jobs:
            try:
                p.outcome = asyncmode.run_in_os_thread(run_batch, self.engine, [], [p.job])[1][0]
            except Exception as exc:
                p.outcome = (None, exc)
