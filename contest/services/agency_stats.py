"""Agency standings at every level of the agency tree.

An agency's figures include its whole subtree (a department's include its units,
at any depth). One aggregate query gives each agency's own participants; one query
of the agency table gives the tree; the subtree sums are made in Python.

- participants: the round's ranked participants (live: everyone who joined;
  self-paced: everyone with a submitted attempt);
- headcount: the agency's own ``headcount`` if set, else the sum of its children's
  (None when nothing below is known either);
- participation_rate = participants / headcount, at most 1 (None when headcount is None
  or 0); ``over_headcount`` flags more participants than the headcount, for the organiser
  (duplicates or scripted joins: `participant_admin` removes or merges them);
- average_score = total_score / participants (0 when there are none);
- perfect_share: share of its participants with every question correct.

A board lists one level of the tree; when the agency above that level has officials of
its own (joined at the agency itself, not at a unit below), they get a row of their own,
"<name> (cán bộ trực tiếp)", so every joined official is counted in exactly one row.

Agencies rank by ``rank_by`` (the round's ``agency_rank_by`` unless given), highest
first, then participation_rate (highest first, None last), total_score (highest
first), name (A-Z, diacritics folded), agency_id. A None figure ranks last.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from contest.errors import N_, DomainError
from contest.extensions import db
from contest.models import Agency, Round
from contest.services.contests import get_round
from contest.services.ranking import round_results
from contest.services.text import fold

RANK_BY = ("average_score", "participation_rate", "total_score")


@dataclass
class Node:
    id: int
    code: str
    name: str
    parent_id: int | None
    headcount: int | None
    children: list[int] = field(default_factory=list)


@dataclass
class Tree:
    nodes: dict[int, Node]
    roots: list[int]

    def walk(self, start: list[int], order: Callable[[list[int]], list[int]] = list,
             ) -> list[tuple[int, int]]:
        """(agency_id, depth) depth-first from ``start``; a cycle in the data cannot loop."""
        out: list[tuple[int, int]] = []
        seen: set[int] = set()
        stack = [(aid, 0) for aid in reversed(order(start))]
        while stack:
            aid, depth = stack.pop()
            if aid in seen:
                continue
            seen.add(aid)
            out.append((aid, depth))
            stack.extend((child, depth + 1) for child in reversed(order(self.nodes[aid].children)))
        return out

    def subtree_ids(self, agency_id: int) -> list[int]:
        return [aid for aid, _ in self.walk([agency_id])]

    def by_code(self, code: str) -> Node:
        for node in self.nodes.values():
            if node.code == code:
                return node
        raise DomainError("not_found", N_("Không có cơ quan, đơn vị này."))

    def top_level(self) -> list[int]:
        """The roots; below a single root (the province) its children are the top level."""
        if len(self.roots) == 1 and self.nodes[self.roots[0]].children:
            return list(self.nodes[self.roots[0]].children)
        return list(self.roots)


def load_tree() -> Tree:
    rows = db.session.execute(
        sa.select(Agency.id, Agency.code, Agency.name, Agency.parent_id, Agency.headcount)
        .order_by(Agency.id)
    )
    nodes = {row.id: Node(row.id, row.code, row.name, row.parent_id, row.headcount) for row in rows}
    roots = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id is not None else None
        (parent.children if parent else roots).append(node.id)
    return Tree(nodes, roots)


def own_totals(round_: Round, frozen: bool = False) -> dict[int, tuple[int, int, int]]:
    """agency_id -> (participants, total score, perfect) of its own participants only."""
    results = round_results(round_, frozen).table
    stmt = (
        sa.select(results.c.agency_id, sa.func.count(), sa.func.sum(results.c.score),
                  sa.func.sum(results.c.perfect))
        .where(results.c.agency_id.is_not(None))
        .group_by(results.c.agency_id)
    )
    return {aid: (int(n), int(score or 0), int(perfect or 0))
            for aid, n, score, perfect in db.session.execute(stmt)}


def agency_figures(tree: Tree, own: dict[int, tuple[int, int, int]]) -> dict[int, dict]:
    """Every agency's figures, its whole subtree included."""
    sums: dict[int, list[int]] = {}
    headcounts: dict[int, int | None] = {}
    for aid, _ in reversed(tree.walk(tree.roots)):  # children before their parent
        node = tree.nodes[aid]
        sums[aid] = list(own.get(aid, (0, 0, 0)))
        for child in node.children:
            sums[aid] = [a + b for a, b in zip(sums[aid], sums[child])]
        headcounts[aid] = _headcount(node, [headcounts[c] for c in node.children])
    return {aid: _figures(tree.nodes[aid], headcounts[aid], *sums[aid]) for aid in sums}


def _headcount(node: Node, children: list[int | None]) -> int | None:
    if node.headcount is not None:
        return node.headcount
    known = [h for h in children if h is not None]
    return sum(known) if known else None


def _figures(node: Node, headcount: int | None, participants: int, total: int,
             perfect: int) -> dict:
    rate = _share(participants, headcount)
    return {
        "agency_id": node.id, "code": node.code, "name": node.name,
        "parent_id": node.parent_id, "participants": participants, "headcount": headcount,
        "participation_rate": None if rate is None else min(rate, 1.0),
        "over_headcount": headcount is not None and participants > headcount,
        "average_score": _share(total, participants) or 0.0,
        "total_score": total, "perfect": perfect,
        "perfect_share": _share(perfect, participants) or 0.0,
    }


def _share(part: int, whole: int | None) -> float | None:
    return part / whole if whole else None


def rank_key(rank_by: str) -> Callable[[dict], tuple]:
    def descending(value: float | None) -> tuple[bool, float]:
        return (value is None, -(value or 0))

    def key(row: dict) -> tuple:
        return (descending(row[rank_by]), descending(row["participation_rate"]),
                -row["total_score"], fold(row["name"]), row["name"], row["agency_id"])
    return key


def ranked(rows: list[dict], rank_by: str) -> list[dict]:
    ordered = sorted(rows, key=rank_key(rank_by))
    return [{"rank": i, **row} for i, row in enumerate(ordered, start=1)]


def check_rank_by(round_: Round, rank_by: str | None) -> str:
    rank_by = rank_by or round_.agency_rank_by or "average_score"
    if rank_by not in RANK_BY:
        raise DomainError("bad_payload", N_("Tiêu chí xếp hạng cần một trong: %(choices)s.", choices=", ".join(RANK_BY)),
                          field="rank_by")
    return rank_by


OWN_ROW_NAME = "%s (cán bộ trực tiếp)"


@dataclass(frozen=True)
class Figures:
    """One computation of a round's agency figures, for several views of it."""

    tree: Tree
    rows: dict[int, dict]
    rank_by: str
    own: dict[int, tuple[int, int, int]] = field(default_factory=dict)

    def level(self, parent_id: int | None = None) -> list[dict]:
        """The children of ``parent_id`` (default: the top level), ranked; the parent's own
        officials in a row of their own when it has any."""
        if parent_id is None:
            ids = self.tree.top_level()
            parent = self.tree.roots[0] if ids != self.tree.roots else None
        elif parent_id in self.tree.nodes:
            ids, parent = self.tree.nodes[parent_id].children, parent_id
        else:
            raise DomainError("not_found", N_("Không có cơ quan, đơn vị này."))
        rows = [self.rows[aid] for aid in ids if aid in self.rows]
        if parent is not None and ids and self.own.get(parent, (0, 0, 0))[0] > 0:
            rows.append(self._own_row(parent))
        return ranked(rows, self.rank_by)

    def _own_row(self, agency_id: int) -> dict:
        """The agency's own officials: its headcount less its units' (when both are known)."""
        node = self.tree.nodes[agency_id]
        below = [self.rows[c]["headcount"] for c in node.children if c in self.rows]
        headcount = None
        if node.headcount is not None and None not in below and node.headcount > sum(below):
            headcount = node.headcount - sum(below)
        own = Node(node.id, node.code, OWN_ROW_NAME % node.name, node.id, None)
        return {**_figures(own, headcount, *self.own[agency_id]), "own_row": True}

    def table(self, root_id: int | None = None) -> list[dict]:
        """Depth-first, siblings in rank order, with ``depth`` and the sibling ``rank``."""
        sibling_rank: dict[int, int] = {}

        def in_rank_order(ids: list[int]) -> list[int]:
            level = ranked([self.rows[aid] for aid in ids if aid in self.rows], self.rank_by)
            sibling_rank.update({row["agency_id"]: row["rank"] for row in level})
            return [row["agency_id"] for row in level]

        start = [root_id] if root_id is not None else self.tree.roots
        return [{"rank": sibling_rank[aid], "depth": depth, **self.rows[aid]}
                for aid, depth in self.tree.walk(start, in_rank_order)]


def round_figures(round_id: int, rank_by: str | None = None, frozen: bool = False) -> Figures:
    round_ = get_round(round_id)
    rank_by = check_rank_by(round_, rank_by)
    tree = load_tree()
    own = own_totals(round_, frozen)
    return Figures(tree, agency_figures(tree, own), rank_by, own)


def agency_standings(round_id: int, parent_id: int | None = None, rank_by: str | None = None,
                     frozen: bool = False) -> list[dict]:
    """The children of ``parent_id`` (default: the top level), ranked."""
    return round_figures(round_id, rank_by, frozen).level(parent_id)


def agency_table(round_id: int, root_code: str | None = None, rank_by: str | None = None,
                 frozen: bool = False) -> list[dict]:
    """The whole tree (or ``root_code``'s subtree) depth-first, with ``depth`` and each
    agency's ``rank`` among its siblings; siblings come in rank order."""
    figures = round_figures(round_id, rank_by, frozen)
    root_id = figures.tree.by_code(root_code).id if root_code else None
    return figures.table(root_id)


def agencies_over_headcount(round_id: int) -> list[dict]:
    """Agencies (any level) with more participants than officials: duplicates or scripted
    joins to look at, most over first, with ``path``."""
    table = agency_table(round_id)
    rows = {row["agency_id"]: row for row in table}
    over = [row for row in table if row["over_headcount"]]
    over.sort(key=lambda row: (row["headcount"] - row["participants"], fold(row["name"])))
    return [{**row, "excess": row["participants"] - row["headcount"], "path": _path(row["agency_id"], rows)}
            for row in over]


def agencies_below_rate(round_id: int, threshold: float) -> list[dict]:
    """Agencies (any level) whose participation rate is below ``threshold`` (a share,
    0..1), lowest first, with ``missing`` = officials still to take part and ``path``.
    Agencies with no known headcount cannot be judged and are left out."""
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) \
            or not 0 <= threshold <= 1:
        raise DomainError("bad_payload", N_("Ngưỡng tỷ lệ tham gia cần từ 0 đến 1."), field="threshold")
    table = agency_table(round_id)
    rows = {row["agency_id"]: row for row in table}
    below = [row for row in table
             if row["participation_rate"] is not None and row["participation_rate"] < threshold]
    below.sort(key=lambda row: (row["participation_rate"], fold(row["name"]), row["agency_id"]))
    return [{**row, "missing": max(row["headcount"] - row["participants"], 0),
             "path": _path(row["agency_id"], rows)} for row in below]


def _path(agency_id: int, rows: dict[int, dict]) -> str:
    """'Sở Nội vụ › Phòng Cải cách hành chính', from the rows already loaded."""
    chain: list[str] = []
    node: int | None = agency_id
    while node in rows and len(chain) < len(rows):
        chain.append(rows[node]["name"])
        node = rows[node]["parent_id"]
    return " › ".join(reversed(chain))
