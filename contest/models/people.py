"""Agencies, their officials, the organisers who run contests, and the audit log."""
from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from contest.extensions import db


def utcnow() -> datetime:
    return datetime.now(UTC)


class Agency(db.Model):
    """A node of the agency tree: province, department, commune, unit... any depth."""

    __tablename__ = "agency"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(50), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(255))
    # Name without diacritics, lower case: "so noi vu" finds "Sở Nội vụ".
    search_key: so.Mapped[str] = so.mapped_column(sa.String(255), index=True)
    parent_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("agency.id"), index=True)
    headcount: so.Mapped[int | None]

    parent: so.Mapped[Agency | None] = so.relationship(remote_side=[id])


class Official(db.Model):
    """A cán bộ, công chức, viên chức on the roster."""

    __tablename__ = "official"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    code: so.Mapped[str] = so.mapped_column(sa.String(50), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(255))
    agency_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("agency.id"), index=True)
    position: so.Mapped[str | None] = so.mapped_column(sa.String(255))
    # The second factor of a roster join: only a salted hash is kept (services/pins.py).
    pin_hash: so.Mapped[str | None] = so.mapped_column(sa.String(120))
    # When the PIN became known to a person (from the workbook, or printed on a slip);
    # None: generated at import and never shown, so a slip may replace it freely.
    pin_known_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)

    agency: so.Mapped[Agency] = so.relationship()


ROLES = ("admin", "organiser", "viewer")


class Organiser(UserMixin, db.Model):
    __tablename__ = "organiser"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(100), unique=True)
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(255))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    # admin: everything, accounts included; organiser: their own contests and banks;
    # viewer: watches consoles and downloads results, changes nothing (services/access.py)
    role: so.Mapped[str] = so.mapped_column(sa.String(20), default="organiser",
                                            server_default="organiser")
    active: so.Mapped[bool] = so.mapped_column(default=True, server_default=sa.true())

    @property
    def is_active(self) -> bool:  # Flask-Login: a disabled account cannot sign in
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is kept, the token itself is shown once."""

    __tablename__ = "api_token"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    organiser_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("organiser.id"), index=True)
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    label: so.Mapped[str | None] = so.mapped_column(sa.String(100))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)
    revoked: so.Mapped[bool] = so.mapped_column(default=False)
    expires_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)  # None: never
    last_used_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)

    organiser: so.Mapped[Organiser] = so.relationship()


class LoginSession(db.Model):
    """One sign-in to the organiser pages; the console token is bound to it, so logging
    out ends both."""

    __tablename__ = "login_session"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    organiser_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("organiser.id"), index=True)
    secret_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    address: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    started_ms: so.Mapped[int] = so.mapped_column(sa.BigInteger)
    ended_ms: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)


class BankShare(db.Model):
    """A question bank its owner lets another organiser use (read and draw rounds from)."""

    __tablename__ = "bank_share"
    __table_args__ = (sa.UniqueConstraint("bank_id", "organiser_id"),)
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    bank_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("question_bank.id"), index=True)
    organiser_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("organiser.id"), index=True)
    shared_ms: so.Mapped[int] = so.mapped_column(sa.BigInteger)


class AuditEvent(db.Model):
    """Who did what: sign-ins, tokens, round control, imports, exports, participant changes.
    Never a password, token or PIN (services/audit.py)."""

    __tablename__ = "audit_event"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at_ms: so.Mapped[int] = so.mapped_column(sa.BigInteger, index=True)
    action: so.Mapped[str] = so.mapped_column(sa.String(40), index=True)
    organiser_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("organiser.id"))
    actor: so.Mapped[str | None] = so.mapped_column(sa.String(100))  # the name as it was
    subject: so.Mapped[str | None] = so.mapped_column(sa.String(100))  # "round 3", "bank 2"
    address: so.Mapped[str | None] = so.mapped_column(sa.String(64))
    detail: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
