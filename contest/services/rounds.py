"""Controlling a round and reading its figures, for the HTTP API and the /host console."""
from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Answer, Participant, Round, RoundQuestion
from contest.services import engine
from contest.services.contests import get_round
from contest.services.round_state import COMMANDS, Transition

ACTIONS = tuple(COMMANDS)


def control(round_id: int, action: str, now: int, grace_ms: int,
            publish: Callable[[list[Transition]], None]) -> dict:
    """start, next, pause, resume or finish; what changed goes to `publish` (the sockets).
    A command that lost a race with the clock (or another organiser) changes nothing."""
    get_round(round_id)
    publish(engine.command(round_id, action, now, grace_ms))
    return status_of(round_id)


def status_of(round_id: int) -> dict:
    round_ = get_round(round_id)
    return {"round_id": round_.id, "status": round_.status, "mode": round_.mode,
            "paused": round_.paused_remaining_ms is not None,
            "joined": joined_count(round_id), "answered_current": answered_current(round_)}


def joined_count(round_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(Participant.id)).where(
        Participant.round_id == round_id, Participant.removed_ms.is_(None)))


def answered_current(round_: Round) -> int:
    if round_.mode != "live" or round_.current_index < 0:
        return 0
    question_id = db.session.scalar(sa.select(RoundQuestion.question_id).where(
        RoundQuestion.round_id == round_.id, RoundQuestion.position == round_.current_index))
    return db.session.scalar(sa.select(sa.func.count(Answer.id)).where(
        Answer.round_id == round_.id, Answer.question_id == question_id, Answer.attempt_no == 0))


def stored_answers(round_id: int) -> list[dict]:
    """Every stored answer, for audits: the API's GET /rounds/<id>/answers."""
    get_round(round_id)
    rows = db.session.execute(
        sa.select(Answer.participant_id, Answer.question_id, Answer.options, Answer.received_ms,
                  Answer.correct, Answer.points, Answer.attempt_no)
        .where(Answer.round_id == round_id).order_by(Answer.id))
    return [{"participant_id": p, "question_id": q, "options": o, "received_ms": r, "correct": c,
             "points": pts, "attempt": a or None} for p, q, o, r, c, pts, a in rows]
