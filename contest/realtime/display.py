"""Namespace /display: screens in halls and agencies. Read-only: it cannot answer or control.

A screen joins its contest's room (state, question, reveal, finished, tally) and one
board room for its scope: the whole contest, or one agency's part of the tree (`agency`
in the auth). The loop computes each scope's board once per interval for all its screens.
"""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from socketio.exceptions import ConnectionRefusedError

from contest.errors import N_, DomainError, error_object
from contest.extensions import db
from contest.models import Agency, Attempt, Contest, Round
from contest.realtime.hub import DISPLAY, HOST, Hub, contest_room
from contest.services import live, rounds
from contest.services.contests import contest_for_display

# Which round a screen shows unless it is pinned to one (?round=): a live question
# first, then an open self-paced window, then the next to run, then the last one.
STATUS_PRIORITY = {"question": 0, "reveal": 0, "open": 1, "lobby": 2, "finished": 3}
BOARD_SIZE = 10


def current_round_id(contest_id: int, pinned: int | None = None) -> int | None:
    rows = db.session.execute(sa.select(Round.id, Round.status).where(Round.contest_id == contest_id)).all()
    if pinned is not None:
        return pinned if any(row.id == pinned for row in rows) else None
    if not rows:
        return None

    def order(row) -> tuple[int, int]:
        priority = STATUS_PRIORITY.get(row.status, 4)
        # rounds waiting in the lobby run in the order they were made; others: latest first
        return priority, row.id if priority == 2 else -row.id

    return min(rows, key=order).id


def board_room(contest_id: int, agency: str | None = None) -> str:
    return f"board:{contest_id}:{agency or ''}"


class Screens:
    """The display sockets of this process and the scope (agency code or None) each shows."""

    def __init__(self) -> None:
        self.by_sid: dict[str, tuple[int, str | None]] = {}

    def add(self, sid: str, contest_id: int, agency: str | None) -> None:
        self.by_sid[sid] = (contest_id, agency)

    def remove(self, sid: str) -> None:
        self.by_sid.pop(sid, None)

    def scopes(self, contest_id: int) -> set[str | None]:
        return {agency for cid, agency in self.by_sid.values() if cid == contest_id}


# --- payloads ---------------------------------------------------------------------

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
    from contest.services.leaderboard import leaderboard

    out = {}
    for scope in scopes | {None}:
        try:
            board = leaderboard(view.round_id, limit=BOARD_SIZE, at_ms=now, frozen=view.frozen,
                                agency_root=scope)
        except DomainError:  # the agency left the roster since the screen connected
            continue
        scoped = board.get("scope")
        out[scope] = {**board, "joined": scoped["participants"] if scoped else joined}
    return out


def emit_boards(hub: Hub, view: live.RoundView, by_scope: dict, screens: bool = True) -> None:
    for scope, board in by_scope.items() if screens else ():
        hub.emit("leaderboard", board, DISPLAY, board_room(view.contest_id, scope))
    if None in by_scope:
        hub.emit("leaderboard", by_scope[None], HOST, contest_room(view.contest_id))


# --- connection -------------------------------------------------------------------

def _auth(auth: Any) -> tuple[str, str | None, str | None, int | None]:
    auth = auth if isinstance(auth, dict) else {}
    token, agency, pinned = auth.get("display_token"), auth.get("agency"), auth.get("round")
    lang = "en" if auth.get("lang") == "en" else "vi"
    return (lang, token if isinstance(token, str) else None, agency if isinstance(agency, str) and agency else None,
            pinned if isinstance(pinned, int) and not isinstance(pinned, bool) else None)


def _agency_exists(code: str) -> bool:
    return db.session.scalar(sa.select(Agency.id).where(Agency.code == code)) is not None


def _refuse(code: str, lang: str) -> None:
    error = error_object(code, lang)
    raise ConnectionRefusedError(error["message"], error)


def register(hub: Hub) -> None:
    server = hub.server
    screens = hub.screens = Screens()

    @server.on("connect", namespace=DISPLAY)
    def connect(sid: str, environ: dict, auth: Any = None) -> None:
        lang, token, agency, pinned = _auth(auth)
        with hub.app.app_context():
            contest = contest_for_display(token) if token else None
            contest_id = contest.id if contest else None
            agency_ok = agency is None or _agency_exists(agency)
            round_id = current_round_id(contest_id, pinned) if contest_id and agency_ok else None
            view = hub.view(round_id) if round_id else None
            state = screen_state(hub.public_state(view), view) if view else None
            db.session.remove()
        if contest_id is None:
            _refuse("unauthorized", lang)
        if not agency_ok:
            _refuse("not_found", lang)
        server.enter_room(sid, contest_room(contest_id), namespace=DISPLAY)
        server.enter_room(sid, board_room(contest_id, agency), namespace=DISPLAY)
        screens.add(sid, contest_id, agency)
        hub.registry.watch(contest_id, sid)
        if round_id:
            hub.registry.local(round_id).board_dirty = True
            server.emit("state", state, to=sid, namespace=DISPLAY)

    @server.on("disconnect", namespace=DISPLAY)
    def disconnect(sid: str, *_: Any) -> None:
        screens.remove(sid)
        hub.registry.remove_watcher(sid)

    @server.on("*", namespace=DISPLAY)
    def refuse(event: str, sid: str, *_: Any) -> dict:
        return error_object("forbidden", "vi", N_("Màn hình trình chiếu chỉ được xem."))
