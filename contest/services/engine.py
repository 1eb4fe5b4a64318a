"""The round engine: loads a round's state, applies a pure step of `round_state` and
writes it back with a compare-and-set.

A background loop calls `tick(now_ms)`; tests call it with a fake clock. After a restart
the loop reads the stored deadlines and carries on where the round stood.

Every write is fenced: the `UPDATE` names the status, the index and the `version` it
was computed from, and bumps the version. A stale conductor or an HTTP `next` racing
the clock finds no row to update (rowcount 0): it lost the race, writes nothing and
announces nothing; the winner's state stands.
"""
from __future__ import annotations

import sqlalchemy as sa

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Round, RoundQuestion
from contest.services import round_state
from contest.services.round_state import RoundState, Transition

__all__ = ["Transition", "advance", "finish", "needing_a_conductor", "pause", "resume", "start",
           "tick", "command"]

_COUNT = (sa.select(sa.func.count(RoundQuestion.id)).where(RoundQuestion.round_id == Round.id)
          .correlate(Round).scalar_subquery().label("question_count"))
_COLUMNS = (Round.id.label("round_id"), Round.mode, Round.status, Round.current_index, Round.version,
            _COUNT, Round.seconds_per_question, Round.reveal_seconds, Round.advance,
            Round.phase_deadline_ms, Round.paused_remaining_ms, Round.started_ms, Round.finished_ms,
            Round.opens_at_ms, Round.closes_at_ms)
_WRITTEN = ("status", "current_index", "phase_deadline_ms", "paused_remaining_ms", "started_ms",
            "finished_ms", "opens_at_ms")


def _due(now: int) -> sa.ColumnElement[bool]:
    """Rounds the clock may move on: running ones and self-paced windows due to open."""
    scheduled = sa.and_(Round.status == "lobby", Round.mode == "self_paced",
                        Round.opens_at_ms.is_not(None), Round.opens_at_ms <= now)
    return sa.or_(Round.status.in_(round_state.ACTIVE + ("open",)), scheduled)


def load_states(where: sa.ColumnElement[bool]) -> list[RoundState]:
    return [RoundState(**row._mapping) for row in db.session.execute(sa.select(*_COLUMNS).where(where))]


def load_state(round_id: int) -> RoundState:
    found = load_states(Round.id == round_id)
    if not found:
        raise DomainError("not_found", N_("Không có vòng thi này."))
    return found[0]


def needing_a_conductor(now: int) -> list[int]:
    """The rounds that `tick` may move on, for the leases of several processes."""
    return list(db.session.scalars(sa.select(Round.id).where(_due(now))))


def apply(old: RoundState, new: RoundState, transitions: list[Transition]) -> bool:
    """Write a step's result if the round is still as it was read (no commit)."""
    if not transitions:
        return True
    values = {name: getattr(new, name) for name in _WRITTEN}
    updated = db.session.execute(
        sa.update(Round).where(Round.id == old.round_id, Round.status == old.status,
                               Round.current_index == old.current_index, Round.version == old.version)
        .values(**values, version=old.version + 1).execution_options(synchronize_session=False))
    if updated.rowcount != 1:
        return False  # lost the race: someone moved the round since we read it
    for transition in transitions:
        _write_question(transition)
    return True


def _write_question(t: Transition) -> None:
    values: dict[str, int | None] = {}
    if t.kind == "question":
        values = {"opens_ms": t.at_ms, "deadline_ms": t.deadline_ms}
    elif t.kind == "reveal":
        values = {"revealed_ms": t.at_ms}
    elif t.kind in ("closed", "resumed") and t.deadline_ms is not None:
        values = {"deadline_ms": t.deadline_ms}
    if values:
        db.session.execute(sa.update(RoundQuestion).where(
            RoundQuestion.round_id == t.round_id, RoundQuestion.position == t.index).values(**values)
            .execution_options(synchronize_session=False))


def _run(round_id: int, rule, now: int, grace_ms: int) -> list[Transition]:
    old = load_state(round_id)
    new, transitions = rule(old, now, grace_ms)
    if not apply(old, new, transitions):
        return []
    db.session.commit()  # also expires the ORM objects read before the Core update
    return transitions


def command(round_id: int, action: str, now: int, grace_ms: int) -> list[Transition]:
    rule = round_state.COMMANDS.get(action)
    if rule is None:
        raise DomainError("bad_payload", N_("Không có thao tác “%(action)s”.", action=action))
    return _run(round_id, rule, now, grace_ms)


def start(round_id: int, now: int) -> list[Transition]:
    return _run(round_id, round_state.start, now, 0)


def advance(round_id: int, now: int, grace_ms: int) -> list[Transition]:
    """The host's `next`: closes the open question early, or moves on after a reveal."""
    return _run(round_id, round_state.advance, now, grace_ms)


def pause(round_id: int, now: int) -> list[Transition]:
    return _run(round_id, round_state.pause, now, 0)


def resume(round_id: int, now: int) -> list[Transition]:
    return _run(round_id, round_state.resume, now, 0)


def finish(round_id: int, now: int) -> list[Transition]:
    return _run(round_id, round_state.finish, now, 0)


def tick(now: int, grace_ms: int, round_ids: list[int] | None = None) -> list[Transition]:
    """Advance every running round whose deadline has passed; commits once."""
    where = _due(now) if round_ids is None else sa.and_(_due(now), Round.id.in_(round_ids))
    done: list[Transition] = []
    for old in load_states(where):
        new, transitions = round_state.step(old, now, grace_ms)
        if transitions and apply(old, new, transitions):
            done.extend(transitions)
    if done:
        db.session.commit()
    return done
