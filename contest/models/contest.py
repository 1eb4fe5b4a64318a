"""Contests and their rounds, with the state the round engine reads."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.people import utcnow


class Contest(db.Model):
    __tablename__ = "contest"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(255))
    # Read-only credential of the display screens.
    display_token: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    organiser_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organiser.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    rounds: so.Mapped[list[Round]] = so.relationship(back_populates="contest", order_by="Round.id")


class Round(db.Model):
    __tablename__ = "round"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    contest_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("contest.id"), index=True)
    title: so.Mapped[str] = so.mapped_column(sa.String(255))
    mode: so.Mapped[str] = so.mapped_column(sa.String(20))  # live, self_paced
    bank_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("question_bank.id"))
    question_count: so.Mapped[int]
    scoring: so.Mapped[str] = so.mapped_column(sa.String(10), default="fixed")  # fixed, speed
    registration: so.Mapped[str] = so.mapped_column(sa.String(10), default="open")  # open, roster
    join_code: so.Mapped[str] = so.mapped_column(sa.String(16), unique=True)
    seed: so.Mapped[int]
    topics: so.Mapped[list | None] = so.mapped_column(sa.JSON)        # filter: topic names
    difficulties: so.Mapped[list | None] = so.mapped_column(sa.JSON)  # filter: 1..3
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

    # live
    seconds_per_question: so.Mapped[int] = so.mapped_column(default=20)
    advance: so.Mapped[str] = so.mapped_column(sa.String(10), default="host")  # host, auto
    reveal_seconds: so.Mapped[int] = so.mapped_column(default=5)
    freeze_last: so.Mapped[int] = so.mapped_column(default=0)  # questions with a frozen board

    # self_paced
    duration_seconds: so.Mapped[int | None]
    opens_at_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    closes_at_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    max_attempts: so.Mapped[int] = so.mapped_column(default=1)
    quotas: so.Mapped[list | None] = so.mapped_column(sa.JSON)
    # A submitted paper's score shows at once only with at least this many questions
    # answered; otherwise (and with None) after the window closes: no answer-key oracle.
    score_min_answered: so.Mapped[int | None]

    # standings
    agency_rank_by: so.Mapped[str] = so.mapped_column(sa.String(30), default="average_score")

    # engine state: a function of these and the clock
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default="lobby")
    current_index: so.Mapped[int] = so.mapped_column(default=-1)
    phase_deadline_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    paused_remaining_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    started_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    finished_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    # bumped by every transition: the engine's compare-and-set, and how other processes
    # notice a change without reloading the round
    version: so.Mapped[int] = so.mapped_column(default=0, server_default="0")

    contest: so.Mapped[Contest] = so.relationship(back_populates="rounds")
    round_questions: so.Mapped[list[RoundQuestion]] = so.relationship(
        back_populates="round", order_by="RoundQuestion.position"
    )


class RoundQuestion(db.Model):
    """A question as drawn for a live round, with its absolute times."""

    __tablename__ = "round_question"
    __table_args__ = (sa.UniqueConstraint("round_id", "position"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("round.id"), index=True)
    question_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("question.id"))
    position: so.Mapped[int]
    option_order: so.Mapped[list] = so.mapped_column(sa.JSON)  # option ids, shuffled once
    opens_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    deadline_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    revealed_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)

    round: so.Mapped[Round] = so.relationship(back_populates="round_questions")
