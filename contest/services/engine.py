"""The live round engine: a function of the state stored in the database and the time.

Transitions: lobby -> question -> reveal -> question ... -> finished. A background
loop calls `tick(now_ms)`; tests call it with a fake clock. After a restart the
loop reads the stored deadlines and carries on where the round stood.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Round, RoundQuestion

ACTIVE = ("question", "reveal")


@dataclass(frozen=True)
class Transition:
    """What changed, for the real-time layer to announce."""

    round_id: int
    kind: str  # question, reveal, finished, paused, resumed, opened


def _round(round_id: int, mode: str | None = None) -> Round:
    round_ = db.session.get(Round, round_id, populate_existing=True)
    if round_ is None:
        raise DomainError("not_found", N_("Không có vòng thi này."))
    if mode and round_.mode != mode:
        raise DomainError("conflict", N_("Thao tác không dùng cho hình thức thi này."))
    return round_


def _question_at(round_: Round, index: int) -> RoundQuestion | None:
    return db.session.scalar(
        sa.select(RoundQuestion).where(RoundQuestion.round_id == round_.id,
                                       RoundQuestion.position == index)
    )


def _open_question(round_: Round, index: int, now: int) -> Transition:
    rq = _question_at(round_, index)
    rq.opens_ms = now
    rq.deadline_ms = now + round_.seconds_per_question * 1000
    round_.status, round_.current_index = "question", index
    round_.phase_deadline_ms = rq.deadline_ms
    return Transition(round_.id, "question")


def _reveal(round_: Round, now: int) -> Transition:
    rq = _question_at(round_, round_.current_index)
    rq.revealed_ms = now
    round_.status = "reveal"
    round_.phase_deadline_ms = now + round_.reveal_seconds * 1000 if round_.advance == "auto" else None
    return Transition(round_.id, "reveal")


def _finish(round_: Round, now: int) -> Transition:
    round_.status, round_.finished_ms = "finished", now
    round_.phase_deadline_ms = round_.paused_remaining_ms = None
    return Transition(round_.id, "finished")


def _advance_from_reveal(round_: Round, now: int) -> Transition:
    if round_.current_index + 1 < len(round_.round_questions):
        return _open_question(round_, round_.current_index + 1, now)
    return _finish(round_, now)


def _commit(transitions: list[Transition]) -> list[Transition]:
    db.session.commit()
    return transitions


def start(round_id: int, now: int) -> list[Transition]:
    round_ = _round(round_id)
    if round_.status != "lobby":
        raise DomainError("conflict", N_("Vòng thi đã bắt đầu."))
    round_.started_ms = now
    if round_.mode == "self_paced":
        round_.status = "open"
        round_.opens_at_ms = min(round_.opens_at_ms or now, now)
        return _commit([Transition(round_id, "opened")])
    return _commit([_open_question(round_, 0, now)])


def advance(round_id: int, now: int, grace_ms: int) -> list[Transition]:
    """The host's `next`: closes the open question early, or moves on after a reveal."""
    round_ = _round(round_id, "live")
    if round_.paused_remaining_ms is not None:
        raise DomainError("conflict", N_("Vòng thi đang tạm dừng."))
    if round_.status == "reveal":
        return _commit([_advance_from_reveal(round_, now)])
    if round_.status == "question":
        rq = _question_at(round_, round_.current_index)
        rq.deadline_ms = min(rq.deadline_ms, now)  # later answers are late; grace still applies
        round_.phase_deadline_ms = rq.deadline_ms
        return _commit(tick_round(round_, now, grace_ms))
    raise DomainError("conflict", N_("Vòng thi chưa bắt đầu hoặc đã kết thúc."))


def pause(round_id: int, now: int) -> list[Transition]:
    round_ = _round(round_id, "live")
    if round_.status not in ACTIVE or round_.paused_remaining_ms is not None:
        raise DomainError("conflict", N_("Chỉ tạm dừng được khi vòng thi đang diễn ra."))
    deadline = round_.phase_deadline_ms
    round_.paused_remaining_ms = max(deadline - now, 0) if deadline is not None else 0
    return _commit([Transition(round_id, "paused")])


def resume(round_id: int, now: int) -> list[Transition]:
    round_ = _round(round_id, "live")
    if round_.paused_remaining_ms is None:
        raise DomainError("conflict", N_("Vòng thi không tạm dừng."))
    if round_.phase_deadline_ms is not None:
        round_.phase_deadline_ms = now + round_.paused_remaining_ms
        if round_.status == "question":
            _question_at(round_, round_.current_index).deadline_ms = round_.phase_deadline_ms
    round_.paused_remaining_ms = None
    return _commit([Transition(round_id, "resumed")])


def finish(round_id: int, now: int) -> list[Transition]:
    round_ = _round(round_id)
    if round_.status == "finished":
        return []
    return _commit([_finish(round_, now)])


def tick_round(round_: Round, now: int, grace_ms: int) -> list[Transition]:
    """Every transition that is due for one round at `now` (several if time jumped)."""
    transitions: list[Transition] = []
    while round_.paused_remaining_ms is None and round_.phase_deadline_ms is not None:
        if round_.status == "question" and now >= round_.phase_deadline_ms + grace_ms:
            transitions.append(_reveal(round_, now))
        elif round_.status == "reveal" and now >= round_.phase_deadline_ms:
            transitions.append(_advance_from_reveal(round_, now))
        elif round_.status == "open" and now >= round_.phase_deadline_ms:
            transitions.append(_finish(round_, now))
        else:
            break
    return transitions


def tick(now: int, grace_ms: int, round_ids: list[int] | None = None) -> list[Transition]:
    """Advance every running round whose deadline has passed; commits once."""
    scheduled = sa.and_(Round.status == "lobby", Round.mode == "self_paced",
                        Round.opens_at_ms.is_not(None), Round.opens_at_ms <= now)
    stmt = sa.select(Round).where(sa.or_(Round.status.in_(ACTIVE + ("open",)), scheduled))
    if round_ids is not None:
        stmt = stmt.where(Round.id.in_(round_ids))
    transitions: list[Transition] = []
    for round_ in db.session.scalars(stmt.execution_options(populate_existing=True)):
        if round_.status == "lobby":
            round_.status, round_.started_ms = "open", now
            transitions.append(Transition(round_.id, "opened"))
        _sync_window(round_)
        transitions.extend(tick_round(round_, now, grace_ms))
    return _commit(transitions) if transitions else []


def _sync_window(round_: Round) -> None:
    """A self-paced round closes at closes_at_ms: that is its phase deadline."""
    if round_.status == "open":
        round_.phase_deadline_ms = round_.closes_at_ms
