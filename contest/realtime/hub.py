"""The real-time layer of one process: it watches the rounds its sockets belong to
and tells its own clients about every change it sees in the database.

Every process does this for its local sockets only (`ignore_queue`), so with
several processes the per-participant messages never cross Redis; the round
conductor just changes the stored state and announces at once what it changed.
"""
from __future__ import annotations

import logging
from typing import Any

from flask import Flask

from contest.extensions import db
from contest.realtime.fanout import Fanout
from contest.realtime.registry import Registry, RoundLocal
from contest.realtime.writer import AnswerWriter
from contest.services import live
from contest.services.clock import now_ms

log = logging.getLogger(__name__)
PLAY, DISPLAY, HOST = "/play", "/display", "/host"


def play_room(round_id: int) -> str:
    return f"round:{round_id}"


def contest_room(contest_id: int) -> str:
    return f"contest:{contest_id}"


class Hub:
    def __init__(self, app: Flask, server: Any, writer: AnswerWriter):
        self.app = app
        self.server = server
        self.fanout = Fanout(server)
        self.writer = writer
        self.registry = Registry()
        self.grace_ms: int = app.config["ANSWER_GRACE_MS"]

    # --- views -----------------------------------------------------------
    def view(self, round_id: int) -> live.RoundView | None:
        local = self.registry.local(round_id)
        if local.view is None:
            local.view = live.load_view(round_id)
        return local.view

    def refresh(self, round_id: int) -> None:
        """Reload a round and announce to local clients whatever changed."""
        local = self.registry.local(round_id)
        old, new = local.view, live.load_view(round_id)
        local.view = new
        if new is None or old is None or _same_phase(old, new):
            return
        self._announce(local, old, new)

    def _announce(self, local: RoundLocal, old: live.RoundView, new: live.RoundView) -> None:
        question_changed = new.question and (not old.question
                                             or old.question.question_id != new.question.question_id)
        if new.status == "question" and question_changed:
            self._emit_question(new)
        if new.status in ("reveal", "finished") and old.status == "question":
            self._emit_reveal(local, old if new.status == "finished" else new)
        if new.status == "finished":
            self._emit_finished(local, new)
        self._emit_states(local, new)

    # --- emitting ----------------------------------------------------------
    def emit(self, event: str, data: Any, namespace: str, to: str) -> None:
        self.server.emit(event, data, to=to, namespace=namespace, ignore_queue=True)

    def _emit_question(self, view: live.RoundView) -> None:
        payload = view.question.public()
        self.emit("question", payload, PLAY, play_room(view.round_id))
        self.fanout.pause()  # the question goes out before 5,000 personal states are made
        for ns in (DISPLAY, HOST):
            self.emit("question", {"round_id": view.round_id, **payload}, ns, contest_room(view.contest_id))

    def _emit_reveal(self, local: RoundLocal, view: live.RoundView) -> None:
        from contest.services import leaderboard

        summary = live.reveal_summary(view)
        for ns in (DISPLAY, HOST):
            self.emit("reveal", {"round_id": view.round_id, **summary}, ns, contest_room(view.contest_id))
        standings = leaderboard.participant_standings(view.round_id)
        ranks = leaderboard.rank_of(standings)
        scores = {s["participant_id"]: s["score"] for s in standings}
        answers = live.answers_to(view.round_id, view.question.question_id)

        def mine():
            for pid, sids in list(local.players.items()):
                correct, points = answers.get(pid, (False, 0))
                local.my[pid] = (scores.get(pid, 0), ranks.get(pid))
                my = {"correct": correct, "points": points, "score": scores.get(pid, 0), "rank": ranks.get(pid)}
                yield from ((sid, my) for sid in list(sids))

        self.fanout.personal("reveal", PLAY, {"question_id": summary["question_id"],
                                              "correct": summary["correct"]}, "my", mine())
        local.board_dirty = True

    def _emit_finished(self, local: RoundLocal, view: live.RoundView) -> None:
        def mine():
            for pid, sids in list(local.players.items()):
                score, rank = local.my.get(pid, (0, None))
                yield from ((sid, {"score": score, "rank": rank}) for sid in list(sids))

        self.fanout.personal("finished", PLAY, {"round_id": view.round_id}, "my", mine())
        for ns in (DISPLAY, HOST):
            self.emit("finished", {"round_id": view.round_id}, ns, contest_room(view.contest_id))
        local.board_dirty = True

    def _emit_states(self, local: RoundLocal, view: live.RoundView) -> None:
        from contest.realtime.display import screen_state  # screens get titles, join code, reveal

        public = self.public_state(view)
        screen = screen_state(public, view)
        for ns in (DISPLAY, HOST):
            self.emit("state", screen, ns, contest_room(view.contest_id))
        self.fanout.personal("state", PLAY, public, "my", (
            (sid, self._my_from_cache(local, view, pid))
            for pid, sids in list(local.players.items()) for sid in list(sids)))

    # --- payloads ----------------------------------------------------------
    def public_state(self, view: live.RoundView) -> dict:
        question = view.question.public() if view.question and view.status in ("question", "reveal") else None
        return {"round_id": view.round_id, "status": view.status, "mode": view.mode,
                "paused": view.paused, "server_ms": now_ms(), "question": question,
                "total": view.total}

    def _my_from_cache(self, local: RoundLocal, view: live.RoundView, pid: int) -> dict:
        score, rank = local.my.get(pid, (0, None))
        answered = sorted(local.answered.get(pid, ()))
        return {"score": score, "answered": answered, "rank": rank}

    def player_state(self, round_id: int, participant_id: int) -> dict:
        """The `state` a participant gets on connect, from the stored answers."""
        view = self.view(round_id)
        if view is not None and view.mode == "self_paced":
            from contest.realtime.selfpaced import paper_state  # attempt, attempts_left

            return {**self.public_state(view), **paper_state(self, round_id, participant_id)}
        local = self.registry.local(round_id)
        score, answered = live.participant_progress(view, participant_id)
        rank = local.my.get(participant_id, (0, None))[1]
        local.answered.setdefault(participant_id, set()).update(answered)
        return {**self.public_state(view), "my": {"score": score, "answered": answered, "rank": rank}}


def _same_phase(old: live.RoundView, new: live.RoundView) -> bool:
    def key(v: live.RoundView):
        return (v.status, v.paused, v.question.question_id if v.question else None,
                v.question.deadline_ms if v.question else None)

    return key(old) == key(new)
