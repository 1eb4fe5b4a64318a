"""Group commit: answers wait a few milliseconds to share one durable transaction.

An `answer` ack is sent only once `store` returns, that is after the commit.
The commit runs in an OS thread (SQLite is C code that monkey-patching cannot
make cooperative), so other sockets keep being served while it happens.
"""
from __future__ import annotations

import functools
import json
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


CHUNK = 500  # rows per statement: SQLite allows 32,766 parameters


def insert_ignoring_duplicates(engine: sa.Engine, rows: list[dict]) -> set[tuple]:
    """Insert rows in one transaction; returns the keys actually inserted (first one wins).

    Written as SQL that SQLite (3.35+) and PostgreSQL both read, because SQLAlchemy never
    caches its dialect `insert().on_conflict_do_nothing()` statements: compiling one per
    batch took milliseconds of the GIL from the event loop in every commit."""
    columns = list(rows[0])
    inserted: set[tuple] = set()
    with engine.begin() as conn:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            params = [json.dumps(r[c]) if c == "options" else r[c] for r in chunk for c in columns]
            result = conn.exec_driver_sql(_insert_sql(engine.dialect.name, engine.dialect.paramstyle,
                                                      tuple(columns), len(chunk)), tuple(params))
            inserted.update(tuple(r) for r in result)
    return inserted


@functools.lru_cache(maxsize=64)
def _insert_sql(dialect: str, paramstyle: str, columns: tuple[str, ...], count: int) -> str:
    mark = "?" if paramstyle == "qmark" else "%s"
    row = "(" + ", ".join([mark] * len(columns)) + ")"
    quote = (sqlite if dialect == "sqlite" else postgresql).dialect().identifier_preparer.quote
    return (f"INSERT INTO {quote(Answer.__table__.name)} ({', '.join(quote(c) for c in columns)}) "
            f"VALUES {', '.join([row] * count)} ON CONFLICT ({', '.join(KEY)}) DO NOTHING "
            f"RETURNING {', '.join(KEY)}")


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

