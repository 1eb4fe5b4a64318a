"""What a participant of a self-paced round sees on (re)connecting: the attempt in
progress, attempts left, the last result, and their best score and rank."""
from __future__ import annotations

import time

from contest.errors import DomainError
from contest.extensions import db
from contest.services import paper_submit, papers
from contest.services.contests import get_round

RANK_TTL_S = 5.0  # a participant's rank on connect may be a few seconds old


class RecentRanks:
    """Each round's ranks, recomputed at most every `RANK_TTL_S` (and whenever the round's
    version moved, for a live round): thousands of phones connect in the same minute and
    one standings query serves them all."""

    def __init__(self) -> None:
        self.ranks: dict[int, tuple[float, int | None, dict[int, int]]] = {}

    def rank(self, round_id: int, participant_id: int, version: int | None = None) -> int | None:
        from contest.services import leaderboard

        expires, seen, ranks = self.ranks.get(round_id, (0.0, None, {}))
        if expires < time.monotonic() or seen != version:
            ranks = leaderboard.rank_of(leaderboard.participant_standings(round_id))
            self.ranks[round_id] = (time.monotonic() + RANK_TTL_S, version, ranks)
        return ranks.get(participant_id)


def paper_state(round_id: int, participant_id: int, now: int, grace_ms: int,
                ranks: RecentRanks) -> dict:
    """What `state` adds for a self-paced round (inside an app context)."""
    round_ = get_round(round_id)
    conn = db.session.connection()
    current = papers.in_progress(conn, participant_id)
    if current is not None and now > current.deadline_ms + grace_ms:
        current = None  # over: the engine loop submits it
    used = papers.attempts_used(conn, participant_id)
    last, best, rank_shown = paper_submit.standing(conn, participant_id, now)
    rank = ranks.rank(round_id, participant_id) if rank_shown else None
    return {
        "attempt": papers.attempt_payload(conn, current) if current is not None else None,
        "attempts_left": max(round_.max_attempts - used, 0),
        "last": last,
        "self_paced": {"duration_ms": round_.duration_seconds * 1000,
                       "question_count": round_.question_count, "max_attempts": round_.max_attempts,
                       "opens_at_ms": round_.opens_at_ms, "closes_at_ms": round_.closes_at_ms},
        "my": {"score": best, "answered": [], "rank": rank},
    }


def resume_or_check(round_id: int, participant_id: int, now: int, grace_ms: int) -> dict | None:
    """Before a paper is drawn for `start_attempt`: the attempt in progress (resumed), or
    None when a new one may start; refuses at once when no attempt is left, so that an
    exhausted participant costs one small query, not a paper drawn for nothing."""
    conn = db.session.connection()
    current = papers.in_progress(conn, participant_id)
    if current is not None and now <= current.deadline_ms + grace_ms:
        return papers.attempt_payload(conn, current)
    used = papers.attempts_used(conn, participant_id)  # an expired one counts: it is submitted
    round_ = get_round(round_id)
    papers.check_window(round_, now)
    if used >= round_.max_attempts:
        raise DomainError("attempts_exhausted")
    return None
