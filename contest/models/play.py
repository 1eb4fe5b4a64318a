"""Who plays a round, their self-paced attempts, and every answer."""
from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.people import Agency


class Participant(db.Model):
    __tablename__ = "participant"
    __table_args__ = (
        sa.UniqueConstraint("round_id", "official_id"),
        sa.UniqueConstraint("round_id", "agency_id", "name_key", "device_key"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("round.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(255))
    name_key: so.Mapped[str] = so.mapped_column(sa.String(255))
    agency_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("agency.id"), index=True)
    official_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("official.id"))
    device_key: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    joined_ms: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    # Taken off the boards by the organiser (a duplicate or a scripted entry); the row and
    # its answers stay, for the audit. merged_into: the entry that counts for this person.
    removed_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    merged_into_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("participant.id"))
    # Roster joins with the PIN from another device than the last one (shown to the organiser).
    rejoins: so.Mapped[int] = so.mapped_column(default=0, server_default="0")
    last_rejoin_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)

    agency: so.Mapped[Agency | None] = so.relationship()


class Attempt(db.Model):
    """One self-paced paper, drawn once and stored so it never changes."""

    __tablename__ = "attempt"
    __table_args__ = (sa.UniqueConstraint("participant_id", "number"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("round.id"), index=True)
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id"), index=True)
    number: so.Mapped[int]
    seed: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    # [{"question_id", "text", "multiple", "options": [{"id","text","correct"}]}]
    paper: so.Mapped[list] = so.mapped_column(sa.JSON)
    started_ms: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    deadline_ms: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    submitted_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)
    prediction: so.Mapped[int | None]
    score: so.Mapped[int | None]
    correct_count: so.Mapped[int | None]
    time_used_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)


class Answer(db.Model):
    """One answer; the unique key makes a retried answer harmless."""

    __tablename__ = "answer"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "question_id", "attempt_no"),
        # tallies and reveals count the answers to one question of one round
        sa.Index("ix_answer_round_question", "round_id", "question_id"),
    )
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    round_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("round.id"))
    participant_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("participant.id"))
    question_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("question.id"))
    attempt_no: so.Mapped[int] = so.mapped_column(default=0)  # 0 in live rounds
    options: so.Mapped[list] = so.mapped_column(sa.JSON)
    received_ms: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    correct: so.Mapped[bool]
    points: so.Mapped[int]
    time_ms: so.Mapped[int] = so.mapped_column(default=0)  # from question open to receipt
