"""Self-paced papers ("tuần thi"): drawing a personal paper, starting and resuming an attempt.

Each attempt draws its questions from the bank by the round's quotas (topic × difficulty)
with a seed stored on the attempt, shuffles questions and options, and keeps a snapshot of
every question in ``Attempt.paper``::

    [{"question_id", "text", "multiple", "topic", "difficulty",
      "options": [{"id", "text", "letter", "correct"}]}]   # options in the shuffled order

so editing the bank later changes no paper; the same bank, quotas and seed give the same
paper again. The correct options stay on the server: `public_question` leaves them out.

Writes go through functions taking a SQLAlchemy ``Connection`` (Core statements only), so
the real-time layer can run them in one grouped transaction in an OS thread.
"""
from __future__ import annotations

import secrets
import time
from datetime import date

import sqlalchemy as sa

import question_bank as qb
from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Answer, Attempt, Option, Participant, Question, Round, Topic
from contest.services import paper_submit
from contest.services.contests import _eligible_pool, get_round

LETTERS = "ABCDEFGHIJ"
POOL_TTL_S = 30.0  # the eligible pool of a round, cached: thousands of papers start each minute

_pools: dict[tuple[int, date], tuple[float, list]] = {}


# drawing ---------------------------------------------------------------------------------------

def eligible_pool(round_: Round, today: date) -> list[tuple[int, str, int]]:
    key = (round_.id, today)
    cached = _pools.get(key)
    if cached and cached[0] > time.monotonic():
        return cached[1]
    pool = _eligible_pool(round_, today)
    if len(_pools) > 1000:
        _pools.clear()
    _pools[key] = (time.monotonic() + POOL_TTL_S, pool)
    return pool


def forget_pools() -> None:
    """After the bank or the round's filters changed (and between tests)."""
    _pools.clear()


def draw_paper(round_: Round, seed: int, today: date) -> list[dict]:
    """The snapshot of a new paper: the same round, bank and seed always give the same one."""
    try:
        ids = qb.draw_questions(eligible_pool(round_, today), round_.question_count,
                                round_.quotas, seed)
    except qb.NotEnoughQuestions as exc:
        raise DomainError("not_open", N_("Ngân hàng không đủ câu hỏi: %(why)s", why=exc)) from None
    questions = _questions(ids)
    return [_snapshot(questions[qid], seed) for qid in ids]


def _questions(ids: list[int]) -> dict[int, dict]:
    rows = db.session.execute(
        sa.select(Question.id, Question.text, Question.kind, Question.difficulty, Topic.name)
        .join(Topic, Topic.id == Question.topic_id).where(Question.id.in_(ids)))
    found = {qid: {"question_id": qid, "text": text, "multiple": kind == "multiple",
                   "topic": topic, "difficulty": difficulty, "options": {}}
             for qid, text, kind, difficulty, topic in rows}
    options = db.session.execute(
        sa.select(Option.question_id, Option.id, Option.position, Option.text, Option.is_correct)
        .where(Option.question_id.in_(ids)))
    for qid, oid, position, text, correct in options:
        found[qid]["options"][oid] = {"id": oid, "text": text, "letter": LETTERS[position],
                                      "correct": bool(correct)}
    return found


def _snapshot(question: dict, seed: int) -> dict:
    options = question["options"]
    order = qb.shuffle_options(list(options), seed + question["question_id"])
    return {**question, "options": [options[oid] for oid in order]}


def public_question(question: dict, index: int, total: int) -> dict:
    """PROTOCOL's QUESTION without opens_ms/deadline_ms, and nothing that tells the key."""
    return {"question_id": question["question_id"], "index": index, "total": total,
            "text": question["text"], "multiple": question["multiple"],
            "options": [{"id": o["id"], "text": o["text"]} for o in question["options"]]}


# reading ---------------------------------------------------------------------------------------

def attempt_payload(conn: sa.Connection, attempt: sa.Row) -> dict:
    """The ATTEMPT object: the paper without its key, the stored answers, the prediction."""
    paper = attempt.paper
    answers = conn.execute(sa.select(Answer.question_id, Answer.options).where(
        Answer.participant_id == attempt.participant_id, Answer.attempt_no == attempt.number,
        Answer.round_id == attempt.round_id))
    return {"attempt_id": attempt.id, "number": attempt.number, "started_ms": attempt.started_ms,
            "deadline_ms": attempt.deadline_ms, "prediction": attempt.prediction,
            "questions": [public_question(q, i, len(paper)) for i, q in enumerate(paper)],
            "answers": {str(qid): options for qid, options in answers}}


def in_progress(conn: sa.Connection, participant_id: int) -> sa.Row | None:
    return conn.execute(sa.select(Attempt.__table__).where(
        Attempt.participant_id == participant_id, Attempt.submitted_ms.is_(None))
        .order_by(Attempt.number.desc()).limit(1)).first()


def attempts_used(conn: sa.Connection, participant_id: int) -> int:
    return conn.execute(sa.select(sa.func.count(Attempt.id))
                        .where(Attempt.participant_id == participant_id)).scalar_one()


def counts(round_id: int, now: int) -> dict[str, int]:
    """For the organiser: who joined, who submitted a paper, who is taking one now."""
    joined = db.session.scalar(sa.select(sa.func.count(Participant.id))
                               .where(Participant.round_id == round_id, Participant.removed_ms.is_(None)))
    submitted = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(Attempt.participant_id)))
        .where(Attempt.round_id == round_id, Attempt.submitted_ms.is_not(None)))
    taking = db.session.scalar(sa.select(sa.func.count(Attempt.id)).where(
        Attempt.round_id == round_id, Attempt.submitted_ms.is_(None), Attempt.deadline_ms >= now))
    return {"joined": joined or 0, "submitted": submitted or 0, "taking": taking or 0}


def check_window(round_: sa.Row | Round, now: int) -> None:
    """A paper starts only while the round is open: after opens_at_ms, before closes_at_ms."""
    if round_.mode != "self_paced":
        raise DomainError("not_open", N_("Vòng thi này không phải thi trực tuyến theo tuần."))
    if round_.status != "open" or (round_.opens_at_ms is not None and now < round_.opens_at_ms):
        raise DomainError("not_open", N_("Tuần thi chưa mở hoặc đã đóng."))
    if round_.closes_at_ms is not None and now >= round_.closes_at_ms:
        raise DomainError("not_open", N_("Tuần thi đã đóng."))


# starting --------------------------------------------------------------------------------------

def prepare(round_id: int, participant_id: int, now: int, today: date | None = None
            ) -> tuple[int, list[dict]]:
    """(seed, paper) for a new attempt, drawn outside the writing transaction."""
    round_ = get_round(round_id)
    check_window(round_, now)
    seed = secrets.randbits(31)
    return seed, draw_paper(round_, seed, today or date.today())


def start_attempt(conn: sa.Connection, round_id: int, participant_id: int, now: int,
                  grace_ms: int, seed: int, paper: list[dict]) -> dict:
    """The attempt in progress (resumed), or a new one with the paper drawn by `prepare`."""
    round_ = conn.execute(sa.select(Round.__table__).where(Round.id == round_id)).one()
    check_window(round_, now)
    current = in_progress(conn, participant_id)
    if current is not None and now <= current.deadline_ms + grace_ms:
        return attempt_payload(conn, current)
    if current is not None:  # its time ran out and the loop has not submitted it yet
        paper_submit.submit(conn, current.id, participant_id, now)
    number = attempts_used(conn, participant_id) + 1
    if number > round_.max_attempts:
        raise DomainError("attempts_exhausted")
    deadline = now + round_.duration_seconds * 1000
    if round_.closes_at_ms is not None:
        deadline = min(deadline, round_.closes_at_ms)
    return attempt_payload(conn, _insert(conn, {
        "round_id": round_id, "participant_id": participant_id, "number": number, "seed": seed,
        "paper": paper, "started_ms": now, "deadline_ms": deadline}))


def _insert(conn: sa.Connection, values: dict) -> sa.Row:
    """Two devices starting at the same instant get the same attempt (the unique number)."""
    table = Attempt.__table__
    inserted = conn.execute(paper_submit.dialect_insert(conn, table).values(**values)
                            .on_conflict_do_nothing(index_elements=["participant_id", "number"])
                            .returning(table.c.id)).scalar()
    if inserted is None:
        current = in_progress(conn, values["participant_id"])
        if current is None:
            raise DomainError("attempts_exhausted")
        return current
    return conn.execute(sa.select(table).where(table.c.id == inserted)).one()
