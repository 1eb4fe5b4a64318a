"""The results of a round (live or self-paced), as the results workbook shows them.

Canonical results, so that a printed list can be checked later: the JSON object

    {"round_id": int, "mode": "live" | "self_paced", "actual": int | null,
     "ranking": [ROW, ...]}            # in rank order

where ROW holds ``rank, participant_id, name, agency_id, score, correct`` and the figures
of the mode's tie-break rule: ``time_ms, joined_ms`` (live) or ``prediction,
prediction_error, time_used_ms, submitted_ms, attempt_id`` (self-paced); ``actual`` is the
number of participants with every question right (self-paced; null for live). Names are
NFC. It is serialised with sorted keys, no spaces (``separators=(",", ":")``), non-ASCII
characters as themselves, encoded as UTF-8; the SHA-256 of those bytes, in hex, is printed
on every sheet. ``canonical_json(round_id)`` gives the same bytes to recompute it.
"""
from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Answer, Participant, Round
from contest.services import leaderboard
from contest.services.agency_stats import load_tree
from contest.services.contests import get_round
from contest.services.results_questions import question_analysis

LIVE_KEYS = ("score", "time_ms", "joined_ms", "participant_id")
SELF_PACED_KEYS = ("score", "prediction_error", "time_used_ms", "submitted_ms", "participant_id")
DEFAULT_PRIZES = 10


@dataclass
class RoundResults:
    round_id: int
    title: str
    contest: str
    mode: str
    status: str
    actual: int | None
    standings: list[dict]
    agencies: list[dict]
    questions: list[dict]
    canonical: bytes

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.canonical).hexdigest()

    def prizes(self, top: int = DEFAULT_PRIZES) -> list[dict]:
        """The first ``top`` by the ranking rule, each with what put it above the next one."""
        keys = SELF_PACED_KEYS if self.mode == "self_paced" else LIVE_KEYS
        rows = []
        for i, row in enumerate(self.standings[:top]):
            following = self.standings[i + 1] if i + 1 < len(self.standings) else None
            rows.append({**row, "prize": prize_name(row["rank"]),
                         "decided_by": decided_by(row, following, keys)})
        return rows


def prize_name(rank: int) -> str:
    return {1: "Giải Nhất", 2: "Giải Nhì", 3: "Giải Ba"}.get(rank, "Giải Khuyến khích")


def decided_by(row: dict, following: dict | None, keys: tuple[str, ...]) -> tuple[str, object, object] | None:
    """(the first figure of the rule that differs, this row's value, the next row's value)."""
    if following is None:
        return None
    for key in keys:
        if row.get(key) != following.get(key):
            return key, row.get(key), following.get(key)
    return None


def round_results(round_id: int) -> RoundResults:
    round_ = get_round(round_id)
    standings = _standings(round_)
    actual = leaderboard.prediction_actual(round_id) if round_.mode == "self_paced" else None
    return RoundResults(
        round_id=round_id, title=round_.title, contest=round_.contest.title, mode=round_.mode,
        status=round_.status, actual=actual, standings=standings,
        agencies=leaderboard.agency_table(round_id),
        questions=question_analysis(round_, standings),
        canonical=_canonical(round_, standings, actual))


def _standings(round_: Round) -> list[dict]:
    standings = leaderboard.participant_standings(round_.id)
    paths = agency_paths()
    if round_.mode == "live":
        joined = dict(db.session.execute(sa.select(Participant.id, Participant.joined_ms)
                                         .where(Participant.round_id == round_.id)).all())
        last = dict(db.session.execute(
            sa.select(Answer.participant_id, sa.func.max(Answer.received_ms))
            .where(Answer.round_id == round_.id, Answer.attempt_no == 0)
            .group_by(Answer.participant_id)).all())
    for row in standings:
        row["agency_path"] = paths.get(row["agency_id"], "")
        if round_.mode == "live":
            row["joined_ms"] = joined[row["participant_id"]]
            row["submitted_ms"] = last.get(row["participant_id"])
            row["time_used_ms"], row["prediction"] = row["time_ms"], None
    return standings


def agency_paths() -> dict[int, str]:
    """'Sở Nội vụ › Phòng Cải cách hành chính': names below a single root (the province)."""
    tree = load_tree()
    single_root = tree.roots[0] if len(tree.roots) == 1 else None
    paths: dict[int, str] = {}
    for agency_id, _ in tree.walk(tree.roots):
        node = tree.nodes[agency_id]
        parent = paths.get(node.parent_id) if node.parent_id != single_root else None
        paths[agency_id] = f"{parent} › {node.name}" if parent else node.name
    return paths


def canonical_rows(mode: str, standings: list[dict]) -> list[dict]:
    keys = ("time_ms", "joined_ms") if mode == "live" else (
        "prediction", "prediction_error", "time_used_ms", "submitted_ms", "attempt_id")
    return [{"rank": s["rank"], "participant_id": s["participant_id"],
             "name": unicodedata.normalize("NFC", s["name"]), "agency_id": s["agency_id"],
             "score": s["score"], "correct": s["correct"], **{k: s[k] for k in keys}}
            for s in standings]


def _canonical(round_: Round, standings: list[dict], actual: int | None) -> bytes:
    document = {"round_id": round_.id, "mode": round_.mode, "actual": actual,
                "ranking": canonical_rows(round_.mode, standings)}
    return json.dumps(document, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def canonical_json(round_id: int) -> bytes:
    """The bytes whose SHA-256 the workbook prints."""
    return round_results(round_id).canonical
