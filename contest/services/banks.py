"""Question banks: import from a workbook (all or nothing), list, export."""
from __future__ import annotations

from collections.abc import Collection
from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so

import question_bank as qb
from contest import offload
from contest.errors import DomainError
from contest.extensions import db
from contest.models import Option, Question, QuestionBank, Topic
from contest.services import workbooks


def get_bank(bank_id: int) -> QuestionBank:
    bank = db.session.get(QuestionBank, bank_id)
    if bank is None:
        raise DomainError("not_found")
    return bank


def _existing_keys(bank_id: int | None) -> frozenset[str]:
    if bank_id is None:
        return frozenset()
    return frozenset(db.session.scalars(sa.select(Question.text_key).where(Question.bank_id == bank_id)))


def _target(bank_id: int) -> qb.TargetBank:
    """What checking a workbook needs of the bank it goes into: keys, texts and options, catalogue."""
    bank = get_bank(bank_id)
    options: dict[int, list[str]] = {}
    for question_id, text in db.session.execute(
            sa.select(Option.question_id, Option.text).join(Question, Question.id == Option.question_id)
            .where(Question.bank_id == bank_id).order_by(Option.question_id, Option.position)):
        options.setdefault(question_id, []).append(text)
    questions = [(text, options.get(question_id, [])) for question_id, text in db.session.execute(
        sa.select(Question.id, Question.text).where(Question.bank_id == bank_id)
        .order_by(Question.position))]
    return qb.TargetBank(_existing_keys(bank_id), questions, bank_documents(bank))


def validate_workbook(data: bytes, bank_id: int | None = None, lang: str = "vi",
                      today: date | None = None) -> qb.BankWorkbook:
    """Every problem of the file at once, as WorkbookInvalid; nothing is stored. A valid file
    comes with the lint's warnings against the target bank.

    The file is read and linted in a worker process, the bank's questions in an OS thread: a
    10,000-question bank takes seconds, and the event loop serves the hall meanwhile."""
    target = qb.TargetBank()
    if bank_id is not None:
        get_bank(bank_id)
        target = offload.in_thread(_target, bank_id)
    return workbooks.check_bank(data, target, today or date.today(), lang)


def import_workbook(
    data: bytes, name: str, organiser_id: int | None, bank_id: int | None = None, lang: str = "vi"
) -> tuple[int, int]:
    """Store a valid workbook as a new bank (or into bank_id). Returns (bank_id, imported)."""
    keys: frozenset[str] = frozenset()
    if bank_id is not None:
        get_bank(bank_id)
        keys = offload.in_thread(_existing_keys, bank_id)
    workbook = workbooks.read_bank(data, keys, lang)
    return offload.in_thread(_store_bank, workbook, name, organiser_id, bank_id)


def _store_bank(workbook: qb.BankWorkbook, name: str, organiser_id: int | None,
                bank_id: int | None) -> tuple[int, int]:
    rows = workbook.questions
    try:
        bank = get_bank(bank_id) if bank_id else QuestionBank(name=name.strip() or "Ngân hàng câu hỏi",
                                                          organiser_id=organiser_id)
        _store_documents(bank, workbook.documents)
        db.session.add(bank)
        db.session.flush()
        _store_questions(bank.id, rows)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return bank.id, len(rows)


def bank_documents(bank: QuestionBank) -> list[qb.DocumentRow]:
    return [qb.document_from_dict(item) for item in bank.documents or []]


def _store_documents(bank: QuestionBank, documents: list[qb.DocumentRow]) -> None:
    """A document of the workbook replaces the stored one with the same symbol."""
    if documents:
        merged = qb.merge_documents(bank_documents(bank), documents)
        bank.documents = [qb.document_dict(document) for document in merged]


def _topic_ids(names: set[str]) -> dict[str, int]:
    found = {t.name: t.id for t in db.session.scalars(sa.select(Topic).where(Topic.name.in_(names)))}
    for name in names - found.keys():
        topic = Topic(name=name)
        db.session.add(topic)
        db.session.flush()
        found[name] = topic.id
    return found


def _store_questions(bank_id: int, rows: list[qb.QuestionRow]) -> None:
    """Bulk inserts: 10,000 questions must import in seconds, not minutes."""
    topics = _topic_ids({r.topic for r in rows})
    start = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.max(Question.position), -1)).where(Question.bank_id == bank_id)
    ) + 1
    question_rows = [
        dict(bank_id=bank_id, position=start + i, text=r.text, text_key=qb.duplicate_key(r.text, r.options),
             kind=r.kind, topic_id=topics[r.topic], difficulty=r.difficulty, legal_basis=r.legal_basis,
             explanation=r.explanation, valid_from=r.valid_from, valid_to=r.valid_to)
        for i, r in enumerate(rows)
    ]
    ids = list(db.session.scalars(
        sa.insert(Question).returning(Question.id, sort_by_parameter_order=True), question_rows
    ))
    option_rows = [
        dict(question_id=qid, position=p, text=text, is_correct=p in r.correct)
        for qid, r in zip(ids, rows)
        for p, text in enumerate(r.options)
    ]
    db.session.execute(sa.insert(Option), option_rows)


def list_banks(bank_ids: Collection[int] | None = None) -> list[dict]:
    """Every bank, or those of ``bank_ids`` (what an organiser may see: `access`)."""
    counts = (
        sa.select(QuestionBank.id, QuestionBank.name, sa.func.count(Question.id))
        .outerjoin(Question, Question.bank_id == QuestionBank.id)
        .group_by(QuestionBank.id, QuestionBank.name)
        .order_by(QuestionBank.id)
    )
    if bank_ids is not None:
        counts = counts.where(QuestionBank.id.in_(list(bank_ids)))
    return [{"bank_id": i, "name": n, "count": c} for i, n, c in db.session.execute(counts)]


def describe_bank(bank_id: int) -> dict:
    bank = get_bank(bank_id)
    per_topic = db.session.execute(
        sa.select(Topic.name, Question.difficulty, sa.func.count(Question.id))
        .join(Question, Question.topic_id == Topic.id)
        .where(Question.bank_id == bank_id)
        .group_by(Topic.name, Question.difficulty)
        .order_by(Topic.name, Question.difficulty)
    ).all()
    topics: dict[str, dict] = {}
    for name, difficulty, count in per_topic:
        entry = topics.setdefault(name, {"name": name, "count": 0, "by_difficulty": {}})
        entry["count"] += count
        entry["by_difficulty"][str(difficulty)] = count
    return {"bank_id": bank.id, "name": bank.name, "count": sum(t["count"] for t in topics.values()),
            "topics": list(topics.values())}


def bank_rows(bank_id: int) -> list[qb.QuestionRow]:
    """The questions in bank order; `row` is each one's row in the exported workbook."""
    bank = get_bank(bank_id)
    questions = db.session.scalars(
        sa.select(Question).where(Question.bank_id == bank.id).order_by(Question.position)
        .options(so.selectinload(Question.options), so.joinedload(Question.topic))
    )
    return [
        qb.QuestionRow(
            text=q.text, kind=q.kind, options=[o.text for o in q.options],
            correct=[o.position for o in q.options if o.is_correct], topic=q.topic.name,
            difficulty=q.difficulty, legal_basis=q.legal_basis, explanation=q.explanation,
            valid_from=q.valid_from, valid_to=q.valid_to, row=row,
        )
        for row, q in enumerate(questions, start=2)
    ]


def export_workbook(bank_id: int) -> bytes:
    """Read in an OS thread, written by a worker process: seconds for 10,000 questions."""
    return offload.in_process(qb.write_bank, *offload.in_thread(_export_data, bank_id))


def _export_data(bank_id: int) -> tuple[list[qb.QuestionRow], list[qb.DocumentRow]]:
    return bank_rows(bank_id), bank_documents(get_bank(bank_id))


def bank_question_ids(bank_id: int) -> list[tuple[int, str, int]]:
    """(question_id, topic, difficulty) of every question, for drawing rounds and papers."""
    return [tuple(r) for r in db.session.execute(
        sa.select(Question.id, Topic.name, Question.difficulty)
        .join(Topic, Topic.id == Question.topic_id)
        .where(Question.bank_id == bank_id)
        .order_by(Question.id)
    )]
