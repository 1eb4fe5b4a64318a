"""Counting failures, to make guessing slow: PINs at the join, passwords at the login.

The counters live in the rate limiter's storage (in memory, or in Redis when several
processes share one `CONTEST_MESSAGE_QUEUE`), so every process sees the same counts.
A rule is written as Flask-Limiter writes them: "5 per 10 minutes".
"""
from __future__ import annotations

import math
import time

from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

PREFIX = "contest-guard"


class Throttle:
    def __init__(self, storage_uri: str):
        self.storage = storage_from_string(storage_uri)
        self.window = MovingWindowRateLimiter(self.storage)

    # moving windows: at most N failures in the last T seconds -----------------------------

    def wait(self, rule: str, *keys: str) -> int:
        """Seconds before one more failure under ``rule`` may be tried; 0: now."""
        item = parse(rule)
        if self.window.test(item, PREFIX, *keys):
            return 0
        reset, _ = self.window.get_window_stats(item, PREFIX, *keys)
        return max(1, math.ceil(reset - time.time()))

    def failed(self, rule: str, *keys: str) -> None:
        self.window.hit(parse(rule), PREFIX, *keys)

    def clear(self, rule: str, *keys: str) -> None:
        self.window.clear(parse(rule), PREFIX, *keys)

    # back-off: after `free` failures, each further one waits twice as long as the last --

    def backoff_wait(self, *keys: str) -> int:
        block = self._key("block", *keys)
        if not self.storage.get(block):
            return 0
        return max(1, math.ceil(self.storage.get_expiry(block) - time.time()))

    def backoff_failed(self, free: int, longest_s: int, *keys: str) -> None:
        count = self.storage.incr(self._key("count", *keys), longest_s * 4)
        if count > free:
            block = self._key("block", *keys)
            self.storage.clear(block)
            self.storage.incr(block, min(2 ** (count - free), longest_s))

    def backoff_clear(self, *keys: str) -> None:
        for kind in ("count", "block"):
            self.storage.clear(self._key(kind, *keys))

    @staticmethod
    def _key(kind: str, *keys: str) -> str:
        return "/".join((PREFIX, kind, *keys))
