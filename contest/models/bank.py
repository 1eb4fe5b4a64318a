"""Question banks, as imported from the organisers' workbooks."""
from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from contest.extensions import db
from contest.models.people import utcnow


class Topic(db.Model):
    __tablename__ = "topic"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(255), unique=True)


class QuestionBank(db.Model):
    __tablename__ = "question_bank"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(255))
    organiser_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organiser.id"))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # The catalogue of legal documents (sheet "Văn bản"): question_bank.document_dict items.
    documents: so.Mapped[list | None] = so.mapped_column(sa.JSON)

    questions: so.Mapped[list[Question]] = so.relationship(
        back_populates="bank", order_by="Question.position"
    )


class Question(db.Model):
    __tablename__ = "question"
    __table_args__ = (sa.UniqueConstraint("bank_id", "text_key"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    bank_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("question_bank.id"), index=True)
    position: so.Mapped[int]
    text: so.Mapped[str] = so.mapped_column(sa.Text)
    # question_bank.duplicate_key of the text and the options: the same question cannot enter
    # a bank twice, while a generic stem may, with other options.
    text_key: so.Mapped[str] = so.mapped_column(sa.String(1000))
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))  # single, multiple, true_false
    topic_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("topic.id"), index=True)
    difficulty: so.Mapped[int]  # 1 easy, 2 medium, 3 hard
    legal_basis: so.Mapped[str | None] = so.mapped_column(sa.String(300))
    explanation: so.Mapped[str | None] = so.mapped_column(sa.Text)
    valid_from: so.Mapped[date | None]
    valid_to: so.Mapped[date | None]

    bank: so.Mapped[QuestionBank] = so.relationship(back_populates="questions")
    topic: so.Mapped[Topic] = so.relationship()
    options: so.Mapped[list[Option]] = so.relationship(
        back_populates="question", order_by="Option.position", cascade="all, delete-orphan"
    )


class Option(db.Model):
    __tablename__ = "option"
    __table_args__ = (sa.UniqueConstraint("question_id", "position"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    question_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("question.id"), index=True)
    position: so.Mapped[int]  # 0 = A in the workbook
    text: so.Mapped[str] = so.mapped_column(sa.String(300))
    is_correct: so.Mapped[bool] = so.mapped_column(default=False)

    question: so.Mapped[Question] = so.relationship(back_populates="options")
