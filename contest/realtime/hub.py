"""The announcer of one process: it tells its own sockets about every round transition,
those this process made (published to it as `Transition`s) and those another process
made (noticed by the loop when a round's version moved).

Every process does this for its local sockets only (`ignore_queue`), so with several
processes the per-participant messages never cross Redis.
"""
from __future__ import annotations

from typing import Any

from flask import Flask

from contest.realtime.fanout import Fanout
from contest.realtime.group_commit import GroupCommit
from contest.realtime.limits import Limits
from contest.realtime.names import DISPLAY, HOST, PLAY, board_room, contest_room, play_room
from contest.realtime.registry import Registry, RoundLocal, Screens
from contest.services import leaderboard, live, screens
from contest.services.clock import now_ms
from contest.services.paper_state import RecentRanks
from contest.services.round_state import Transition


class Hub:
    def __init__(self, app: Flask, server: Any, commits: GroupCommit):
        self.app = app
        self.server = server
        self.fanout = Fanout(server, splice=not app.testing)
        self.commits = commits
        self.registry = Registry()
        self.screens = Screens()
        self.ranks = RecentRanks()
        config = app.config
        self.limits = Limits(config["SOCKET_RATE"], config["SOCKET_BURST"], config["SOCKET_ABUSE"])
        self.grace_ms: int = config["ANSWER_GRACE_MS"]

    # --- views -----------------------------------------------------------
    def view(self, round_id: int) -> live.RoundView | None:
        local = self.registry.local(round_id)
        if local.view is None:
            local.view = live.load_view(round_id)
        return local.view

    def cached_view(self, round_id: int) -> live.RoundView | None:
        """The view if this process holds it already (no database read, no app context)."""
        local = self.registry.rounds.get(round_id)
        return local.view if local is not None else None

    def on_transitions(self, transitions: list[Transition]) -> None:
        """What this process changed (inside an app context): announce it."""
        kinds: dict[int, list[str]] = {}
        for transition in transitions:
            kinds.setdefault(transition.round_id, []).append(transition.kind)
        for round_id, of_round in kinds.items():
            local = self.registry.rounds.get(round_id)
            if local is not None and local.view is not None:  # else nobody here shows it
                self._reload_and_announce(local, round_id, of_round)

    def refresh(self, round_id: int) -> None:
        """A round changed elsewhere (its version moved): reload and announce."""
        self._reload_and_announce(self.registry.local(round_id), round_id, None)

    def _reload_and_announce(self, local: RoundLocal, round_id: int, kinds: list[str] | None) -> None:
        old, new = local.view, live.load_view(round_id)
        local.view = new
        if new is None or old is None:
            return
        kinds = live.changes(old, new) if kinds is None else kinds
        if kinds:
            self._announce(local, old, new, kinds)

    def _announce(self, local: RoundLocal, old: live.RoundView, new: live.RoundView,
                  kinds: list[str]) -> None:
        if new.status == "question" and "question" in kinds:
            self._emit_question(new)
        if new.status == "reveal" and "reveal" in kinds:
            self._emit_reveal(local, new)
        elif new.status == "finished" and old.status == "question":  # finished mid-question
            self._emit_reveal(local, old)
        if "finished" in kinds:
            self._emit_finished(local, new)
        self._emit_states(local, new)

    # --- emitting ----------------------------------------------------------
    def emit(self, event: str, data: Any, namespace: str, to: str) -> None:
        self.server.emit(event, data, to=to, namespace=namespace, ignore_queue=True)

    def emit_watchers(self, event: str, data: Any, contest_id: int) -> None:
        """To the screens and consoles of a contest."""
        for ns in (DISPLAY, HOST):
            self.emit(event, data, ns, contest_room(contest_id))

    def emit_boards(self, view: live.RoundView, by_scope: dict, screens_too: bool = True) -> None:
        for scope, board in by_scope.items() if screens_too else ():
            self.emit("leaderboard", board, DISPLAY, board_room(view.contest_id, scope))
        if None in by_scope:
            self.emit("leaderboard", by_scope[None], HOST, contest_room(view.contest_id))

    def _emit_question(self, view: live.RoundView) -> None:
        payload = view.question.public()
        self.emit("question", payload, PLAY, play_room(view.round_id))
        self.fanout.pause()  # the question goes out before 5,000 personal states are made
        self.emit_watchers("question", {"round_id": view.round_id, **payload}, view.contest_id)

    def _emit_reveal(self, local: RoundLocal, view: live.RoundView) -> None:
        summary = live.reveal_summary(view)
        self.emit_watchers("reveal", {"round_id": view.round_id, **summary}, view.contest_id)
        standings = leaderboard.participant_standings(view.round_id)
        ranks = leaderboard.rank_of(standings)
        scores = {s["participant_id"]: s["score"] for s in standings}
        answers = live.answers_to(view.round_id, view.question.question_id)
        local.revealed.clear()

        def mine():
            for pid, sids in list(local.players.items()):
                correct, points = answers.get(pid, (False, 0))
                local.my[pid] = (scores.get(pid, 0), ranks.get(pid))
                my = local.revealed[pid] = {"correct": correct, "points": points,
                                            "score": scores.get(pid, 0), "rank": ranks.get(pid)}
                yield from ((sid, {"my": my}) for sid in list(sids))

        self.fanout.personal("reveal", PLAY, reveal_shared(view), mine())
        local.board_dirty = True

    def _emit_finished(self, local: RoundLocal, view: live.RoundView) -> None:
        def mine():
            for pid, sids in list(local.players.items()):
                score, rank = local.my.get(pid, (0, None))
                yield from ((sid, {"my": {"score": score, "rank": rank}}) for sid in list(sids))

        self.fanout.personal("finished", PLAY, {"round_id": view.round_id}, mine())
        self.emit_watchers("finished", {"round_id": view.round_id}, view.contest_id)
        local.board_dirty = True

    def _emit_states(self, local: RoundLocal, view: live.RoundView) -> None:
        public = self.public_state(view)
        self.emit_watchers("state", screens.screen_state(public, view), view.contest_id)
        shared = reveal_shared(view) if view.status == "reveal" and view.question else None

        def mine():
            for pid, sids in list(local.players.items()):
                own = {"my": self._my_from_cache(local, pid)}
                if shared is not None:
                    own["reveal"] = {**shared, "my": self._revealed_from_cache(local, view, pid)}
                yield from ((sid, own) for sid in list(sids))

        self.fanout.personal("state", PLAY, public, mine())

    # --- payloads ----------------------------------------------------------
    def public_state(self, view: live.RoundView) -> dict:
        question = view.question.public() if view.question and view.status in ("question", "reveal") else None
        return {"round_id": view.round_id, "status": view.status, "mode": view.mode,
                "paused": view.paused, "server_ms": now_ms(), "question": question,
                "total": view.total}

    def _my_from_cache(self, local: RoundLocal, pid: int) -> dict:
        score, rank = local.my.get(pid, (0, None))
        answered = sorted(local.answered.get(pid, ()))
        return {"score": score, "answered": answered, "rank": rank}

    def _revealed_from_cache(self, local: RoundLocal, view: live.RoundView, pid: int) -> dict:
        found = local.revealed.get(pid)
        if found is None:
            score, rank = local.my.get(pid, (0, None))
            found = {"correct": False, "points": 0, "score": score, "rank": rank}
        return found

    def live_state(self, view: live.RoundView, participant_id: int, stored: bool = True) -> dict:
        """The `state` a participant of a live round gets on connect (inside an app
        context when ``stored``), from the stored answers; during a reveal, with their
        result. ``stored=False``: a participant with nothing stored (the lobby)."""
        local = self.registry.local(view.round_id)
        score, answered = live.participant_progress(view, participant_id) if stored else (0, [])
        rank = local.my.get(participant_id, (0, None))[1]
        local.answered.setdefault(participant_id, set()).update(answered)
        state = {**self.public_state(view), "my": {"score": score, "answered": answered, "rank": rank}}
        if view.status == "reveal" and view.question:
            my = local.revealed.get(participant_id) or self._revealed_stored(view, participant_id, score)
            state["my"]["rank"] = my["rank"]
            state["reveal"] = {**reveal_shared(view), "my": my}
        return state

    def _revealed_stored(self, view: live.RoundView, participant_id: int, score: int) -> dict:
        """Not connected here at the reveal: the result from the stored answers."""
        correct, points = live.answer_of(view.round_id, view.question.question_id, participant_id)
        return {"correct": correct, "points": points, "score": score,
                "rank": self.ranks.rank(view.round_id, participant_id, view.version)}


def reveal_shared(view: live.RoundView) -> dict:
    """The part of /play's `reveal` every participant shares: the key, after the deadline."""
    return {"question_id": view.question.question_id, "correct": sorted(view.question.correct)}
