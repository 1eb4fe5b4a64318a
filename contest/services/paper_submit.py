"""Ending a self-paced attempt: the prediction, submission, and the submission at the deadline.

An attempt is submitted once: a conditional UPDATE (``submitted_ms IS NULL``) decides it, so a
submit from the page, a second device and the engine loop cannot count it twice. A paper
that runs out of time is submitted with what was stored, as at its ``deadline_ms``.

What a participant learns of a paper is no answer-key oracle: answering one question and
submitting must not tell whether it was right. The score (and the number right) shows once
the round's window has closed, or at once when the paper had at least the round's
``score_min_answered`` questions answered (an organiser's choice; None: only after the
close); which questions were right, only after the close.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Answer, Attempt, Round
from contest.services.clock import now_ms

MAX_PREDICTION = 10_000_000
ATTEMPT = Attempt.__table__


def dialect_insert(conn: sa.Connection, table: sa.Table):
    """INSERT with ON CONFLICT, on SQLite and PostgreSQL alike."""
    return (postgresql if conn.dialect.name == "postgresql" else sqlite).insert(table)


def owned(conn: sa.Connection, attempt_id: int, participant_id: int) -> sa.Row:
    attempt = conn.execute(sa.select(ATTEMPT).where(ATTEMPT.c.id == attempt_id)).first()
    if attempt is None:
        raise DomainError("not_found", N_("Không có lượt thi này."))
    if attempt.participant_id != participant_id:
        raise DomainError("forbidden", N_("Lượt thi này không phải của bạn."))
    return attempt


def parse_prediction(payload: object) -> tuple[int, int]:
    """(attempt_id, value) of a well-formed `predict` event, else bad_payload."""
    value = payload.get("value") if isinstance(payload, dict) else None
    if not _is_int(value) or not 0 <= value <= MAX_PREDICTION:
        raise DomainError("bad_payload", N_("Dữ liệu không hợp lệ: cần {attempt_id, value: số nguyên ≥ 0}."))
    return parse_attempt_id(payload), value


def parse_attempt_id(payload: object) -> int:
    attempt_id = payload.get("attempt_id") if isinstance(payload, dict) else None
    if not _is_int(attempt_id):
        raise DomainError("bad_payload", N_("Dữ liệu không hợp lệ: cần {attempt_id: số}."))
    return attempt_id


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def predict(conn: sa.Connection, attempt_id: int, participant_id: int, value: int, now: int,
            grace_ms: int) -> dict:
    """Store the prediction of an attempt in progress (it may change until the submission)."""
    updated = conn.execute(sa.update(ATTEMPT).values(prediction=value).where(
        ATTEMPT.c.id == attempt_id, ATTEMPT.c.participant_id == participant_id,
        ATTEMPT.c.submitted_ms.is_(None), ATTEMPT.c.deadline_ms + grace_ms >= now)).rowcount
    if not updated:
        _refuse(owned(conn, attempt_id, participant_id), now, grace_ms)
    return {"ok": True, "prediction": value}


def _refuse(attempt: sa.Row, now: int, grace_ms: int) -> None:
    if now > attempt.deadline_ms + grace_ms:
        raise DomainError("late")
    raise DomainError("not_open", N_("Bài thi đã nộp."))


def submit(conn: sa.Connection, attempt_id: int, participant_id: int | None, now: int) -> dict:
    """Submit what is stored (once); a repeated submit answers with the stored result.

    ``participant_id`` None is the engine's own submission at the deadline.
    """
    ended = sa.case((ATTEMPT.c.deadline_ms < now, ATTEMPT.c.deadline_ms), else_=now)
    conditions = [ATTEMPT.c.id == attempt_id, ATTEMPT.c.submitted_ms.is_(None)]
    if participant_id is not None:
        conditions.append(ATTEMPT.c.participant_id == participant_id)
    if conn.execute(sa.update(ATTEMPT).values(submitted_ms=ended).where(*conditions)).rowcount:
        _score(conn, attempt_id)
    attempt = (owned(conn, attempt_id, participant_id) if participant_id is not None else
               conn.execute(sa.select(ATTEMPT).where(ATTEMPT.c.id == attempt_id)).one())
    return result_of(attempt, conn, now)


def _score(conn: sa.Connection, attempt_id: int) -> None:
    """Score, correct answers and time used, from the answers stored for the attempt's paper."""
    attempt = conn.execute(sa.select(ATTEMPT).where(ATTEMPT.c.id == attempt_id)).one()
    on_paper = [q["question_id"] for q in attempt.paper]
    score, correct = conn.execute(
        sa.select(sa.func.coalesce(sa.func.sum(Answer.points), 0),
                  sa.func.coalesce(sa.func.sum(sa.case((Answer.correct, 1), else_=0)), 0))
        .where(Answer.participant_id == attempt.participant_id, Answer.round_id == attempt.round_id,
               Answer.attempt_no == attempt.number, Answer.question_id.in_(on_paper))).one()
    conn.execute(sa.update(ATTEMPT).where(ATTEMPT.c.id == attempt_id).values(
        score=int(score), correct_count=int(correct),
        time_used_ms=attempt.submitted_ms - attempt.started_ms))


def result_of(attempt: sa.Row, conn: sa.Connection, now: int | None = None) -> dict:
    """The `submit` ack: the participant's own result as far as the round allows it.

    ``score`` and ``correct`` are null while hidden (``results_hidden``; they show from
    ``results_at_ms``, the window's close, when known); ``questions`` ([{question_id,
    correct}]) comes only once the window has closed."""
    policy = _policy(conn, attempt.round_id, now_ms() if now is None else now)
    result = {"ok": True, "attempt_id": attempt.id, "score": None, "correct": None,
              "total": len(attempt.paper), "time_used_ms": attempt.time_used_ms,
              "submitted_ms": attempt.submitted_ms, "results_hidden": True,
              "results_at_ms": policy.closes_at_ms}
    if policy.shows(conn, attempt):
        result.update(score=attempt.score, correct=attempt.correct_count, results_hidden=False)
    if policy.closed:
        result["questions"] = _per_question(conn, attempt)
    return result


class _Policy:
    def __init__(self, row: sa.Row | None, now: int):
        self.closes_at_ms = row.closes_at_ms if row is not None else None
        self.min_answered = row.score_min_answered if row is not None else None
        self.closed = row is not None and (row.status == "finished" or (
            row.closes_at_ms is not None and now >= row.closes_at_ms))

    def shows(self, conn: sa.Connection, attempt: sa.Row) -> bool:
        if self.closed:
            return True
        return self.min_answered is not None and _answered(conn, attempt) >= self.min_answered


def _policy(conn: sa.Connection, round_id: int, now: int) -> _Policy:
    row = conn.execute(sa.select(Round.status, Round.closes_at_ms, Round.score_min_answered)
                       .where(Round.id == round_id)).first()
    return _Policy(row, now)


def _answers_of(attempt: sa.Row) -> list:
    on_paper = [q["question_id"] for q in attempt.paper]
    return [Answer.participant_id == attempt.participant_id, Answer.round_id == attempt.round_id,
            Answer.attempt_no == attempt.number, Answer.question_id.in_(on_paper)]


def _answered(conn: sa.Connection, attempt: sa.Row) -> int:
    return conn.execute(sa.select(sa.func.count(Answer.id)).where(*_answers_of(attempt))).scalar_one()


def _per_question(conn: sa.Connection, attempt: sa.Row) -> list[dict]:
    right = dict(conn.execute(sa.select(Answer.question_id, Answer.correct).where(*_answers_of(attempt))).all())
    return [{"question_id": q["question_id"], "correct": bool(right.get(q["question_id"], False))}
            for q in attempt.paper]


def standing(conn: sa.Connection, participant_id: int, now: int | None = None,
             ) -> tuple[dict | None, int | None, bool]:
    """(the latest submitted result, the best score that may be shown, whether the rank may
    be shown) for the `state` of a self-paced round. The rank waits until every submitted
    paper's score may show: a rank that moves would tell what a hidden score hides."""
    rows = conn.execute(sa.select(ATTEMPT).where(
        ATTEMPT.c.participant_id == participant_id, ATTEMPT.c.submitted_ms.is_not(None))
        .order_by(ATTEMPT.c.number)).all()
    if not rows:
        return None, 0, False
    now = now_ms() if now is None else now
    policy = _policy(conn, rows[0].round_id, now)
    shown = [row for row in rows if policy.shows(conn, row)]
    best = max((row.score or 0 for row in shown), default=None)
    return result_of(rows[-1], conn, now), best, len(shown) == len(rows)


def due(now: int, grace_ms: int, round_ids: list[int] | None = None) -> list[tuple[int, int, int]]:
    """(attempt_id, participant_id, round_id) of unsubmitted attempts whose time is over, or
    whose round was finished early."""
    stmt = (sa.select(Attempt.id, Attempt.participant_id, Attempt.round_id)
            .join(Round, Round.id == Attempt.round_id)
            .where(Attempt.submitted_ms.is_(None),
                   sa.or_(Attempt.deadline_ms + grace_ms <= now, Round.status == "finished"))
            .order_by(Attempt.deadline_ms, Attempt.id))
    if round_ids is not None:
        stmt = stmt.where(Attempt.round_id.in_(round_ids))
    return [tuple(row) for row in db.session.execute(stmt)]


def submit_many(conn: sa.Connection, attempt_ids: list[int], now: int) -> list[dict]:
    return [submit(conn, attempt_id, None, now) for attempt_id in attempt_ids]


def auto_submit_due(now: int, grace_ms: int = 0, round_ids: list[int] | None = None,
                    run=None) -> list[int]:
    """Submit every attempt whose deadline (+ grace) has passed; returns their ids.

    ``run(job)`` runs ``job(conn)`` in a transaction (the real-time layer's grouped writer);
    by default a transaction of its own. Tests call this with a fake clock.
    """
    ids = [attempt_id for attempt_id, _, _ in due(now, grace_ms, round_ids)]
    if not ids:
        return []
    db.session.rollback()  # release this session's read before the writer's transaction

    def job(conn: sa.Connection) -> list[dict]:
        return submit_many(conn, ids, now)

    if run is not None:
        run(job)
    else:
        with db.engine.begin() as conn:
            job(conn)
    return ids
