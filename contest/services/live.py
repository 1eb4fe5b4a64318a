"""Views of a live round for the real-time layer, and the judging of one answer.

`load_view` reads a round once; `judge` then decides an answer without touching
the database, so the hot path stays cheap. Correct options stay inside the view
and reach a payload only through `reveal_summary`, after the deadline.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Answer, Option, Question, Round, RoundQuestion
from contest.services.scoring import is_correct, points_for

MAX_OPTIONS_PER_ANSWER = 6
KEY = ("participant_id", "question_id", "attempt_no")
CHUNK = 500  # rows per statement: SQLite allows 32,766 parameters


@dataclass(frozen=True)
class LiveQuestion:
    question_id: int
    index: int
    total: int
    text: str
    options: tuple[tuple[int, str], ...]   # (option id, text) in the round's shuffled order
    multiple: bool
    opens_ms: int
    deadline_ms: int
    correct: frozenset[int] = field(repr=False)

    def public(self) -> dict:
        """The QUESTION object of PROTOCOL.md: nothing that tells which option is right."""
        return {"question_id": self.question_id, "index": self.index, "total": self.total,
                "text": self.text, "options": [{"id": i, "text": t} for i, t in self.options],
                "multiple": self.multiple, "opens_ms": self.opens_ms, "deadline_ms": self.deadline_ms}


@dataclass(frozen=True)
class RoundView:
    round_id: int
    contest_id: int
    mode: str
    status: str
    paused: bool
    scoring: str
    total: int
    freeze_last: int
    question: LiveQuestion | None            # the current (or just revealed) question
    past_question_ids: frozenset[int]        # closed earlier: an answer to them is late
    version: int = 0                         # the round's version when it was read

    @property
    def frozen(self) -> bool:
        """The public board stops moving for the last `freeze_last` questions."""
        index = self.question.index if self.question else -1
        return self.status != "finished" and self.freeze_last > 0 and index >= self.total - self.freeze_last


@dataclass(frozen=True)
class JudgedAnswer:
    """An answer accepted for storage; its `correct` stays on the server until reveal."""

    round_id: int
    participant_id: int
    question_id: int
    options: list[int]
    received_ms: int
    time_ms: int
    correct: bool
    points: int

    def row(self) -> dict:
        return {"round_id": self.round_id, "participant_id": self.participant_id,
                "question_id": self.question_id, "attempt_no": 0, "options": self.options,
                "received_ms": self.received_ms, "time_ms": self.time_ms,
                "correct": self.correct, "points": self.points}


def load_view(round_id: int) -> RoundView | None:
    round_ = db.session.get(Round, round_id, populate_existing=True)
    if round_ is None:
        return None
    rqs = list(db.session.scalars(sa.select(RoundQuestion).where(RoundQuestion.round_id == round_id)
                                  .order_by(RoundQuestion.position).execution_options(populate_existing=True)))
    current = None
    if round_.status in ("question", "reveal") and 0 <= round_.current_index < len(rqs):
        current = _live_question(rqs[round_.current_index], len(rqs))
    # Closed: those before the current one; once the round is finished, the last one too.
    asked = round_.current_index + (1 if round_.status == "finished" else 0)
    past = frozenset(rq.question_id for rq in rqs[:max(asked, 0)])
    return RoundView(round_id=round_.id, contest_id=round_.contest_id, mode=round_.mode,
                     status=round_.status, paused=round_.paused_remaining_ms is not None,
                     scoring=round_.scoring, total=len(rqs), freeze_last=round_.freeze_last,
                     question=current, past_question_ids=past, version=round_.version)


def changes(old: RoundView, new: RoundView) -> list[str]:
    """The transitions between two views of a round, for a change another process made:
    what `round_state.Transition.kind` would have said, as far as screens and phones see."""
    if old.version == new.version:
        return []
    old_q = old.question.question_id if old.question else None
    new_q = new.question.question_id if new.question else None
    kinds = []
    if new.status == "question" and new_q != old_q:
        kinds.append("question")
    if new.status == "reveal" and (old.status == "question" or new_q != old_q):
        kinds.append("reveal")
    if new.status == "finished" and old.status != "finished":
        kinds.append("finished")
    return kinds or ["changed"]


def _live_question(rq: RoundQuestion, total: int) -> LiveQuestion:
    question = db.session.get(Question, rq.question_id)
    options = {o.id: o for o in db.session.scalars(sa.select(Option).where(Option.question_id == rq.question_id))}
    return LiveQuestion(
        question_id=question.id, index=rq.position, total=total, text=question.text,
        options=tuple((oid, options[oid].text) for oid in rq.option_order),
        multiple=question.kind == "multiple", opens_ms=rq.opens_ms, deadline_ms=rq.deadline_ms,
        correct=frozenset(oid for oid, o in options.items() if o.is_correct),
    )


def parse_answer(payload: object) -> tuple[int, list[int]]:
    """(question_id, options) of a well-formed `answer` event, else bad_payload."""
    if not isinstance(payload, dict):
        raise DomainError("bad_payload", N_("Dữ liệu không hợp lệ: cần {question_id, options}."))
    question_id, options = payload.get("question_id"), payload.get("options")
    if not _is_int(question_id) or not isinstance(options, list) or not options \
            or len(options) > MAX_OPTIONS_PER_ANSWER or not all(_is_int(o) for o in options) \
            or len(set(options)) != len(options):
        raise DomainError("bad_payload", N_("Dữ liệu không hợp lệ: cần {question_id: số, options: [mã phương án…]}."))
    return question_id, sorted(options)


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def judge(view: RoundView | None, participant_id: int, payload: object, now: int,
          grace_ms: int) -> JudgedAnswer:
    """Decide an answer against the server's clock; raises the PROTOCOL error codes."""
    question_id, options = parse_answer(payload)
    question = view.question if view else None
    if question is None or question.question_id != question_id:
        raise DomainError("late" if view and question_id in view.past_question_ids else "not_open")
    if view.status == "reveal" or now > question.deadline_ms + grace_ms:
        raise DomainError("late")
    if view.paused or now < question.opens_ms:
        raise DomainError("not_open")
    valid_ids = {oid for oid, _ in question.options}
    if not set(options) <= valid_ids or (not question.multiple and len(options) != 1):
        raise DomainError("invalid_option")
    time_ms = min(max(now - question.opens_ms, 0), question.deadline_ms - question.opens_ms)
    correct = is_correct(options, question.correct)
    points = points_for(view.scoring, correct, time_ms, question.deadline_ms - question.opens_ms)
    return JudgedAnswer(view.round_id, participant_id, question_id, options, now, time_ms, correct, points)


def reveal_summary(view: RoundView) -> dict:
    """Correct options and the distribution of answers, once the question is closed."""
    question = view.question
    distribution = {str(oid): 0 for oid, _ in question.options}
    rows = db.session.execute(sa.select(Answer.options).where(
        Answer.round_id == view.round_id, Answer.question_id == question.question_id,
        Answer.attempt_no == 0))
    answered = 0
    for (chosen,) in rows:
        answered += 1
        for oid in chosen:
            distribution[str(oid)] = distribution.get(str(oid), 0) + 1
    return {"question_id": question.question_id, "correct": sorted(question.correct),
            "distribution": distribution, "answered": answered}


def answers_to(round_id: int, question_id: int) -> dict[int, tuple[bool, int]]:
    """participant_id -> (correct, points) for one question."""
    rows = db.session.execute(sa.select(Answer.participant_id, Answer.correct, Answer.points).where(
        Answer.round_id == round_id, Answer.question_id == question_id, Answer.attempt_no == 0))
    return {pid: (correct, points) for pid, correct, points in rows}


def participant_progress(view: RoundView, participant_id: int) -> tuple[int, list[int]]:
    """(score, answered question ids) from the stored answers. The open question's
    points stay out of the score: they would tell before the deadline who was right."""
    open_id = view.question.question_id if view.status == "question" and view.question else None
    rows = db.session.execute(sa.select(Answer.question_id, Answer.points).where(
        Answer.round_id == view.round_id, Answer.participant_id == participant_id, Answer.attempt_no == 0))
    answered, score = [], 0
    for question_id, points in rows:
        answered.append(question_id)
        score += 0 if question_id == open_id else points
    return score, answered


# --- storing ---------------------------------------------------------------------------

def answer_key(row: dict) -> tuple:
    return tuple(row[k] for k in KEY)


def insert_answers(conn: sa.Connection, rows: list[dict]) -> set[tuple]:
    """Insert answer rows; returns the keys actually inserted (the first answer wins).

    Written as SQL that SQLite (3.35+) and PostgreSQL both read, because SQLAlchemy never
    caches its dialect `insert().on_conflict_do_nothing()` statements: compiling one per
    batch took milliseconds of the GIL from the event loop in every commit."""
    columns = list(rows[0])
    inserted: set[tuple] = set()
    dialect = conn.dialect
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start:start + CHUNK]
        params = [json.dumps(r[c]) if c == "options" else r[c] for r in chunk for c in columns]
        result = conn.exec_driver_sql(_insert_sql(dialect.name, dialect.paramstyle, tuple(columns),
                                                  len(chunk)), tuple(params))
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


def answer_of(round_id: int, question_id: int, participant_id: int) -> tuple[bool, int]:
    """(correct, points) of one participant's answer to one question; (False, 0) if none."""
    row = db.session.execute(sa.select(Answer.correct, Answer.points).where(
        Answer.round_id == round_id, Answer.question_id == question_id,
        Answer.participant_id == participant_id, Answer.attempt_no == 0)).first()
    return (bool(row.correct), row.points) if row else (False, 0)
