"""Per-client limits on Socket.IO events: a token bucket per socket and per participant.

Checked before any work: an event over the limit is acked `rate_limited` and does
nothing. A socket that keeps sending past its limit (`abuse` refusals within
`ABUSE_WINDOW_S`) is disconnected. A phone sends one answer per question, and retries
an unacknowledged one after 15 s: the default burst of 20 at 5 a second is far above it.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

ABUSE_WINDOW_S = 10.0


@dataclass
class Bucket:
    rate: float
    burst: float
    tokens: float = -1.0
    stamp: float = field(default_factory=time.monotonic)

    def take(self, now: float) -> bool:
        if self.tokens < 0:
            self.tokens = self.burst
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


@dataclass
class _Refusals:
    count: int = 0
    since: float = 0.0


class Limits:
    def __init__(self, rate: float, burst: int, abuse: int):
        self.rate, self.burst, self.abuse = rate, burst, abuse
        self.sockets: dict[str, Bucket] = {}
        self.participants: dict[int, Bucket] = {}
        self.refusals: dict[str, _Refusals] = {}

    def allow(self, sid: str, participant_id: int | None = None) -> bool:
        """One event of `sid` (acting as `participant_id`): within both buckets?"""
        now = time.monotonic()
        ok = self._bucket(self.sockets, sid).take(now)
        if ok and participant_id is not None:
            ok = self._bucket(self.participants, participant_id).take(now)
        if not ok:
            refused = self.refusals.setdefault(sid, _Refusals(since=now))
            if now - refused.since > ABUSE_WINDOW_S:
                refused.count, refused.since = 0, now
            refused.count += 1
        return ok

    def abusive(self, sid: str) -> bool:
        refused = self.refusals.get(sid)
        return refused is not None and refused.count >= self.abuse

    def forget(self, sid: str) -> None:
        """On disconnect; a participant's bucket stays (a reconnect must not refill it)."""
        self.sockets.pop(sid, None)
        self.refusals.pop(sid, None)

    def _bucket(self, buckets: dict, key) -> Bucket:
        found = buckets.get(key)
        if found is None:
            if len(buckets) > 200_000:  # participants of long-gone rounds
                buckets.clear()
            found = buckets[key] = Bucket(self.rate, self.burst)
        return found
