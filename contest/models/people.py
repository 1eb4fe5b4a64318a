"""Agencies, their officials, and the organisers who run contests."""
from __future__ import annotations

from datetime import datetime, timezone

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from contest.extensions import db


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


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

    agency: so.Mapped[Agency] = so.relationship()


class Organiser(UserMixin, db.Model):
    __tablename__ = "organiser"
    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(100), unique=True)
    password_hash: so.Mapped[str] = so.mapped_column(sa.String(255))
    created_at: so.Mapped[datetime] = so.mapped_column(default=utcnow)

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

    organiser: so.Mapped[Organiser] = so.relationship()
