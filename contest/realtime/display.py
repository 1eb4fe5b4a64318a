"""Namespace /display: screens in halls and agencies. Read-only: it cannot answer or control.

A screen joins its contest's room (state, question, reveal, finished, tally) and one
board room for its scope: the whole contest, or one agency's part of the tree (`agency`
in the auth). The loop computes each scope's board once per interval for all its screens.
"""
from __future__ import annotations

from typing import Any

from contest.errors import N_, error_object
from contest.realtime.channel import Channel, refuse
from contest.realtime.hub import Hub
from contest.realtime.names import DISPLAY, board_room, contest_room
from contest.services import screens
from contest.services.contests import contest_for_display


def _auth(auth: Any) -> tuple[str, str | None, str | None, int | None]:
    auth = auth if isinstance(auth, dict) else {}
    token, agency, pinned = auth.get("display_token"), auth.get("agency"), auth.get("round")
    lang = "en" if auth.get("lang") == "en" else "vi"
    return (lang, token if isinstance(token, str) else None, agency if isinstance(agency, str) and agency else None,
            pinned if isinstance(pinned, int) and not isinstance(pinned, bool) else None)


class DisplayNamespace(Channel):
    def __init__(self, hub: Hub):
        super().__init__(DISPLAY, hub.limits)
        self.hub = hub

    def on_connect(self, sid: str, environ: dict, auth: Any = None) -> None:
        hub = self.hub
        lang, token, agency, pinned = _auth(auth)
        with hub.app.app_context():
            contest = contest_for_display(token) if token else None
            contest_id = contest.id if contest else None
            agency_ok = agency is None or screens.agency_exists(agency)
            round_id = screens.current_round_id(contest_id, pinned) if contest_id and agency_ok else None
            view = hub.view(round_id) if round_id else None
            state = screens.screen_state(hub.public_state(view), view) if view else None
        if contest_id is None:
            refuse("unauthorized", lang)
        if not agency_ok:
            refuse("not_found", lang)
        self.langs[sid] = lang
        self.enter_room(sid, contest_room(contest_id))
        self.enter_room(sid, board_room(contest_id, agency))
        hub.screens.add(sid, contest_id, agency)
        hub.registry.watch(contest_id, sid)
        if round_id:
            hub.registry.local(round_id).board_dirty = True
            self.emit("state", state, to=sid)

    def left(self, sid: str) -> None:
        self.hub.screens.remove(sid)
        self.hub.registry.remove_watcher(sid)

    def unknown(self, event: str, lang: str) -> dict:
        return error_object("forbidden", lang, N_("Màn hình trình chiếu chỉ được xem."))
