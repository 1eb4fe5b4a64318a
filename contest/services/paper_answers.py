"""Answers to a self-paced paper: judged on the server's clock, stored with an upsert.

`load_paper_view` reads an attempt once (its paper never changes); `judge` then decides an
answer without the database. `store_answer` is one statement that inserts or replaces the
answer only while the attempt is not submitted, so a submission and an answer racing each
other (two devices, two processes) never both win.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Answer, Attempt, Round
from contest.services.live import parse_answer
from contest.services.paper_submit import parse_attempt_id
from contest.services.scoring import is_correct, points_for

KEY = ["participant_id", "question_id", "attempt_no"]
COLUMNS = ["round_id", *KEY, "options", "received_ms", "correct", "points", "time_ms"]
REPLACED = ["options", "received_ms", "correct", "points", "time_ms"]


@dataclass(frozen=True)
class PaperQuestion:
    option_ids: frozenset[int]
    correct: frozenset[int] = field(repr=False)
    multiple: bool


@dataclass(frozen=True)
class PaperView:
    """What judging an answer needs of an attempt; none of it changes after the draw."""

    attempt_id: int
    participant_id: int
    round_id: int
    number: int
    started_ms: int
    deadline_ms: int
    scoring: str
    questions: dict[int, PaperQuestion] = field(repr=False)


def load_paper_view(attempt_id: int) -> PaperView | None:
    row = db.session.execute(
        sa.select(Attempt.id, Attempt.participant_id, Attempt.round_id, Attempt.number,
                  Attempt.started_ms, Attempt.deadline_ms, Attempt.paper, Round.scoring)
        .join(Round, Round.id == Attempt.round_id).where(Attempt.id == attempt_id)).first()
    if row is None:
        return None
    questions = {q["question_id"]: PaperQuestion(
        frozenset(o["id"] for o in q["options"]),
        frozenset(o["id"] for o in q["options"] if o["correct"]), q["multiple"]) for q in row.paper}
    return PaperView(row.id, row.participant_id, row.round_id, row.number, row.started_ms,
                     row.deadline_ms, row.scoring, questions)


def parse(payload: object) -> tuple[int, int, list[int]]:
    """(attempt_id, question_id, options) of a well-formed self-paced `answer`."""
    attempt_id = parse_attempt_id(payload)
    question_id, options = parse_answer(payload)
    return attempt_id, question_id, options


def judge(view: PaperView | None, participant_id: int, question_id: int, options: list[int],
          now: int, grace_ms: int) -> dict:
    """The answer row to store, or the PROTOCOL error for it."""
    if view is None:
        raise DomainError("not_found", N_("Không có lượt thi này."))
    if view.participant_id != participant_id:
        raise DomainError("forbidden", N_("Lượt thi này không phải của bạn."))
    if now > view.deadline_ms + grace_ms:
        raise DomainError("late")
    question = view.questions.get(question_id)
    if question is None:
        raise DomainError("not_found", N_("Câu hỏi không có trong đề của bạn."))
    if not set(options) <= question.option_ids or (not question.multiple and len(options) != 1):
        raise DomainError("invalid_option")
    time_ms = min(max(now - view.started_ms, 0), view.deadline_ms - view.started_ms)
    correct = is_correct(options, question.correct)
    points = points_for(view.scoring, correct, time_ms, view.deadline_ms - view.started_ms)
    return {"round_id": view.round_id, "participant_id": participant_id, "question_id": question_id,
            "attempt_no": view.number, "options": options, "received_ms": now, "correct": correct,
            "points": points, "time_ms": time_ms}


def store_answer(conn: sa.Connection, attempt_id: int, row: dict) -> bool:
    """Insert or replace the answer while the attempt is open; False once it is submitted."""
    stmt = _upsert(conn.dialect.name)
    return conn.execute(stmt, {**row, "attempt_id": attempt_id}).first() is not None


UPSERT = """INSERT INTO answer ({columns})
SELECT {values} FROM attempt WHERE attempt.id = :attempt_id AND attempt.submitted_ms IS NULL{lock}
ON CONFLICT (participant_id, question_id, attempt_no) DO UPDATE SET {replace}
RETURNING id"""


@functools.cache
def _upsert(dialect: str) -> sa.TextClause:
    """Written out, and prepared once per dialect: SQLAlchemy's cache does not take the
    INSERT ... SELECT ... ON CONFLICT construct, and compiling it for every answer cost more
    than the database's own work (a full millisecond)."""
    table = Answer.__table__
    postgres = dialect == "postgresql"
    engine_dialect = (postgresql if postgres else sqlite).dialect()

    def value(name: str) -> str:  # PostgreSQL would take INSERT ... SELECT parameters as text
        kind = table.c[name].type.compile(dialect=engine_dialect)
        return f"CAST(:{name} AS {kind})" if postgres else f":{name}"

    sql = UPSERT.format(columns=", ".join(COLUMNS), values=", ".join(map(value, COLUMNS)),
                        lock=" FOR SHARE" if postgres else "",  # a concurrent submit waits
                        replace=", ".join(f"{name} = excluded.{name}" for name in REPLACED))
    return sa.text(sql).bindparams(*(sa.bindparam(name, type_=table.c[name].type) for name in COLUMNS),
                                   sa.bindparam("attempt_id", type_=sa.Integer))


def refusal(conn: sa.Connection, attempt_id: int, now: int, grace_ms: int) -> DomainError:
    """Why `store_answer` stored nothing: the attempt was submitted, at or after its time."""
    deadline = conn.execute(sa.select(Attempt.deadline_ms).where(Attempt.id == attempt_id)).scalar()
    if deadline is None or now > deadline + grace_ms:
        return DomainError("late")
    return DomainError("not_open", N_("Bài thi đã nộp."))
