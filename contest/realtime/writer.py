"""Group commit: answers wait a few milliseconds to share one durable transaction.

An `answer` ack is sent only once `store` returns, that is after the commit.
The commit runs in an OS thread (SQLite is C code that monkey-patching cannot
make cooperative), so other sockets keep being served while it happens.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from contest import asyncmode
from contest.models import Answer

KEY = ("participant_id", "question_id", "attempt_no")


@dataclass
class _Pending:
    row: dict
    done: threading.Event = field(default_factory=threading.Event)
    inserted: bool = False
    error: BaseException | None = None


def insert_ignoring_duplicates(engine: sa.Engine, rows: list[dict]) -> set[tuple]:
    """Insert rows in one transaction; returns the keys actually inserted (first one wins)."""
    dialect = sqlite if engine.dialect.name == "sqlite" else postgresql
    table = Answer.__table__
    stmt = (dialect.insert(table).on_conflict_do_nothing(index_elements=list(KEY))
            .returning(*(table.c[k] for k in KEY)))
    with engine.begin() as conn:
        return {tuple(r) for r in conn.execute(stmt, rows)}


class AnswerWriter:
    """Collects answers and commits them together every `interval_ms`."""

    def __init__(self, engine: sa.Engine, interval_ms: int, background: bool):
        self.engine = engine
        self.interval = interval_ms / 1000
        self.background = background
        self._pending: list[_Pending] = []
        self.committed_batches = 0

    def store(self, row: dict) -> bool:
        """Blocks the caller until the row is durable; False if it was already there."""
        if not self.background:
            return bool(insert_ignoring_duplicates(self.engine, [row]))
        pending = _Pending(row)
        self._pending.append(pending)
        pending.done.wait()
        if pending.error:
            raise pending.error
        return pending.inserted

    def run(self, sleep) -> None:
        """The flusher loop, started as a background task of the server."""
        while True:
            sleep(self.interval)
            self.flush()

    def flush(self) -> None:
        batch, self._pending = self._pending, []
        if not batch:
            return
        try:
            inserted = asyncmode.run_in_os_thread(
                insert_ignoring_duplicates, self.engine, [p.row for p in batch])
            self.committed_batches += 1
            for p in batch:
                p.inserted = tuple(p.row[k] for k in KEY) in inserted
        except BaseException as exc:  # the whole batch failed: nobody gets an ok ack
            for p in batch:
                p.error = exc
        for p in batch:
            p.done.set()

