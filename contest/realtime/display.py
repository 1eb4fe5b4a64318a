"""Namespace /display: screens in halls and agencies. Read-only: it cannot answer or control."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from socketio.exceptions import ConnectionRefusedError

from contest.errors import error_object
from contest.extensions import db
from contest.models import Round
from contest.realtime.hub import DISPLAY, Hub, contest_room
from contest.services.contests import contest_for_display

# Which round a screen shows: the one running, else the next to run, else the last one.
STATUS_PRIORITY = {"question": 0, "reveal": 0, "open": 0, "lobby": 1, "finished": 2}


def current_round_id(contest_id: int) -> int | None:
    rounds = db.session.execute(sa.select(Round.id, Round.status).where(Round.contest_id == contest_id)).all()
    if not rounds:
        return None
    return min(rounds, key=lambda r: (STATUS_PRIORITY.get(r.status, 3), -r.id)).id


def register(hub: Hub) -> None:
    server = hub.server

    @server.on("connect", namespace=DISPLAY)
    def connect(sid: str, environ: dict, auth: Any = None) -> None:
        lang = "en" if isinstance(auth, dict) and auth.get("lang") == "en" else "vi"
        token = auth.get("display_token") if isinstance(auth, dict) else None
        with hub.app.app_context():
            contest = contest_for_display(token) if isinstance(token, str) else None
            round_id = current_round_id(contest.id) if contest else None
            state = hub.public_state(hub.view(round_id)) if round_id else None
            contest_id = contest.id if contest else None
            db.session.remove()
        if contest_id is None:
            error = error_object("unauthorized", lang)
            raise ConnectionRefusedError(error["message"], error)
        server.enter_room(sid, contest_room(contest_id), namespace=DISPLAY)
        hub.registry.watch(contest_id, sid)
        if round_id:
            hub.registry.local(round_id).board_dirty = True
            server.emit("state", state, to=sid, namespace=DISPLAY)

    @server.on("disconnect", namespace=DISPLAY)
    def disconnect(sid: str, *_: Any) -> None:
        hub.registry.remove_watcher(sid)

    @server.on("*", namespace=DISPLAY)
    def refuse(event: str, sid: str, *_: Any) -> dict:
        return error_object("forbidden", "vi", "Màn hình trình chiếu chỉ được xem.")
