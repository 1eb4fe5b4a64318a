"""The audit log: who signed in, issued a token, controlled a round, imported, exported,
or changed a participant, and when. Never a password, token or PIN: only names and ids."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEvent
from contest.services.clock import now_ms

ACTIONS = (
    "login", "login_failed", "logout", "token_issued", "token_revoked", "account_created",
    "account_changed", "round_control", "display_token_rotated", "bank_imported",
    "bank_shared", "bank_unshared", "roster_imported", "pin_slips", "bank_exported",
    "results_exported", "answers_exported", "participant_removed", "participant_merged",
    "participant_rejoined",
)
PAGE = 200


@dataclass(frozen=True)
class Actor:
    """Who acts: an organiser (id and name), from where."""

    organiser_id: int | None = None
    name: str | None = None
    address: str | None = None


def record(action: str, actor: Actor | None = None, subject: str | None = None,
           **detail: object) -> None:
    """Store one event (in its own commit, so a refused action is logged too)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    actor = actor or Actor()
    db.session.add(AuditEvent(
        at_ms=now_ms(), action=action, organiser_id=actor.organiser_id,
        actor=(actor.name or "")[:100] or None, subject=subject[:100] if subject else None,
        address=(actor.address or "")[:64] or None, detail=detail or None))
    db.session.commit()


def events(action: str | None = None, before_id: int | None = None,
           limit: int = PAGE) -> list[AuditEvent]:
    """The newest events first (``before_id`` pages back), optionally of one action."""
    stmt = sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if before_id:
        stmt = stmt.where(AuditEvent.id < before_id)
    return list(db.session.scalars(stmt))
