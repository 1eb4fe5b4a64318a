"""Namespace /play: participants. Registered on the python-socketio server itself:
no Flask request context per event, since `answer` is the hot path."""
from __future__ import annotations

from typing import Any

from socketio.exceptions import ConnectionRefusedError

from contest.errors import N_, DomainError, error_from, error_object
from contest.extensions import db
from contest.realtime import selfpaced
from contest.realtime.hub import PLAY, Hub, play_room
from contest.realtime.registry import PlaySession
from contest.services import live
from contest.services.clock import now_ms
from contest.services.participants import get_participant, read_token


def _lang(auth: Any) -> str:
    return "en" if isinstance(auth, dict) and auth.get("lang") == "en" else "vi"


def register(hub: Hub) -> None:
    server = hub.server

    @server.on("connect", namespace=PLAY)
    def connect(sid: str, environ: dict, auth: Any = None) -> None:
        lang = _lang(auth)
        try:
            token = auth.get("token") if isinstance(auth, dict) else None
            participant_id, round_id = read_token(hub.app.config["SECRET_KEY"], token)
            with hub.app.app_context():
                get_participant(participant_id)
                state = hub.player_state(round_id, participant_id)
                db.session.remove()
        except DomainError as exc:
            error = error_from(exc, lang)
            raise ConnectionRefusedError(error["message"], error) from None
        hub.registry.add_player(sid, PlaySession(participant_id, round_id, lang))
        server.enter_room(sid, play_room(round_id), namespace=PLAY)
        server.emit("state", state, to=sid, namespace=PLAY)

    @server.on("disconnect", namespace=PLAY)
    def disconnect(sid: str, *_: Any) -> None:
        hub.registry.remove_player(sid)

    @server.on("answer", namespace=PLAY)
    def answer(sid: str, payload: Any = None) -> dict:
        session = hub.registry.sessions.get(sid)
        if session is None:
            return error_object("unauthorized")
        try:
            view = hub.view(session.round_id)
            if view is not None and view.mode == "self_paced":
                return selfpaced.accept_paper_answer(hub, session, payload)
            return accept_answer(hub, session, payload)
        except DomainError as exc:
            return error_from(exc, session.lang)

    @server.on("*", namespace=PLAY)
    def unknown(event: str, sid: str, *_: Any) -> dict:
        session = hub.registry.sessions.get(sid)
        return error_object("bad_payload", session.lang if session else "vi", N_("Không có sự kiện “%(event)s”.", event=event))


def accept_answer(hub: Hub, session: PlaySession, payload: Any) -> dict:
    """Judge on the server's clock, store (grouped commit), then ack."""
    received = now_ms()
    local = hub.registry.local(session.round_id)
    judged = live.judge(hub.view(session.round_id), session.participant_id, payload, received, hub.grace_ms)
    answered = local.answered.setdefault(session.participant_id, set())
    if judged.question_id in answered:
        raise DomainError("already_answered")
    answered.add(judged.question_id)  # before the commit: a concurrent twin is refused
    try:
        inserted = hub.writer.store(judged.row())
    except Exception:
        answered.discard(judged.question_id)
        raise DomainError("not_open", N_("Chưa lưu được, vui lòng gửi lại.")) from None
    if not inserted:
        raise DomainError("already_answered")
    local.board_dirty = True
    return {"ok": True, "received_ms": received}
