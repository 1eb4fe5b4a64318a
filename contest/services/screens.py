"""What hall and agency screens show: which round, its titles and join code, its boards.

Read by the `/display` page (`web/display.py`) and by the real-time layer, which only
delivers what these functions return.
"""
from __future__ import annotations

import sqlalchemy as sa

from contest.errors import DomainError
from contest.extensions import db
from contest.models import Agency, Attempt, Contest, Round
from contest.services import live, rounds

BOARD_SIZE = 10


def _screen_order(row: sa.Row) -> tuple:
    """A live round with a question or reveal open first, then a live round waiting in
    its lobby (the hall's QR code), then an open self-paced window, then a self-paced
    round waiting to open, then the most recently finished."""
    if row.status in ("question", "reveal"):
        return 0, -row.id
    if row.status == "lobby" and row.mode == "live":
        return 1, row.id  # rounds waiting in the lobby run in the order they were made
    if row.status == "open":
        return 2, -row.id
    if row.status == "lobby":
        return 3, row.opens_at_ms if row.opens_at_ms is not None else 2**63, row.id
    return 4, -(row.finished_ms or 0), -row.id


def current_round_id(contest_id: int, pinned: int | None = None) -> int | None:
    """The round a screen of the contest shows; `pinned` (?round=) if it belongs to it."""
    rows = db.session.execute(sa.select(Round.id, Round.status, Round.mode, Round.opens_at_ms,
                                        Round.finished_ms).where(Round.contest_id == contest_id)).all()
    if pinned is not None:
        return pinned if any(row.id == pinned for row in rows) else None
    return min(rows, key=_screen_order).id if rows else None


def agency_exists(code: str) -> bool:
    return db.session.scalar(sa.select(Agency.id).where(Agency.code == code)) is not None


def round_info(round_id: int) -> dict:
    """What a screen shows besides the round's phase: titles, join code, joined count."""
    row = db.session.execute(
        sa.select(Round.title, Round.join_code, Round.advance, Round.reveal_seconds,
                  Contest.title.label("contest_title"))
        .join(Contest, Contest.id == Round.contest_id).where(Round.id == round_id)).one()
    return {"title": row.title, "contest_title": row.contest_title, "join_code": row.join_code,
            "advance": row.advance, "reveal_seconds": row.reveal_seconds,
            "joined": rounds.joined_count(round_id)}


def screen_state(public: dict, view: live.RoundView) -> dict:
    """The `state` of /display and /host: the public state and what a screen needs to
    resume by itself, the revealed answer included (it is past its deadline)."""
    state = {**public, **round_info(view.round_id)}
    if view.status == "reveal" and view.question:
        state["reveal"] = {"round_id": view.round_id, **live.reveal_summary(view)}
    return state


def progress(view: live.RoundView) -> tuple[int, int]:
    """(joined, answers so far): a board is recomputed only when these move, or when dirty."""
    joined = rounds.joined_count(view.round_id)
    if view.mode == "self_paced":
        return joined, db.session.scalar(sa.select(sa.func.count(Attempt.id)).where(
            Attempt.round_id == view.round_id, Attempt.submitted_ms.is_not(None))) or 0
    return joined, rounds.answered_current(db.session.get(Round, view.round_id))


def boards(view: live.RoundView, scopes: set[str | None], now: int, joined: int) -> dict:
    """One leaderboard per scope; ``None`` is the whole contest (also what /host gets)."""
    from contest.services import leaderboard

    out = {}
    for scope in scopes | {None}:
        try:
            board = leaderboard.leaderboard(view.round_id, limit=BOARD_SIZE, at_ms=now,
                                            frozen=view.frozen, agency_root=scope)
        except DomainError:  # the agency left the roster since the screen connected
            continue
        scoped = board.get("scope")
        out[scope] = {**board, "joined": scoped["participants"] if scoped else joined}
    return out


def round_versions(round_ids: set[int], contest_ids: list[int]) -> dict[int, int]:
    """round_id -> version of the given rounds and of the unfinished rounds of the
    contests: one small query per tick tells which rounds moved since they were loaded."""
    where = [Round.id.in_(round_ids)] if round_ids else []
    if contest_ids:
        where.append(sa.and_(Round.contest_id.in_(contest_ids), Round.status != "finished"))
    if not where:
        return {}
    return dict(db.session.execute(sa.select(Round.id, Round.version).where(sa.or_(*where))).all())
