"""Who may see and change what.

Contests (with their rounds, answers and results) and question banks belong to the
organiser who made them. An ``admin`` sees and changes everything and manages accounts;
an ``organiser`` sees and changes their own, and uses the banks shared with them; a
``viewer`` watches every contest's consoles and downloads results, and changes nothing.
Another organiser's object is ``not_found``, exactly as a missing one, so an id tells
nothing; an object one may see but not change is ``forbidden``.
"""
from __future__ import annotations

import sqlalchemy as sa

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import BankShare, Contest, Organiser, QuestionBank, Round

ADMIN, ORGANISER, VIEWER = "admin", "organiser", "viewer"
MISSING = {"contest": N_("Không có cuộc thi này."), "round": N_("Không có vòng thi này."),
           "bank": N_("Không có ngân hàng câu hỏi này.")}


def _read_only() -> DomainError:
    return DomainError("forbidden", N_("Tài khoản chỉ xem không được thay đổi hay điều khiển."))


def require_admin(organiser: Organiser) -> None:
    if organiser.role != ADMIN:
        raise DomainError("forbidden", N_("Chỉ quản trị viên được làm việc này."))


def require_editor(organiser: Organiser) -> None:
    """Creating contests, banks, rounds: admins and organisers, not viewers."""
    if organiser.role not in (ADMIN, ORGANISER):
        raise _read_only()


# contests and rounds ---------------------------------------------------------------------

def _sees_contest(organiser: Organiser, owner_id: int | None) -> bool:
    return organiser.role in (ADMIN, VIEWER) or (owner_id is not None and owner_id == organiser.id)


def _changes_contest(organiser: Organiser, owner_id: int | None) -> bool:
    return organiser.role == ADMIN or (organiser.role == ORGANISER and owner_id == organiser.id)


def contest_for(organiser: Organiser, contest_id: int, change: bool = False) -> Contest:
    contest = db.session.get(Contest, contest_id)
    if contest is None or not _sees_contest(organiser, contest.organiser_id):
        raise DomainError("not_found", MISSING["contest"])
    if change and not _changes_contest(organiser, contest.organiser_id):
        raise _read_only()
    return contest


def round_for(organiser: Organiser, round_id: int, change: bool = False) -> Round:
    round_ = db.session.get(Round, round_id)
    if round_ is None or not _sees_contest(organiser, round_.contest.organiser_id):
        raise DomainError("not_found", MISSING["round"])
    if change and not _changes_contest(organiser, round_.contest.organiser_id):
        raise _read_only()
    return round_


def visible_contests(organiser: Organiser) -> list[Contest]:
    stmt = sa.select(Contest).order_by(Contest.id.desc())
    if organiser.role == ORGANISER:
        stmt = stmt.where(Contest.organiser_id == organiser.id)
    return list(db.session.scalars(stmt))


def _active(organiser_id: int | None) -> Organiser | None:
    organiser = db.session.get(Organiser, organiser_id) if isinstance(organiser_id, int) else None
    return organiser if organiser is not None and organiser.active else None


def can_watch(organiser_id: int | None, round_id: int) -> bool:
    """May this organiser follow the round on the /host console?"""
    organiser = _active(organiser_id)
    round_ = db.session.get(Round, round_id) if organiser else None
    return round_ is not None and _sees_contest(organiser, round_.contest.organiser_id)


def can_control(organiser_id: int | None, round_id: int) -> bool:
    """May this organiser start, advance, pause, resume or finish the round?"""
    organiser = _active(organiser_id)
    round_ = db.session.get(Round, round_id) if organiser else None
    return round_ is not None and _changes_contest(organiser, round_.contest.organiser_id)


# question banks --------------------------------------------------------------------------

def _shared_with(organiser_id: int) -> sa.Select:
    return sa.select(BankShare.bank_id).where(BankShare.organiser_id == organiser_id)


def visible_bank_ids(organiser: Organiser) -> set[int] | None:
    """The banks this organiser may read and draw rounds from; None: every bank."""
    if organiser.role == ADMIN:
        return None
    if organiser.role != ORGANISER:
        return set()
    own = db.session.scalars(sa.select(QuestionBank.id).where(
        sa.or_(QuestionBank.organiser_id == organiser.id,
               QuestionBank.id.in_(_shared_with(organiser.id)))))
    return set(own)


def bank_for(organiser: Organiser, bank_id: int, change: bool = False) -> QuestionBank:
    bank = db.session.get(QuestionBank, bank_id) if isinstance(bank_id, int) else None
    visible = visible_bank_ids(organiser)
    if bank is None or (visible is not None and bank.id not in visible):
        raise DomainError("not_found", MISSING["bank"], field="bank_id")
    if change and organiser.role != ADMIN and bank.organiser_id != organiser.id:
        raise DomainError("forbidden", N_("Chỉ chủ sở hữu ngân hàng câu hỏi được thay đổi nó."))
    return bank


def share_bank(owner: Organiser, bank_id: int, organiser_name: str) -> Organiser:
    """Let another organiser read this bank and draw rounds from it (not change it)."""
    from contest.services.clock import now_ms
    from contest.services.organisers import find_organiser

    bank = bank_for(owner, bank_id, change=True)
    other = find_organiser(organiser_name)
    if other.id == bank.organiser_id or other.role != ORGANISER:
        raise DomainError("bad_payload", N_("Chỉ chia sẻ được với một người tổ chức khác "
                                            "(quản trị viên đã xem được mọi ngân hàng)."), field="organiser")
    exists = db.session.scalar(sa.select(BankShare.id).where(
        BankShare.bank_id == bank.id, BankShare.organiser_id == other.id))
    if not exists:
        db.session.add(BankShare(bank_id=bank.id, organiser_id=other.id, shared_ms=now_ms()))
        db.session.commit()
    return other


def unshare_bank(owner: Organiser, bank_id: int, organiser_id: int) -> None:
    bank = bank_for(owner, bank_id, change=True)
    db.session.execute(sa.delete(BankShare).where(BankShare.bank_id == bank.id,
                                                  BankShare.organiser_id == organiser_id))
    db.session.commit()


def bank_shares(bank_id: int) -> list[Organiser]:
    """Who this bank is shared with."""
    return list(db.session.scalars(
        sa.select(Organiser).join(BankShare, BankShare.organiser_id == Organiser.id)
        .where(BankShare.bank_id == bank_id).order_by(Organiser.name)))


# the /host console's socket ------------------------------------------------------------------

def watchable_round(organiser_id: int | None, round_id: int) -> Round:
    """The round, when this organiser may follow it; otherwise not_found, as for no round."""
    if not can_watch(organiser_id, round_id):
        raise DomainError("not_found", MISSING["round"])
    return db.session.get(Round, round_id)


def authorise_control(organiser_id: int | None, round_id: int, action: str, via: str,
                      address: str | None = None) -> None:
    """Refuse (not_found, or forbidden for a viewer) unless this organiser may control the
    round; when allowed, the command goes into the audit log before it runs."""
    from contest.services import audit

    if not can_control(organiser_id, round_id):
        if can_watch(organiser_id, round_id):
            raise _read_only()
        raise DomainError("not_found", MISSING["round"])
    organiser = db.session.get(Organiser, organiser_id)
    audit.record("round_control", audit.Actor(organiser.id, organiser.name, address),
                 f"round {round_id}", command=action, via=via)
