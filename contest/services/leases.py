"""One conductor per round: with several server processes, a lease in Redis decides
which process drives each running round's transitions.

Every process calls `rounds_to_conduct(now)` on each engine tick. Once a second it
looks up the rounds that need a conductor, renews the leases it holds and tries to
take the free ones (`SET key owner NX PX lease`). A lease lives `CONTEST_LEASE_SECONDS`
(5 s by default) unless renewed, so when its holder dies another process takes
the round over within that time plus one renewal period. Between renewals the
answer comes from memory, and a lease is trusted locally only until one second
before Redis would let it go, so two processes never both believe they hold it.

The lease only decides who moves a round on by the clock; the HTTP and /host
controls change a round from any process, and every process watches the rounds of
its own sockets in the database (a round's `version`: `Loop.follow`). Every transition
is also fenced in the database (`services/engine.py`), so a process that still believes
it holds a lease it lost cannot overwrite the new holder's state.

On SIGTERM a process calls `stop()`: it takes no lease any more and releases the ones it
holds, so another process takes its rounds over at its next renewal, not a lease later.
"""
from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
import uuid

from contest.services.engine import needing_a_conductor

log = logging.getLogger(__name__)

RENEW_EVERY_MS = 1000
SAFETY_MS = 1000  # a lease is trusted here until this long before Redis expires it

# Renew only a lease we still hold: GET and PEXPIRE in one step.
RENEW = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0
"""
RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0
"""


class Leases:
    """The `Loop.leases` of a process that shares its rounds with others."""

    def __init__(self, redis_client, namespace: str, lease_ms: int, owner: str | None = None):
        self.redis = redis_client
        self.prefix = f"contest:lease:{namespace}:round:"
        self.lease_ms = lease_ms
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.held: dict[int, float] = {}  # round_id -> monotonic ms until which it is trusted
        self.next_renewal = 0.0
        self.failing = False
        self.stopped = False
        self._renew = redis_client.register_script(RENEW)
        self._release = redis_client.register_script(RELEASE)

    @classmethod
    def from_app(cls, app) -> Leases:
        import redis

        client = redis.Redis.from_url(app.config["MESSAGE_QUEUE"], socket_timeout=2,
                                      socket_connect_timeout=2)
        # Leases of different databases sharing one Redis must not meet.
        namespace = hashlib.sha1(app.config["SQLALCHEMY_DATABASE_URI"].encode()).hexdigest()[:12]
        return cls(client, namespace, app.config["LEASE_SECONDS"] * 1000)

    def key(self, round_id: int) -> str:
        return f"{self.prefix}{round_id}"

    def rounds_to_conduct(self, now: int) -> list[int]:
        """Inside an app context: the rounds this process may move on now."""
        if self.stopped:
            return []
        clock = time.monotonic() * 1000
        if clock >= self.next_renewal:
            self.next_renewal = clock + RENEW_EVERY_MS
            try:
                self.renew(needing_a_conductor(now), clock)
                self.failing = False
            except Exception:  # Redis away: hold nothing rather than risk two conductors
                if not self.failing:  # once per outage, not every second
                    log.exception("round leases could not be renewed")
                self.failing = True
                self.held.clear()
        return sorted(rid for rid, until in self.held.items() if until > clock)

    def renew(self, round_ids: list[int], clock: float) -> None:
        trusted_until = clock + self.lease_ms - SAFETY_MS
        wanted = set(round_ids)
        for round_id in list(self.held):
            if round_id not in wanted:  # finished or gone: let it go at once
                self._release(keys=[self.key(round_id)], args=[self.owner])
                del self.held[round_id]
        for round_id in wanted:
            key = self.key(round_id)
            if round_id in self.held and self._renew(keys=[key], args=[self.owner, self.lease_ms]):
                self.held[round_id] = trusted_until
            elif self.redis.set(key, self.owner, nx=True, px=self.lease_ms):
                if round_id not in self.held:
                    log.info("conducting round %s (%s)", round_id, self.owner)
                self.held[round_id] = trusted_until
            else:
                self.held.pop(round_id, None)

    def holder(self, round_id: int) -> str | None:
        value = self.redis.get(self.key(round_id))
        return value.decode() if value else None

    def stop(self) -> None:
        """Shutting down: take no lease any more and give back the ones held."""
        self.stopped = True
        self.release_all()

    def release_all(self) -> None:
        held, self.held = list(self.held), {}
        for round_id in held:
            try:
                self._release(keys=[self.key(round_id)], args=[self.owner])
            except Exception:  # Redis away: the lease expires by itself
                log.warning("lease of round %s could not be released", round_id)
