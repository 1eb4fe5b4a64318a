"""Self-paced rounds on /play: `start_attempt`, `predict`, `submit`, and the self-paced
branch of `answer`. Thin: validate, call a service through the grouped writer, ack.

Registered on the python-socketio server itself, like the live handlers.
"""
from __future__ import annotations

import time
from functools import partial
from typing import Any

from contest.errors import N_, DomainError, error_from, error_object
from contest.extensions import db, socketio
from contest.realtime.hub import PLAY, Hub
from contest.realtime.paper_lane import PaperLane
from contest.realtime.registry import PlaySession
from contest.services import paper_answers, paper_submit, papers
from contest.services.clock import now_ms
from contest.services.contests import get_round

RANK_TTL_S = 5.0     # a participant's rank on connect may be a few seconds old
DUE_EVERY_MS = 1000  # a paper submitted late is still stored as submitted at its deadline
MAX_CACHED_PAPERS = 50_000


class Desk:
    """This process's self-paced state: the writer, judged papers, recent ranks."""

    def __init__(self, hub: Hub):
        self.lane = PaperLane(hub.writer.engine, hub.app.config["COMMIT_INTERVAL_MS"],
                              lambda: hub.writer.background, socketio.start_background_task,
                              socketio.sleep)
        self.views: dict[int, paper_answers.PaperView] = {}
        self.ranks: dict[int, tuple[float, dict[int, int]]] = {}
        self.due_checked_ms = 0  # the attempt table is scanned at most once a second

    def view(self, hub: Hub, attempt_id: int) -> paper_answers.PaperView | None:
        view = self.views.get(attempt_id)
        if view is None:
            with hub.app.app_context():
                view = paper_answers.load_paper_view(attempt_id)
                db.session.remove()
            if view is not None:
                if len(self.views) >= MAX_CACHED_PAPERS:
                    self.views.clear()
                self.views[attempt_id] = view
        return view

    def rank(self, round_id: int, participant_id: int) -> int | None:
        """Inside an app context."""
        from contest.services import leaderboard

        expires, ranks = self.ranks.get(round_id, (0.0, {}))
        if expires < time.monotonic():
            ranks = leaderboard.rank_of(leaderboard.participant_standings(round_id))
            self.ranks[round_id] = (time.monotonic() + RANK_TTL_S, ranks)
        return ranks.get(participant_id)


def desk(hub: Hub) -> Desk:
    return hub.app.extensions["contest_papers"]


def register(hub: Hub) -> None:
    hub.app.extensions["contest_papers"] = Desk(hub)
    for event, handler in (("start_attempt", start_attempt), ("predict", predict),
                           ("submit", submit)):
        hub.server.on(event, handler=_event(hub, handler), namespace=PLAY)


def _event(hub: Hub, handler):
    def on_event(sid: str, payload: Any = None) -> dict:
        session = hub.registry.sessions.get(sid)
        if session is None:
            return error_object("unauthorized")
        try:
            return handler(hub, session, payload)
        except DomainError as exc:
            return error_from(exc, session.lang)
    return on_event


def _check_mode(hub: Hub, session: PlaySession) -> None:
    view = hub.view(session.round_id)
    if view is None or view.mode != "self_paced":
        raise DomainError("not_open", N_("Vòng thi này không phải thi trực tuyến theo tuần."))


# events ----------------------------------------------------------------------------------------

def start_attempt(hub: Hub, session: PlaySession, payload: Any) -> dict:
    if payload is not None and not isinstance(payload, dict):
        raise DomainError("bad_payload", N_("Dữ liệu không hợp lệ: cần {}."))
    _check_mode(hub, session)
    now, pid = now_ms(), session.participant_id
    with hub.app.app_context():
        try:
            current = papers.in_progress(db.session.connection(), pid)
            if current is not None and now <= current.deadline_ms + hub.grace_ms:
                return {"ok": True, **papers.attempt_payload(db.session.connection(), current)}
            seed, paper = papers.prepare(session.round_id, pid, now)
        finally:
            db.session.remove()
    attempt = desk(hub).lane.run(partial(
        papers.start_attempt, round_id=session.round_id, participant_id=pid, now=now,
        grace_ms=hub.grace_ms, seed=seed, paper=paper))
    return {"ok": True, **attempt}


def accept_paper_answer(hub: Hub, session: PlaySession, payload: Any) -> dict:
    """The self-paced `answer`: acked once stored; a later answer replaces it until submit."""
    now = now_ms()
    attempt_id, question_id, options = paper_answers.parse(payload)
    view = hub.view(session.round_id)
    if view is None or view.status == "finished":  # closed by the organiser or the clock
        raise DomainError("not_open", N_("Tuần thi đã kết thúc."))
    row = paper_answers.judge(desk(hub).view(hub, attempt_id), session.participant_id,
                              question_id, options, now, hub.grace_ms)

    def job(conn):
        if not paper_answers.store_answer(conn, attempt_id, row):
            raise paper_answers.refusal(conn, attempt_id, now, hub.grace_ms)

    desk(hub).lane.run(job)
    return {"ok": True, "received_ms": now, "question_id": row["question_id"]}


def predict(hub: Hub, session: PlaySession, payload: Any) -> dict:
    attempt_id, value = paper_submit.parse_prediction(payload)
    return desk(hub).lane.run(partial(paper_submit.predict, attempt_id=attempt_id,
                                      participant_id=session.participant_id, value=value,
                                      now=now_ms(), grace_ms=hub.grace_ms))


def submit(hub: Hub, session: PlaySession, payload: Any) -> dict:
    attempt_id = paper_submit.parse_attempt_id(payload)
    result = desk(hub).lane.run(partial(paper_submit.submit, attempt_id=attempt_id,
                                        participant_id=session.participant_id, now=now_ms()))
    _submitted(hub, session.round_id, session.participant_id, attempt_id)
    return result


def _submitted(hub: Hub, round_id: int, participant_id: int, attempt_id: int) -> None:
    desk(hub).views.pop(attempt_id, None)
    hub.registry.local(round_id).board_dirty = True


# the state on connect, and the submission at the deadline ---------------------------------------

def paper_state(hub: Hub, round_id: int, participant_id: int) -> dict:
    """What `state` adds for a self-paced round (inside an app context): the attempt in
    progress, attempts left, the last result, and the participant's best and rank."""
    round_ = get_round(round_id)
    conn = db.session.connection()
    current = papers.in_progress(conn, participant_id)
    if current is not None and now_ms() > current.deadline_ms + hub.grace_ms:
        current = None  # over: the engine loop submits it
    used = papers.attempts_used(conn, participant_id)
    last, best, rank_shown = paper_submit.standing(conn, participant_id)
    rank = desk(hub).rank(round_id, participant_id) if rank_shown else None
    hub.registry.local(round_id).my[participant_id] = (best, rank)
    return {
        "attempt": papers.attempt_payload(conn, current) if current is not None else None,
        "attempts_left": max(round_.max_attempts - used, 0),
        "last": last,
        "self_paced": {"duration_ms": round_.duration_seconds * 1000,
                       "question_count": round_.question_count, "max_attempts": round_.max_attempts,
                       "opens_at_ms": round_.opens_at_ms, "closes_at_ms": round_.closes_at_ms},
        "my": {"score": best, "answered": [], "rank": rank},
    }


def auto_submit(hub: Hub, now: int, round_ids: list[int] | None = None) -> list[int]:
    """From the engine loop (inside an app context): submit the papers whose time is over,
    and tell their participants connected here."""
    papers_desk = desk(hub)
    if 0 <= now - papers_desk.due_checked_ms < DUE_EVERY_MS:
        return []
    papers_desk.due_checked_ms = now
    due = paper_submit.due(now, hub.grace_ms, round_ids)
    if not due:
        return []
    db.session.rollback()
    papers_desk.lane.run(partial(paper_submit.submit_many, attempt_ids=[d[0] for d in due], now=now))
    for attempt_id, participant_id, round_id in due:
        _submitted(hub, round_id, participant_id, attempt_id)
        sids = hub.registry.local(round_id).players.get(participant_id)
        if sids:
            state = hub.player_state(round_id, participant_id)
            for sid in list(sids):
                hub.emit("state", state, PLAY, sid)
    return [d[0] for d in due]
