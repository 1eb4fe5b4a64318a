"""The organiser's tools on a round's participants: remove a scripted or mistaken entry,
merge duplicates of one person, and see who rejoined from another device.

Nothing is deleted: a removed entry keeps its row and answers (for the audit) and leaves
the boards, counts and results; its token no longer connects. A merged entry is removed
and points at the one kept, so that person's device finds the kept entry on a rejoin.
Every change is in the audit log.
"""
from __future__ import annotations

import sqlalchemy as sa

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Agency, Participant
from contest.services import audit
from contest.services.text import fold

LISTED = 200


def _in_round(round_id: int, participant_id: object) -> Participant:
    participant = db.session.get(Participant, participant_id) if isinstance(participant_id, int) else None
    if participant is None or participant.round_id != round_id:
        raise DomainError("not_found", N_("Không có thí sinh này trong vòng thi."))
    return participant


def remove(round_id: int, participant_id: int, now: int, actor: audit.Actor) -> Participant:
    participant = _in_round(round_id, participant_id)
    if participant.removed_ms is None:
        participant.removed_ms = now
        db.session.commit()
        audit.record("participant_removed", actor, f"participant {participant.id}", round_id=round_id,
                     name=participant.name, agency_id=participant.agency_id)
    return participant


def restore(round_id: int, participant_id: int, actor: audit.Actor) -> Participant:
    participant = _in_round(round_id, participant_id)
    if participant.removed_ms is not None:
        participant.removed_ms, participant.merged_into_id = None, None
        db.session.commit()
        audit.record("participant_removed", actor, f"participant {participant.id}", round_id=round_id,
                     name=participant.name, restored=True)
    return participant


def merge(round_id: int, keep_id: int, other_ids: list[int], now: int, actor: audit.Actor) -> Participant:
    """``other_ids`` are the same person as ``keep_id``: only the kept entry counts."""
    keep = _in_round(round_id, keep_id)
    if keep.removed_ms is not None:
        raise DomainError("conflict", N_("Không gộp vào một thí sinh đã bị loại."))
    others = [_in_round(round_id, pid) for pid in dict.fromkeys(other_ids) if pid != keep.id]
    if not others:
        raise DomainError("bad_payload", N_("Cần chọn ít nhất một thí sinh khác để gộp."), field="merge")
    for other in others:
        other.removed_ms, other.merged_into_id = other.removed_ms or now, keep.id
        db.session.execute(sa.update(Participant).where(Participant.merged_into_id == other.id)
                           .values(merged_into_id=keep.id))
    db.session.commit()
    audit.record("participant_merged", actor, f"participant {keep.id}", round_id=round_id,
                 merged=[o.id for o in others], name=keep.name)
    return keep


def _rows(stmt: sa.Select) -> list[dict]:
    stmt = stmt.outerjoin(Agency, Agency.id == Participant.agency_id).add_columns(Agency.name)
    return [{"participant_id": p.id, "name": p.name, "agency": agency, "joined_ms": p.joined_ms,
             "removed_ms": p.removed_ms, "merged_into_id": p.merged_into_id, "rejoins": p.rejoins,
             "last_rejoin_ms": p.last_rejoin_ms, "roster": p.official_id is not None,
             "group": f"{p.agency_id}:{p.name_key}"}
            for p, agency in db.session.execute(stmt)]


def search(round_id: int, query: str, limit: int = LISTED) -> list[dict]:
    """Participants whose name has every word of the query (diacritics optional)."""
    stmt = sa.select(Participant).where(Participant.round_id == round_id).order_by(Participant.name_key,
                                                                                    Participant.id)
    for word in fold(query or "").split():
        stmt = stmt.where(Participant.name_key.contains(word, autoescape=True))
    return _rows(stmt.limit(limit))


def duplicates(round_id: int, limit: int = LISTED) -> list[dict]:
    """Entries sharing a name and an agency with another counting entry: candidates to merge."""
    twins = (sa.select(Participant.agency_id, Participant.name_key)
             .where(Participant.round_id == round_id, Participant.removed_ms.is_(None))
             .group_by(Participant.agency_id, Participant.name_key)
             .having(sa.func.count() > 1).subquery())
    stmt = (sa.select(Participant)
            .join(twins, sa.and_(twins.c.agency_id == Participant.agency_id,
                                 twins.c.name_key == Participant.name_key))
            .where(Participant.round_id == round_id, Participant.removed_ms.is_(None))
            .order_by(Participant.name_key, Participant.agency_id, Participant.id))
    return _rows(stmt.limit(limit))


def rejoined(round_id: int, limit: int = LISTED) -> list[dict]:
    """Roster participants who joined again from another device, latest first."""
    stmt = (sa.select(Participant).where(Participant.round_id == round_id, Participant.rejoins > 0)
            .order_by(Participant.last_rejoin_ms.desc()))
    return _rows(stmt.limit(limit))


def removed(round_id: int, limit: int = LISTED) -> list[dict]:
    stmt = (sa.select(Participant).where(Participant.round_id == round_id,
                                         Participant.removed_ms.is_not(None))
            .order_by(Participant.removed_ms.desc()))
    return _rows(stmt.limit(limit))
