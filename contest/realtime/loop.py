"""The background loop of a server process: conduct rounds, follow the rounds other
processes moved, throttle boards."""
from __future__ import annotations

import logging

from contest.extensions import db
from contest.realtime.hub import Hub
from contest.realtime.selfpaced import Papers
from contest.services import engine, screens
from contest.services.clock import now_ms
from contest.services.leases import Leases
from contest.services.publisher import publisher_of

log = logging.getLogger(__name__)


class Loop:
    def __init__(self, hub: Hub, papers: Papers | None = None, leases: Leases | None = None):
        self.hub = hub
        self.papers = papers if papers is not None else hub.app.extensions["contest_papers"]
        self.leases = leases  # for several processes: who may conduct which round
        self.publish = publisher_of(hub.app)
        self.tick_s = hub.app.config["ENGINE_TICK_MS"] / 1000
        self.board_interval_ms = hub.app.config["BROADCAST_INTERVAL_MS"]
        self.last_board_ms = 0
        self.board_sent_ms: dict[int, int] = {}                 # round_id -> last board sent
        self.board_progress: dict[int, tuple[int, int]] = {}    # round_id -> (joined, answers) then
        self.running = True

    def run(self, sleep) -> None:
        while self.running:
            sleep(self.tick_s)
            with self.hub.app.app_context():
                try:
                    self.step(now_ms())
                except Exception:  # the loop must outlive any one bad round
                    log.exception("engine loop step failed")
                    db.session.rollback()

    def step(self, now: int) -> None:
        mine = self.leases.rounds_to_conduct(now) if self.leases else None
        if mine is None or mine:
            self.publish(engine.tick(now, self.hub.grace_ms, mine))
            self.papers.auto_submit(now, mine)
        self.follow()
        if now - self.last_board_ms >= self.board_interval_ms:
            self.last_board_ms = now
            self.broadcast_boards(now)

    def follow(self) -> None:
        """Announce what another process changed: one query reads the versions of the
        rounds with sockets here, and only a round whose version moved is reloaded."""
        registry = self.hub.registry
        contests = registry.watched_contests()
        ids = {rid for rid, local in registry.rounds.items()
               if local.players or (local.view and local.view.status != "finished"
                                    and local.view.contest_id in contests)}
        for round_id, version in screens.round_versions(ids, contests).items():
            local = registry.rounds.get(round_id)
            if local is None or local.view is None or local.view.version != version:
                self.hub.refresh(round_id)

    def broadcast_boards(self, now: int) -> None:
        """Per round at most once per interval, and only when something moved (a join, an
        answer, a reveal, a new screen): each board computed once for every screen here."""
        watched = set(self.hub.registry.watched_contests())
        for round_id, local in list(self.hub.registry.rounds.items()):
            view = local.view
            if view is None or view.contest_id not in watched:
                continue
            last = self.board_sent_ms.get(round_id)
            if (last is not None and now - last < self.board_interval_ms) \
                    or (view.status == "finished" and not local.board_dirty):
                continue
            moved = screens.progress(view)
            if moved == self.board_progress.get(round_id) and not local.board_dirty:
                continue
            self.board_sent_ms[round_id], self.board_progress[round_id] = now, moved
            local.board_dirty = False
            joined, answered = moved
            if view.status == "question":
                self.hub.emit_watchers("tally", {"round_id": round_id, "question_id": view.question.question_id,
                                                 "answered": answered, "joined": joined}, view.contest_id)
            # mid-question a moving board would tell who answered right before the deadline:
            # screens get it after the reveal; the organiser's console sees it live
            public = view.status != "question"
            scopes = self.hub.screens.scopes(view.contest_id) if public else set()
            self.hub.emit_boards(view, screens.boards(view, scopes, now, joined), screens_too=public)
