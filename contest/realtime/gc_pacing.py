"""Full garbage collections between questions, not in the middle of one.

A full collection walks every object of every socket: with 5,000 officials it held
the event loop for up to 0.6 s, at moments chosen by allocation counts (a question's
broadcast, a burst of answers), and found almost nothing to free. The young
generations keep their automatic collections; the full one runs here, when no live
question is open in this process (and at the latest every few minutes).
"""
from __future__ import annotations

import gc
import time

from contest.realtime.registry import Registry

EVERY_S = 30.0
AT_LATEST_S = 300.0


class GcPacing:
    def __init__(self, registry: Registry):
        self.registry = registry
        self.last = time.monotonic()

    def install(self) -> None:
        gc.freeze()  # what exists before serving (Flask, SQLAlchemy, the app) is never garbage
        young0, young1, _ = gc.get_threshold()
        gc.set_threshold(young0, young1, 1_000_000_000)  # no automatic full collection

    def question_open(self) -> bool:
        return any(local.view is not None and local.view.status == "question"
                   for local in list(self.registry.rounds.values()))

    def due(self, now: float) -> bool:
        waited = now - self.last
        return waited >= AT_LATEST_S or (waited >= EVERY_S and not self.question_open())

    def run(self, sleep) -> None:
        while True:
            sleep(1.0)
            now = time.monotonic()
            if self.due(now):
                gc.collect()
                self.last = time.monotonic()
