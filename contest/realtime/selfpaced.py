"""Self-paced rounds on /play: `start_attempt`, `predict`, `submit`, and the self-paced
branch of `answer`. Thin: validate, call a service through the group commit, ack.
"""
from __future__ import annotations

from functools import partial
from typing import Any

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.realtime.hub import Hub
from contest.realtime.names import PLAY
from contest.realtime.registry import PlaySession
from contest.services import paper_answers, paper_state, paper_submit, papers
from contest.services.clock import now_ms
from contest.services.live import RoundView

DUE_EVERY_MS = 1000  # a paper submitted late is still stored as submitted at its deadline
MAX_CACHED_PAPERS = 50_000


class Papers:
    """This process's self-paced state: judged papers, recent ranks, starts in flight."""

    def __init__(self, hub: Hub):
        self.hub = hub
        self.views: dict[int, paper_answers.PaperView] = {}
        self.ranks = paper_state.RecentRanks()
        self.starting: set[int] = set()  # participants whose start_attempt is under way
        self.due_checked_ms = 0  # the attempt table is scanned at most once a second

    def view(self, attempt_id: int) -> paper_answers.PaperView | None:
        view = self.views.get(attempt_id)
        if view is None:
            with self.hub.app.app_context():
                view = paper_answers.load_paper_view(attempt_id)
            if view is not None:
                if len(self.views) >= MAX_CACHED_PAPERS:
                    self.views.clear()
                self.views[attempt_id] = view
        return view

    def state(self, view: RoundView, participant_id: int) -> dict:
        """The `state` of a self-paced round on connect (inside an app context)."""
        paper = paper_state.paper_state(view.round_id, participant_id, now_ms(), self.hub.grace_ms,
                                        self.ranks)
        my = paper["my"]
        self.hub.registry.local(view.round_id).my[participant_id] = (my["score"], my["rank"])
        return {**self.hub.public_state(view), **paper}

    def _check_mode(self, session: PlaySession) -> None:
        view = self.hub.view(session.round_id)
        if view is None or view.mode != "self_paced":
            raise DomainError("not_open", N_("Vòng thi này không phải thi trực tuyến theo tuần."))

    # --- events ------------------------------------------------------------------------
    def start_attempt(self, session: PlaySession, payload: Any) -> dict:
        """Resumes the attempt in progress, or checks the attempts left, then draws a paper:
        one start per participant at a time, and none drawn for an exhausted one."""
        if payload is not None and not isinstance(payload, dict):
            raise DomainError("bad_payload", N_("Dữ liệu không hợp lệ: cần {}."))
        self._check_mode(session)
        pid, hub = session.participant_id, self.hub
        if pid in self.starting:
            raise DomainError("rate_limited", N_("Lượt thi đang được mở, vui lòng chờ."))
        self.starting.add(pid)
        try:
            now = now_ms()
            with hub.app.app_context():
                current = paper_state.resume_or_check(session.round_id, pid, now, hub.grace_ms)
                if current is not None:
                    return {"ok": True, **current}
                seed, paper = papers.prepare(session.round_id, pid, now)
            attempt = hub.commits.run(partial(
                papers.start_attempt, round_id=session.round_id, participant_id=pid, now=now,
                grace_ms=hub.grace_ms, seed=seed, paper=paper))
            return {"ok": True, **attempt}
        finally:
            self.starting.discard(pid)

    def answer(self, session: PlaySession, payload: Any) -> dict:
        """The self-paced `answer`: acked once stored; a later answer replaces it until submit."""
        now, hub = now_ms(), self.hub
        attempt_id, question_id, options = paper_answers.parse(payload)
        view = hub.view(session.round_id)
        if view is None or view.status == "finished":  # closed by the organiser or the clock
            raise DomainError("not_open", N_("Tuần thi đã kết thúc."))
        row = paper_answers.judge(self.view(attempt_id), session.participant_id,
                                  question_id, options, now, hub.grace_ms)

        def job(conn):
            if not paper_answers.store_answer(conn, attempt_id, row):
                raise paper_answers.refusal(conn, attempt_id, now, hub.grace_ms)

        hub.commits.run(job)
        return {"ok": True, "received_ms": now, "question_id": row["question_id"]}

    def predict(self, session: PlaySession, payload: Any) -> dict:
        attempt_id, value = paper_submit.parse_prediction(payload)
        return self.hub.commits.run(partial(paper_submit.predict, attempt_id=attempt_id,
                                            participant_id=session.participant_id, value=value,
                                            now=now_ms(), grace_ms=self.hub.grace_ms))

    def submit(self, session: PlaySession, payload: Any) -> dict:
        attempt_id = paper_submit.parse_attempt_id(payload)
        result = self.hub.commits.run(partial(paper_submit.submit, attempt_id=attempt_id,
                                              participant_id=session.participant_id, now=now_ms()))
        self._submitted(session.round_id, attempt_id)
        return result

    def _submitted(self, round_id: int, attempt_id: int) -> None:
        self.views.pop(attempt_id, None)
        self.hub.registry.local(round_id).board_dirty = True

    # --- the submission at the deadline ------------------------------------------------
    def auto_submit(self, now: int, round_ids: list[int] | None = None) -> list[int]:
        """From the engine loop (inside an app context): submit the papers whose time is
        over, and tell their participants connected here."""
        if 0 <= now - self.due_checked_ms < DUE_EVERY_MS:
            return []
        self.due_checked_ms = now
        due = paper_submit.due(now, self.hub.grace_ms, round_ids)
        if not due:
            return []
        db.session.rollback()  # the states below read what the commit wrote, not a snapshot
        self.hub.commits.run(partial(paper_submit.submit_many, attempt_ids=[d[0] for d in due], now=now))
        for attempt_id, participant_id, round_id in due:
            self._submitted(round_id, attempt_id)
            sids = self.hub.registry.local(round_id).players.get(participant_id)
            view = self.hub.view(round_id)
            if sids and view is not None:
                state = self.state(view, participant_id)
                for sid in list(sids):
                    self.hub.emit("state", state, PLAY, sid)
        return [d[0] for d in due]
