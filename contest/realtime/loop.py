"""The background loop of a server process: conduct rounds, notice changes, throttle boards."""
from __future__ import annotations

import logging

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Round
from contest.realtime import selfpaced
from contest.realtime.hub import DISPLAY, HOST, Hub, contest_room
from contest.services import engine
from contest.services.clock import now_ms

log = logging.getLogger(__name__)


class Loop:
    def __init__(self, hub: Hub):
        self.hub = hub
        self.tick_s = hub.app.config["ENGINE_TICK_MS"] / 1000
        self.board_interval_ms = hub.app.config["BROADCAST_INTERVAL_MS"]
        self.last_board_ms = 0
        self.board_sent_ms: dict[int, int] = {}                 # round_id -> last board sent
        self.board_progress: dict[int, tuple[int, int]] = {}    # round_id -> (joined, answers) then
        self.conductor = None  # set for several processes: who may conduct which round

    def run(self, sleep) -> None:
        while True:
            sleep(self.tick_s)
            with self.hub.app.app_context():
                try:
                    self.step(now_ms())
                except Exception:  # the loop must outlive any one bad round
                    log.exception("engine loop step failed")
                    db.session.rollback()
                finally:
                    db.session.remove()

    def step(self, now: int) -> None:
        grace = self.hub.grace_ms
        mine = self.conductor.rounds_to_conduct(now) if self.conductor else None
        if mine is None or mine:
            engine.tick(now, grace, mine)
            selfpaced.auto_submit(self.hub, now, mine)
        for round_id in self.watched_rounds():
            self.hub.refresh(round_id)
        if now - self.last_board_ms >= self.board_interval_ms:
            self.last_board_ms = now
            self.broadcast_boards(now)

    def watched_rounds(self) -> list[int]:
        """Rounds with sockets here: players, or screens and consoles of their contest."""
        ids = {rid for rid, local in self.hub.registry.rounds.items() if local.players}
        contests = self.hub.registry.watched_contests()
        if contests:
            ids |= set(db.session.scalars(sa.select(Round.id).where(
                Round.contest_id.in_(contests), Round.status != "finished")))
            # a round that finished since the last step: its screens still need `finished`
            ids |= {rid for rid, local in self.hub.registry.rounds.items()
                    if local.view and local.view.status != "finished" and local.view.contest_id in contests}
        return sorted(ids)

    def broadcast_boards(self, now: int) -> None:
        """Per round at most once per interval, and only when something moved (a join, an
        answer, a reveal, a new screen): each board computed once for every screen here."""
        from contest.realtime import display

        watched = set(self.hub.registry.watched_contests())
        for round_id, local in list(self.hub.registry.rounds.items()):
            view = local.view
            if view is None or view.contest_id not in watched:
                continue
            last = self.board_sent_ms.get(round_id)
            if (last is not None and now - last < self.board_interval_ms) \
                    or (view.status == "finished" and not local.board_dirty):
                continue
            moved = display.progress(view)
            if moved == self.board_progress.get(round_id) and not local.board_dirty:
                continue
            self.board_sent_ms[round_id], self.board_progress[round_id] = now, moved
            local.board_dirty = False
            joined, answered = moved
            if view.status == "question":
                self.emit_both("tally", {"round_id": round_id, "question_id": view.question.question_id,
                                         "answered": answered, "joined": joined}, view.contest_id)
            # mid-question a moving board would tell who answered right before the deadline:
            # screens get it after the reveal; the organiser's console sees it live
            public = view.status != "question"
            scopes = self.hub.screens.scopes(view.contest_id) if public else set()
            display.emit_boards(self.hub, view, display.boards(view, scopes, now, joined), screens=public)

    def emit_both(self, event: str, data: dict, contest_id: int) -> None:
        for ns in (DISPLAY, HOST):
            self.hub.emit(event, data, ns, contest_room(contest_id))
