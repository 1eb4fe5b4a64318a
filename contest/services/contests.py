"""Contests and rounds: creation, and the questions drawn for a live round."""
from __future__ import annotations

import secrets
from datetime import date

import sqlalchemy as sa

import question_bank as qb
from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Contest, Option, Organiser, Question, QuestionBank, Round, RoundQuestion
from contest.services import access
from contest.services.banks import bank_question_ids
from contest.services.round_settings import parse_round_settings

# No 0/O, 1/I/L: codes are read off a projector and typed on phones.
JOIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def create_contest(title: str, organiser_id: int | None) -> Contest:
    if not isinstance(title, str) or not title.strip() or len(title) > 255:
        raise DomainError("bad_payload", N_("Cần tên cuộc thi (tối đa 255 ký tự)."), field="title")
    contest = Contest(title=title.strip(), organiser_id=organiser_id,
                      display_token=secrets.token_urlsafe(24))
    db.session.add(contest)
    db.session.commit()
    return contest


def get_contest(contest_id: int) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None:
        raise DomainError("not_found", N_("Không có cuộc thi này."))
    return contest


def contest_for_display(display_token: str) -> Contest | None:
    return db.session.scalar(sa.select(Contest).where(Contest.display_token == display_token))


def rotate_display_token(contest_id: int) -> str:
    """A new read-only screen credential: screens opened with the old one stop at their
    next reconnect, and their address must be handed out again."""
    contest = get_contest(contest_id)
    contest.display_token = secrets.token_urlsafe(24)
    db.session.commit()
    return contest.display_token


def list_contests(organiser: Organiser | None = None) -> list[Contest]:
    """Every contest, or those this organiser may see (`access.visible_contests`)."""
    if organiser is not None:
        return access.visible_contests(organiser)
    return list(db.session.scalars(sa.select(Contest).order_by(Contest.id.desc())))


def get_round(round_id: int) -> Round:
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        raise DomainError("not_found", N_("Không có vòng thi này."))
    return round_


def round_by_join_code(join_code: str) -> Round:
    code = (join_code or "").strip().upper()
    round_ = db.session.scalar(sa.select(Round).where(Round.join_code == code))
    if round_ is None:
        raise DomainError("not_found", N_("Mã tham gia không đúng."))
    return round_


def _new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(JOIN_ALPHABET) for _ in range(6))
        if not db.session.scalar(sa.select(Round.id).where(Round.join_code == code)):
            return code


def create_round(contest_id: int, body: dict, today: date | None = None,
                 organiser: Organiser | None = None) -> Round:
    """``organiser``: the round draws only from a bank they may use (their own or shared)."""
    get_contest(contest_id)
    settings = parse_round_settings(body)
    if organiser is not None:
        access.bank_for(organiser, settings["bank_id"])
    if db.session.get(QuestionBank, settings["bank_id"]) is None:
        raise DomainError("not_found", N_("Không có ngân hàng câu hỏi này."), field="bank_id")
    round_ = Round(contest_id=contest_id, join_code=_new_join_code(),
                   seed=secrets.randbits(31), **settings)
    pool = _eligible_pool(round_, today or date.today())
    _check_pool(round_, pool)
    db.session.add(round_)
    db.session.flush()
    if round_.mode == "live":
        _draw_live_questions(round_, pool)
    db.session.commit()
    return round_


def _eligible_pool(round_: Round, today: date) -> list[tuple[int, str, int]]:
    """Questions of the bank in force today and inside the round's filters."""
    retired = set(db.session.scalars(
        sa.select(Question.id).where(
            Question.bank_id == round_.bank_id,
            sa.or_(Question.valid_from > today, Question.valid_to < today),
        )
    ))
    return [
        (qid, topic, difficulty)
        for qid, topic, difficulty in bank_question_ids(round_.bank_id)
        if qid not in retired
        and (not round_.topics or topic in round_.topics)
        and (not round_.difficulties or difficulty in round_.difficulties)
    ]


def _check_pool(round_: Round, pool: list) -> None:
    try:
        qb.draw_questions(pool, round_.question_count, round_.quotas, round_.seed)
    except qb.NotEnoughQuestions as exc:
        raise DomainError("bad_payload", exc, field="question_count" if exc.quota is None else "quotas") from None


def _draw_live_questions(round_: Round, pool: list) -> None:
    ids = qb.draw_questions(pool, round_.question_count, round_.quotas, round_.seed)
    options = _option_ids(ids)
    kinds = dict(db.session.execute(sa.select(Question.id, Question.kind).where(Question.id.in_(ids))).all())
    for position, qid in enumerate(ids):
        # "Đúng" stays before "Sai": shuffling a true/false pair only confuses.
        order = options[qid] if kinds[qid] == "true_false" else qb.shuffle_options(options[qid], round_.seed + qid)
        db.session.add(RoundQuestion(round_id=round_.id, question_id=qid, position=position,
                                     option_order=order))


def _option_ids(question_ids: list[int]) -> dict[int, list[int]]:
    result: dict[int, list[int]] = {qid: [] for qid in question_ids}
    rows = db.session.execute(
        sa.select(Option.question_id, Option.id).where(Option.question_id.in_(question_ids))
        .order_by(Option.question_id, Option.position)
    )
    for qid, oid in rows:
        result[qid].append(oid)
    return result


def round_summary(round_: Round) -> dict:
    return {"round_id": round_.id, "title": round_.title, "mode": round_.mode,
            "status": round_.status, "join_code": round_.join_code}
