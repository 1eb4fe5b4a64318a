"""Namespace /play: participants. `answer` is the hot path: the live branch judges against
the cached view and waits only for the group commit; no Flask request context."""
from __future__ import annotations

from typing import Any

from contest.errors import N_, DomainError
from contest.realtime.channel import Channel, lang_of, refuse
from contest.realtime.hub import Hub
from contest.realtime.names import PLAY, play_room
from contest.realtime.packets import received_ms
from contest.realtime.registry import PlaySession
from contest.realtime.selfpaced import Papers
from contest.services import live
from contest.services.door import Door
from contest.services.participants import get_participant, read_token


class PlayNamespace(Channel):
    EVENTS = ("answer", "start_attempt", "predict", "submit")

    def __init__(self, hub: Hub, papers: Papers, door: Door):
        super().__init__(PLAY, hub.limits)
        self.hub, self.papers, self.door = hub, papers, door

    def participant_of(self, sid: str) -> int | None:
        session = self.hub.registry.sessions.get(sid)
        return session.participant_id if session else None

    def on_connect(self, sid: str, environ: dict, auth: Any = None) -> None:
        hub, lang = self.hub, lang_of(auth)
        try:
            token = auth.get("token") if isinstance(auth, dict) else None
            participant_id, round_id = read_token(hub.app.config["SECRET_KEY"], token)
            state = self.state_on_connect(round_id, participant_id)
        except DomainError as exc:
            refuse(exc, lang)
        self.langs[sid] = lang
        hub.registry.add_player(sid, PlaySession(participant_id, round_id, lang))
        self.enter_room(sid, play_room(round_id))
        self.emit("state", state, to=sid)

    def state(self, round_id: int, participant_id: int) -> dict:
        """The `state` on connect (inside an app context): the mode's own builder."""
        view = self.hub.view(round_id)
        if view is None:
            raise DomainError("not_found", N_("Không có vòng thi này."))
        if view.mode == "self_paced":
            return self.papers.state(view, participant_id)
        return self.hub.live_state(view, participant_id)

    def state_on_connect(self, round_id: int, participant_id: int) -> dict:
        """A participant who has just joined here, connecting to a live round's lobby,
        gets the state from memory: the row is new (nobody removed it yet) and no answer
        can exist before the first question. Anyone else: from the database."""
        view = self.hub.cached_view(round_id)
        if (self.door.first_connect(participant_id, round_id) and view is not None
                and view.mode != "self_paced" and view.status == "lobby"):
            return self.hub.live_state(view, participant_id, stored=False)
        with self.hub.app.app_context():
            get_participant(participant_id)
            return self.state(round_id, participant_id)

    def left(self, sid: str) -> None:
        self.hub.registry.remove_player(sid)

    def session(self, sid: str) -> PlaySession:
        session = self.hub.registry.sessions.get(sid)
        if session is None:
            raise DomainError("unauthorized")
        return session

    def on_answer(self, sid: str, payload: Any = None, *_: Any) -> dict:
        session = self.session(sid)
        view = self.hub.view(session.round_id)
        if view is not None and view.mode == "self_paced":
            return self.papers.answer(session, payload)
        return accept_answer(self.hub, session, payload)

    def on_start_attempt(self, sid: str, payload: Any = None, *_: Any) -> dict:
        return self.papers.start_attempt(self.session(sid), payload)

    def on_predict(self, sid: str, payload: Any = None, *_: Any) -> dict:
        return self.papers.predict(self.session(sid), payload)

    def on_submit(self, sid: str, payload: Any = None, *_: Any) -> dict:
        return self.papers.submit(self.session(sid), payload)


def accept_answer(hub: Hub, session: PlaySession, payload: Any) -> dict:
    """Judge on the server's clock when the frame was read, store (grouped commit), then ack."""
    received = received_ms(payload)
    local = hub.registry.local(session.round_id)
    judged = live.judge(hub.view(session.round_id), session.participant_id, payload, received, hub.grace_ms)
    answered = local.answered.setdefault(session.participant_id, set())
    if judged.question_id in answered:
        raise DomainError("already_answered")
    answered.add(judged.question_id)  # before the commit: a concurrent twin is refused
    try:
        inserted = hub.commits.store_answer(judged.row())
    except Exception:
        answered.discard(judged.question_id)
        raise DomainError("not_open", N_("Chưa lưu được, vui lòng gửi lại.")) from None
    if not inserted:
        raise DomainError("already_answered")
    local.board_dirty = True
    return {"ok": True, "received_ms": received}

