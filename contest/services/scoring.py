"""Points for one answer, judged on the server's clock."""
from __future__ import annotations

FIXED_POINTS = 1          # one point per correct question
SPEED_MAX_POINTS = 1000   # a correct answer earns 500..1000, falling with the time taken


def is_correct(chosen: list[int] | set[int], correct: set[int] | frozenset[int]) -> bool:
    """Several-answer questions need exactly the correct set."""
    return set(chosen) == set(correct)


def points_for(scoring: str, correct: bool, time_ms: int, duration_ms: int) -> int:
    if not correct:
        return 0
    if scoring == "fixed":
        return FIXED_POINTS
    share = min(max(time_ms, 0), duration_ms) / duration_ms if duration_ms > 0 else 0.0
    return round(SPEED_MAX_POINTS * (1 - share / 2))
