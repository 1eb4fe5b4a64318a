"""Participant standings of a round: one aggregate query, a written tie-break order.

Live rounds (every joined participant is ranked; no answer means score 0):

1. score, highest first (sum of ``Answer.points``);
2. time_ms, lowest first: the sum of ``Answer.time_ms`` over the participant's
   *correct* answers (with fixed scoring equal scores mean equal numbers of
   correct answers, so the faster one wins);
3. joined_ms, earliest first;
4. participant_id, lowest first, so the order is total.

Self-paced rounds (only participants with a submitted attempt are ranked;
their best attempt counts, chosen by steps 1-5 among their own attempts):

1. score, highest first;
2. prediction_error = |prediction - actual|, lowest first; no prediction ranks
   after any number (``actual``: see :func:`prediction_actual`);
3. time_used_ms, lowest first;
4. submitted_ms, earliest first;
5. attempt id, lowest first (only to choose among one participant's identical papers);
6. participant_id, lowest first, so the order is total.

Ranks are positions 1..N in that order: no shared ranks. The frozen board of a
live round counts only answers to the questions before its last
``Round.freeze_last`` ones, until the round is finished (then the final board shows).
"""
from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Agency, Answer, Attempt, Participant, Round, RoundQuestion
from contest.services.contests import get_round


@dataclass(frozen=True)
class Results:
    """One row per ranked participant, and the order that ranks them.

    The aggregate joins base tables only, through their indexes; a derived table is
    joined to nothing but the agency table's primary key. So a planner with stale
    statistics on a table filled a minute ago cannot pick a nested loop over an
    aggregate (20 s instead of 0.1 s on PostgreSQL).
    """

    table: sa.Subquery
    order: list[sa.ColumnElement]
    extra: tuple[str, ...] = ()  # mode-specific columns carried into each standing


def participant_standings(round_id: int, limit: int | None = None, frozen: bool = False,
                          agency_ids: Collection[int] | None = None) -> list[dict]:
    """Ranked participants, best first; ``agency_ids`` keeps only those agencies' people
    (their ranks stay the round-wide ones)."""
    results = round_results(get_round(round_id), frozen)
    ranked = _with_rank(results).subquery("ranked")
    chosen = sa.select(ranked).order_by(ranked.c.rank)
    if agency_ids is not None:
        chosen = chosen.where(ranked.c.agency_id.in_(list(agency_ids)))
    if limit is not None:
        chosen = chosen.limit(limit)
    chosen = chosen.subquery("chosen")
    stmt = (  # agency names joined last, to the chosen rows only
        sa.select(chosen, Agency.name.label("agency"))
        .outerjoin(Agency, Agency.id == chosen.c.agency_id)
        .order_by(chosen.c.rank)
    )
    return [_standing(row, results.extra) for row in db.session.execute(stmt).mappings()]


def rank_of(standings: Iterable[dict]) -> dict[int, int]:
    """participant_id -> rank, to tell each participant their own place."""
    return {s["participant_id"]: s["rank"] for s in standings}


def round_results(round_: Round, frozen: bool = False) -> Results:
    """The per-participant results of a round, as the standings and agency figures use them."""
    if round_.mode == "self_paced":
        return _self_paced_results(round_.id, prediction_actual(round_.id))
    return _live_results(round_, frozen)


def freeze_applies(round_: Round, frozen: bool) -> bool:
    """A frozen board was asked for and this round has one to show."""
    return (frozen and round_.mode == "live" and round_.freeze_last > 0
            and round_.status != "finished")


def _with_rank(results: Results) -> sa.Select:
    table = results.table
    return sa.select(table, sa.func.row_number().over(order_by=results.order).label("rank"))


def _standing(row: sa.RowMapping, extra: tuple[str, ...]) -> dict:
    standing = {
        "rank": row["rank"], "participant_id": row["participant_id"], "name": row["name"],
        "agency_id": row["agency_id"], "agency": row["agency"], "score": int(row["score"]),
        "correct": int(row["correct"]), "time_ms": int(row["time_ms"]),
    }
    standing.update({key: _plain(row[key]) for key in extra})
    return standing


def _plain(value: object) -> int | None:
    return None if value is None else int(value)


def _nulls_last(column: sa.ColumnElement) -> sa.ColumnElement:
    """1 for NULL, else 0: the same NULL order on SQLite and PostgreSQL."""
    return sa.case((column.is_(None), 1), else_=0)


def _counts() -> sa.ColumnElement[bool]:
    """Entries the organiser removed (duplicates, scripted joins) are ranked nowhere."""
    return Participant.removed_ms.is_(None)


def _people() -> list[sa.ColumnElement]:
    return [Participant.id.label("participant_id"), Participant.name, Participant.agency_id,
            Participant.joined_ms]


# live ------------------------------------------------------------------------------------

def _live_results(round_: Round, frozen: bool) -> Results:
    cutoff = _freeze_cutoff(round_) if freeze_applies(round_, frozen) else None
    # A participant belongs to one round, so their answers need no round filter; joining on
    # participant_id alone lets both databases use the (participant, question) key's index.
    answers = [Answer.participant_id == Participant.id, Answer.attempt_no == 0]
    if cutoff is not None:
        answers.append(Answer.question_id.in_(_questions_before(round_.id, cutoff)))
    score = sa.func.coalesce(sa.func.sum(Answer.points), 0)
    correct = sa.func.coalesce(sa.func.sum(sa.case((Answer.correct, 1), else_=0)), 0)
    time_ms = sa.func.coalesce(sa.func.sum(sa.case((Answer.correct, Answer.time_ms), else_=0)), 0)
    asked = _questions_asked(round_.id, cutoff)
    perfect = sa.case((correct >= asked, 1), else_=0) if asked else sa.literal(0)
    table = (
        sa.select(*_people(), score.label("score"), correct.label("correct"),
                  time_ms.label("time_ms"), perfect.label("perfect"))
        .select_from(Participant)
        .outerjoin(Answer, sa.and_(*answers))
        .where(Participant.round_id == round_.id, _counts())
        .group_by(Participant.id)
        .subquery("results")
    )
    c = table.c
    order = [c.score.desc(), c.time_ms.asc(), c.joined_ms.asc(), c.participant_id.asc()]
    return Results(table, order)


def _freeze_cutoff(round_: Round) -> int:
    """Positions below this one count on the frozen board."""
    total = db.session.scalar(
        sa.select(sa.func.count()).select_from(RoundQuestion)
        .where(RoundQuestion.round_id == round_.id)
    ) or round_.question_count
    return max(total - round_.freeze_last, 0)


def _questions_before(round_id: int, cutoff: int) -> sa.Select:
    return sa.select(RoundQuestion.question_id).where(
        RoundQuestion.round_id == round_id, RoundQuestion.position < cutoff
    )


def _questions_asked(round_id: int, cutoff: int | None) -> int:
    """Questions opened so far (on the board): 'every question' of a perfect score."""
    stmt = sa.select(sa.func.count()).select_from(RoundQuestion).where(
        RoundQuestion.round_id == round_id, RoundQuestion.opens_ms.is_not(None)
    )
    if cutoff is not None:
        stmt = stmt.where(RoundQuestion.position < cutoff)
    return db.session.scalar(stmt) or 0


# self-paced ------------------------------------------------------------------------------

SELF_PACED_EXTRA = ("prediction", "prediction_error", "time_used_ms", "submitted_ms", "attempt_id")


def _submitted(round_id: int) -> sa.ColumnElement[bool]:
    return sa.and_(Attempt.round_id == round_id, Attempt.submitted_ms.is_not(None))


def _attempt_perfect() -> sa.ColumnElement:
    """Every question of the paper correct (the paper is stored as a JSON list)."""
    paper_length = sa.func.json_array_length(Attempt.paper)
    return sa.case((sa.func.coalesce(Attempt.correct_count, 0) >= paper_length, 1), else_=0)


def prediction_actual(round_id: int) -> int:
    """Participants whose best submitted attempt has every question correct.

    The best attempt has the participant's highest score, and a perfect paper has the
    highest score a paper can have, so: participants with a perfect attempt among their
    highest-scoring submitted ones (this keeps `actual` free of the prediction step).
    """
    score = sa.func.coalesce(Attempt.score, 0)
    attempts = (
        sa.select(Attempt.participant_id, score.label("score"),
                  sa.func.max(score).over(partition_by=Attempt.participant_id).label("best"),
                  _attempt_perfect().label("perfect"))
        .where(_submitted(round_id), ~sa.exists().where(
            Participant.id == Attempt.participant_id, Participant.removed_ms.is_not(None)))
        .subquery()
    )
    stmt = sa.select(sa.func.count(sa.distinct(attempts.c.participant_id))).where(
        attempts.c.score == attempts.c.best, attempts.c.perfect == 1
    )
    return db.session.scalar(stmt) or 0


def _self_paced_results(round_id: int, actual: int) -> Results:
    attempts = _ranked_attempts(round_id, actual)
    table = sa.select(attempts).where(attempts.c.pick == 1).subquery("results")
    c = table.c
    order = [c.score.desc(), _nulls_last(c.prediction_error), c.prediction_error.asc(),
             c.time_used_ms.asc(), c.submitted_ms.asc(), c.participant_id.asc()]
    return Results(table, order, SELF_PACED_EXTRA)


def _ranked_attempts(round_id: int, actual: int) -> sa.Subquery:
    """Submitted attempts with ``pick`` = their place among the participant's own (1 = best)."""
    score = sa.func.coalesce(Attempt.score, 0)
    error = sa.func.abs(Attempt.prediction - sa.literal(actual, sa.Integer))
    time_used = sa.func.coalesce(Attempt.time_used_ms, Attempt.submitted_ms - Attempt.started_ms)
    pick = sa.func.row_number().over(
        partition_by=Attempt.participant_id,
        order_by=[score.desc(), _nulls_last(error), error.asc(), time_used.asc(),
                  Attempt.submitted_ms.asc(), Attempt.id.asc()],
    )
    return (
        sa.select(
            *_people(), score.label("score"),
            sa.func.coalesce(Attempt.correct_count, 0).label("correct"),
            time_used.label("time_ms"), _attempt_perfect().label("perfect"),
            Attempt.prediction, error.label("prediction_error"),
            time_used.label("time_used_ms"), Attempt.submitted_ms,
            Attempt.id.label("attempt_id"), pick.label("pick"),
        )
        .select_from(Attempt)
        .join(Participant, Participant.id == Attempt.participant_id)
        .where(_submitted(round_id), Participant.round_id == round_id, _counts())
        .subquery("attempts")
    )
