"""Namespace /host: the organiser console. Same commands as the HTTP API, with acks.
A console watches and controls only the rounds its organiser may (`services/access`)."""
from __future__ import annotations

from typing import Any

from contest.errors import N_, DomainError
from contest.realtime.channel import Channel, lang_of, refuse
from contest.realtime.hub import Hub
from contest.realtime.names import HOST, contest_room
from contest.services import rounds
from contest.services.access import authorise_control, watchable_round
from contest.services.clock import now_ms
from contest.services.organisers import organiser_for_console_token, organiser_for_token
from contest.services.publisher import publisher_of

COMMANDS = rounds.ACTIONS


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


class HostNamespace(Channel):
    EVENTS = ("watch", *COMMANDS)

    def __init__(self, hub: Hub):
        super().__init__(HOST, hub.limits)
        self.hub = hub
        self.owners: dict[str, int] = {}  # sid -> organiser id: what it may watch and control
        for action in COMMANDS:  # on_start, on_next, ...: one command each
            setattr(self, "on_" + action, self._command(action))

    def on_connect(self, sid: str, environ: dict, auth: Any = None) -> None:
        lang = lang_of(auth)
        with self.hub.app.app_context():
            organiser = _organiser(auth, self.hub.app.config["SECRET_KEY"])
        if organiser is None:
            refuse("unauthorized", lang)
        self.langs[sid], self.owners[sid] = lang, organiser.id
        if isinstance(auth, dict) and isinstance(auth.get("round_id"), int):
            try:
                self.on_watch(sid, {"round_id": auth["round_id"]})
            except DomainError as exc:  # another organiser's round: as if there were none
                self.langs.pop(sid, None)
                self.owners.pop(sid, None)
                refuse(exc, lang)

    def left(self, sid: str) -> None:
        self.owners.pop(sid, None)
        self.hub.registry.remove_watcher(sid)

    def on_watch(self, sid: str, payload: Any = None, *_: Any) -> dict:
        hub = self.hub
        with hub.app.app_context():
            round_ = watchable_round(self.owners.get(sid), _round_id(payload))
            self.enter_room(sid, contest_room(round_.contest_id))
            hub.registry.watch(round_.contest_id, sid)
            state = hub.public_state(hub.view(round_.id))
        self.emit("state", state, to=sid)
        return {"ok": True}

    def _command(self, action: str):
        def handler(sid: str, payload: Any = None, *_: Any) -> dict:
            round_id = _round_id(payload)
            self.on_watch(sid, payload)
            app = self.hub.app
            with app.app_context():
                authorise_control(self.owners.get(sid), round_id, action, "console")
                result = rounds.control(round_id, action, now_ms(), self.hub.grace_ms, publisher_of(app))
            return {"ok": True, **result}
        return handler


