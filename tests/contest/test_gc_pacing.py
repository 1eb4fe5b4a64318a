"""Full garbage collections wait for the end of a live question (at most a few minutes)."""
from __future__ import annotations

from types import SimpleNamespace

from contest.realtime.gc_pacing import AT_LATEST_S, EVERY_S, GcPacing
from contest.realtime.registry import Registry


def test_full_collections_wait_for_the_question_to_close():
    registry = Registry()
    collector = GcPacing(registry)
    collector.last = 0.0
    assert not collector.due(EVERY_S - 1)
    assert collector.due(EVERY_S)
    registry.local(7).view = SimpleNamespace(status="question")
    assert not collector.due(EVERY_S)
    assert collector.due(AT_LATEST_S)
    registry.local(7).view = SimpleNamespace(status="reveal")
    assert collector.due(EVERY_S)
