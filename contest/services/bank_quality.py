"""A bank's quality, for the organiser who keeps it: what can be drawn today, what the lint
says, what expires soon, and how each question did in the rounds played from it.

Per-question figures come from `results_questions.question_analysis`, the analysis the
results workbook prints, for every round of the bank with at least one answer; they are
summed over those rounds: `asked` and `correct` add up, `share` is correct / asked, and
`discrimination` is the mean of the rounds' indexes weighted by how many were asked (rounds
where it is undefined left out).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa

import question_bank as qb
from contest import offload
from contest.extensions import db
from contest.models import Answer, Question, Round, Topic
from contest.services import leaderboard
from contest.services.banks import bank_documents, bank_rows, describe_bank, get_bank
from contest.services.results_questions import question_analysis

EXPIRING_DAYS = 90
# An item is judged only once this many participants had it; below, the figures are noise.
MIN_ASKED = 10
# Classical item analysis: a discrimination index under 0.2 separates strong and weak
# participants poorly; nearly everyone or nearly no one right tells nothing either.
WEAK_DISCRIMINATION, TOO_EASY, TOO_HARD = 0.2, 0.9, 0.2
VALIDITY = ("drawable", "not_yet", "expired")


@dataclass
class ItemFigures:
    question_id: int
    row: int                      # the question's row in the exported workbook
    text: str
    rounds: int = 0
    asked: int = 0
    correct: int = 0
    share: float | None = None
    discrimination: float | None = None
    flags: list[str] = field(default_factory=list)  # weak_discrimination, too_easy, too_hard


@dataclass
class BankQuality:
    bank: dict
    today: date
    cells: list[dict]             # {"topic", "difficulty", "drawable", "not_yet", "expired"}
    totals: dict[str, int]
    warnings: list[qb.LintWarning]
    texts: dict[int, str]         # row -> question text, to show beside a warning
    expiring: list[dict]          # {"row", "text", "valid_to", "days"}
    items: list[ItemFigures]
    rounds: int                   # rounds whose answers the figures count


def bank_quality(bank_id: int, today: date | None = None, lang: str = "vi") -> BankQuality:
    today = today or date.today()
    bank = get_bank(bank_id)
    rows = bank_rows(bank_id)
    cells = validity_counts(bank_id, today)
    totals = {key: sum(cell[key] for cell in cells) for key in VALIDITY}
    positions = _positions(bank_id)
    items, rounds = item_figures(bank_id, positions)
    return BankQuality(
        bank=describe_bank(bank_id), today=today, cells=cells, totals=totals,
        # pure Python over up to 10,000 questions: in a worker, so the hall's loop keeps turning
        warnings=offload.in_process(qb.lint_bank, rows, bank_documents(bank), today=today, lang=lang),
        texts={row.row: row.text for row in rows}, expiring=_expiring(rows, today),
        items=items, rounds=rounds)


def validity_counts(bank_id: int, today: date) -> list[dict]:
    """Questions by topic and difficulty, split by whether a round created today may draw them."""
    status = sa.case((Question.valid_to < today, "expired"), (Question.valid_from > today, "not_yet"),
                     else_="drawable")
    found = db.session.execute(
        sa.select(Topic.name, Question.difficulty, status, sa.func.count(Question.id))
        .join(Topic, Topic.id == Question.topic_id).where(Question.bank_id == bank_id)
        .group_by(Topic.name, Question.difficulty, status)).all()
    cells: dict[tuple[str, int], dict] = {}
    for topic, difficulty, state, count in found:
        cell = cells.setdefault((topic, difficulty), {"topic": topic, "difficulty": difficulty,
                                                      **{key: 0 for key in VALIDITY}})
        cell[state] = count
    order = {topic: i for i, topic in enumerate(qb.TOPICS)}
    return sorted(cells.values(), key=lambda c: (order.get(c["topic"], len(order)), c["topic"],
                                                 c["difficulty"]))


def _expiring(rows: list[qb.QuestionRow], today: date) -> list[dict]:
    horizon = today + timedelta(days=EXPIRING_DAYS)
    soon = [row for row in rows if row.valid_to is not None and today <= row.valid_to <= horizon]
    return [{"row": row.row, "text": row.text, "valid_to": row.valid_to,
             "days": (row.valid_to - today).days} for row in sorted(soon, key=lambda r: r.valid_to)]


def _positions(bank_id: int) -> dict[int, tuple[int, str]]:
    """question_id -> (row in the exported workbook, text)."""
    found = db.session.execute(sa.select(Question.id, Question.text).where(Question.bank_id == bank_id)
                               .order_by(Question.position)).all()
    return {qid: (row, text) for row, (qid, text) in enumerate(found, start=2)}


def played_rounds(bank_id: int) -> list[Round]:
    """The bank's rounds with at least one stored answer, oldest first."""
    answered = sa.select(Answer.id).where(Answer.round_id == Round.id).exists()
    return list(db.session.scalars(sa.select(Round).where(Round.bank_id == bank_id, answered)
                                   .order_by(Round.id)))


def item_figures(bank_id: int, positions: dict[int, tuple[int, str]]) -> tuple[list[ItemFigures], int]:
    """Figures of every question asked in a played round, summed over the rounds."""
    items: dict[int, ItemFigures] = {}
    weighted: dict[int, list[tuple[float, int]]] = {}
    rounds = played_rounds(bank_id)
    for round_ in rounds:
        for row in question_analysis(round_, leaderboard.participant_standings(round_.id)):
            qid = row["question_id"]
            if qid not in positions:
                continue  # a question since removed from the bank
            item = items.setdefault(qid, ItemFigures(qid, *positions[qid]))
            item.rounds += 1
            item.asked += row["asked"]
            item.correct += row["correct"]
            if row["discrimination"] is not None and row["asked"]:
                weighted.setdefault(qid, []).append((row["discrimination"], row["asked"]))
    for qid, item in items.items():
        item.share = item.correct / item.asked if item.asked else None
        pairs = weighted.get(qid)
        if pairs:
            item.discrimination = sum(d * n for d, n in pairs) / sum(n for _, n in pairs)
        item.flags = _flags(item)
    return sorted(items.values(), key=lambda i: i.row), len(rounds)


def _flags(item: ItemFigures) -> list[str]:
    if item.asked < MIN_ASKED or item.share is None:
        return []
    flags = []
    if item.discrimination is not None and item.discrimination < WEAK_DISCRIMINATION:
        flags.append("weak_discrimination")
    if item.share >= TOO_EASY:
        flags.append("too_easy")
    elif item.share <= TOO_HARD:
        flags.append("too_hard")
    return flags
