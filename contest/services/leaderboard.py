"""The ranking service: the `leaderboard` object of PROTOCOL.md and what it is made of.

The tie-break orders are written in `contest.services.ranking` (participants) and
`contest.services.agency_stats` (agencies); this module re-exports the public
functions, so callers import one place:

- ``participant_standings(round_id, limit=None, frozen=False, agency_ids=None)``
- ``prediction_actual(round_id)``, ``rank_of(standings)``
- ``agency_standings(round_id, parent_id=None, rank_by=None, frozen=False)``
- ``agency_table(round_id, root_code=None, rank_by=None, frozen=False)``
- ``agencies_below_rate(round_id, threshold)``
- ``leaderboard(round_id, limit=10, at_ms=0, frozen=False, agency_root=None)``

Nothing personal leaves through here: names and agency names only, never an
official's code.
"""
from __future__ import annotations

from contest.services.agency_stats import (
    agencies_below_rate,
    agency_standings,
    agency_table,
    round_figures,
)
from contest.services.contests import get_round
from contest.services.ranking import (
    freeze_applies,
    participant_standings,
    prediction_actual,
    rank_of,
)

__all__ = [
    "agencies_below_rate", "agency_standings", "agency_table", "leaderboard",
    "participant_standings", "prediction_actual", "rank_of",
]

PARTICIPANT_FIELDS = ("rank", "participant_id", "name", "agency", "score", "time_ms")
AGENCY_FIELDS = ("rank", "agency_id", "name", "participants", "headcount",
                 "participation_rate", "average_score", "total_score")


def leaderboard(round_id: int, limit: int = 10, at_ms: int = 0, frozen: bool = False,
                agency_root: str | None = None) -> dict:
    """The `leaderboard` event: top ``limit`` officials and the agency table.

    ``frozen`` asks for the public board of a round with ``freeze_last``; the answer says
    whether a freeze applied. ``agency_root`` (an agency code) narrows both lists to that
    agency's part of the tree: its officials with their round-wide ranks, and its child
    agencies (or the agency itself when it has none).
    """
    frozen = freeze_applies(get_round(round_id), frozen)
    figures = round_figures(round_id, frozen=frozen)
    root = figures.tree.by_code(agency_root) if agency_root else None
    people = participant_standings(
        round_id, limit, frozen, figures.tree.subtree_ids(root.id) if root else None
    )
    agencies = figures.level(root.id if root else None)
    if root is not None and not agencies:
        agencies = figures.table(root.id)[:1]
    return {
        "round_id": round_id, "at_ms": at_ms, "frozen": frozen,
        "participants": [_only(row, PARTICIPANT_FIELDS) for row in people],
        "agencies": [_only(row, AGENCY_FIELDS) for row in agencies],
        # with agency_root: that agency's own figures (its whole subtree), for its screen
        **({"scope": _only(figures.rows[root.id], AGENCY_FIELDS[1:])} if root else {}),
    }


def _only(row: dict, fields: tuple[str, ...]) -> dict:
    return {key: row[key] for key in fields}
