"""Namespace /host: the organiser console. Same commands as the HTTP API, with acks."""
from __future__ import annotations

from typing import Any

from socketio.exceptions import ConnectionRefusedError

from contest.errors import N_, DomainError, error_from, error_object
from contest.extensions import db
from contest.realtime.control import control_round
from contest.realtime.hub import HOST, Hub, contest_room
from contest.services.access import authorise_control, watchable_round
from contest.services.organisers import organiser_for_console_token, organiser_for_token

COMMANDS = ("start", "next", "pause", "resume", "finish")


def _organiser(auth: Any, secret_key: str):
    token = auth.get("token") if isinstance(auth, dict) else None
    if not isinstance(token, str) or not token:
        return None
    return organiser_for_token(token) or organiser_for_console_token(secret_key, token)


def _round_id(payload: Any) -> int:
    round_id = payload.get("round_id") if isinstance(payload, dict) else None
    if not isinstance(round_id, int) or isinstance(round_id, bool):
        raise DomainError("bad_payload", N_("Dữ liệu không hợp lệ: cần {round_id}."))
    return round_id


def register(hub: Hub) -> None:
    server = hub.server
    langs: dict[str, str] = {}
    owners: dict[str, int] = {}  # sid -> organiser id: what it may watch and control

    @server.on("connect", namespace=HOST)
    def connect(sid: str, environ: dict, auth: Any = None) -> None:
        lang = "en" if isinstance(auth, dict) and auth.get("lang") == "en" else "vi"
        with hub.app.app_context():
            organiser = _organiser(auth, hub.app.config["SECRET_KEY"])
            db.session.remove()
        if organiser is None:
            error = error_object("unauthorized", lang)
            raise ConnectionRefusedError(error["message"], error)
        langs[sid] = lang
        owners[sid] = organiser.id
        if isinstance(auth, dict) and isinstance(auth.get("round_id"), int):
            watched = watch(sid, {"round_id": auth["round_id"]})
            if not watched.get("ok"):  # another organiser's round: as if there were none
                langs.pop(sid, None)
                owners.pop(sid, None)
                raise ConnectionRefusedError(watched["message"], watched)

    @server.on("disconnect", namespace=HOST)
    def disconnect(sid: str, *_: Any) -> None:
        langs.pop(sid, None)
        owners.pop(sid, None)
        hub.registry.remove_watcher(sid)

    @server.on("watch", namespace=HOST)
    def watch(sid: str, payload: Any = None) -> dict:
        try:
            with hub.app.app_context():
                round_ = watchable_round(owners.get(sid), _round_id(payload))
                server.enter_room(sid, contest_room(round_.contest_id), namespace=HOST)
                hub.registry.watch(round_.contest_id, sid)
                state = hub.public_state(hub.view(round_.id))
                db.session.remove()
            server.emit("state", state, to=sid, namespace=HOST)
            return {"ok": True}
        except DomainError as exc:
            return error_from(exc, langs.get(sid, "vi"))

    def command(action: str):
        def handler(sid: str, payload: Any = None) -> dict:
            try:
                round_id = _round_id(payload)
                watch(sid, payload)
                with hub.app.app_context():
                    authorise_control(owners.get(sid), round_id, action, "console")
                    result = control_round(round_id, action)
                    db.session.remove()
                return {"ok": True, **result}
            except DomainError as exc:
                return error_from(exc, langs.get(sid, "vi"))
        return handler

    for action in COMMANDS:
        server.on(action, command(action), namespace=HOST)
