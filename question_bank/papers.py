"""Drawing a participant's paper from a bank: quotas by topic and difficulty, shuffled options."""
from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from .messages import message
from .model import DIFFICULTIES
from .text import nfc

PoolItem = tuple[int, str, int]  # (question_id, topic, difficulty)


class NotEnoughQuestions(ValueError):
    """The pool cannot fill a quota (`quota` is that quota) or the paper (`quota` is None)."""

    def __init__(self, quota: Mapping | None, needed: int, available: int):
        self.quota, self.needed, self.available = quota, needed, available
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        if self.quota is None:
            return message("not_enough_total", lang, needed=self.needed, available=self.available)
        any_ = message("any", lang)
        difficulty = self.quota.get("difficulty")
        return message("not_enough_quota", lang, needed=self.needed, available=self.available,
                       topic=self.quota.get("topic") or any_,
                       difficulty=DIFFICULTIES.get(difficulty, any_) if difficulty else any_)


def draw_questions(pool: Sequence[PoolItem], count: int, quotas: Sequence[Mapping] | None,
                   seed: int) -> list[int]:
    """`count` question ids: the quotas filled first, the rest drawn from what is left; shuffled.

    The same pool (in any order), quotas and seed always give the same paper.
    """
    quotas = list(quotas or [])
    _check_request(count, quotas)
    rng = random.Random(seed)
    items = sorted(set(pool))
    taken = _fill_quotas(items, quotas, rng)
    rest = [item[0] for item in items if item[0] not in taken]
    missing = count - len(taken)
    if missing > len(rest):
        raise NotEnoughQuestions(None, count, len(taken) + len(rest))
    paper = sorted(taken) + rng.sample(rest, missing)
    rng.shuffle(paper)
    return paper


def shuffle_options(option_ids: Sequence[int], seed: int) -> list[int]:
    """The option ids in an order that depends only on the ids and the seed."""
    options = sorted(option_ids)
    random.Random(seed).shuffle(options)
    return options


def _check_request(count: int, quotas: list[Mapping]) -> None:
    if count < 0:
        raise ValueError(f"count must not be negative: {count}")
    for quota in quotas:
        if not isinstance(quota.get("count"), int) or quota["count"] < 0:
            raise ValueError(f"quota count must be a whole number, zero or more: {quota!r}")
        if quota.get("difficulty") not in (None, *DIFFICULTIES):
            raise ValueError(f"quota difficulty must be 1, 2, 3 or None: {quota!r}")
    if sum(quota["count"] for quota in quotas) > count:
        raise ValueError(f"quotas ask for more than {count} questions")


def _matches(quota: Mapping, item: PoolItem) -> bool:
    topic, difficulty = quota.get("topic"), quota.get("difficulty")
    return (not topic or _topic_key(topic) == _topic_key(item[1])) and \
        (difficulty is None or difficulty == item[2])


def _topic_key(topic: str) -> str:
    return " ".join(nfc(topic).casefold().split())


def _fill_quotas(items: list[PoolItem], quotas: list[Mapping], rng: random.Random) -> set[int]:
    """Question ids satisfying every quota at once.

    Quotas overlap (a topic quota and a difficulty quota both want the hard questions of that
    topic), so a greedy draw can fail where a choice exists: the counts per (topic, difficulty)
    cell come from a maximum flow, and only then are ids drawn inside each cell.
    """
    cells: dict[tuple[str, int], list[int]] = {}
    for item in items:
        cells.setdefault((_topic_key(item[1]), item[2]), []).append(item[0])
    keys = list(cells)
    usable = [[c for c, key in enumerate(keys) if _matches(q, (0, key[0], key[1]))] for q in quotas]
    for options in usable:
        rng.shuffle(options)  # which cell a quota draws from first is left to chance
    flow = _assign(usable, [q["count"] for q in quotas], [len(cells[k]) for k in keys])
    for index, quota in enumerate(quotas):
        if sum(flow[index].values()) < quota["count"]:
            available = sum(1 for item in items if _matches(quota, item))
            raise NotEnoughQuestions(quota, quota["count"], available)
    per_cell = [sum(flow[q].get(c, 0) for q in range(len(quotas))) for c in range(len(keys))]
    return {qid for c, key in enumerate(keys) for qid in rng.sample(cells[key], per_cell[c])}


def _assign(usable: list[list[int]], wants: list[int], capacity: list[int]) -> list[dict[int, int]]:
    """How many questions quota q takes from cell c, maximising the total (augmenting paths)."""
    flow: list[dict[int, int]] = [{} for _ in wants]
    left = list(capacity)
    for quota, want in enumerate(wants):
        for _ in range(want):
            if not _augment(quota, usable, flow, left, set()):
                break
    return flow


def _augment(quota: int, usable: list[list[int]], flow: list[dict[int, int]], left: list[int],
             visited: set[int]) -> bool:
    """One more question for `quota`, moving other quotas to other cells if that frees one."""
    for cell in usable[quota]:
        if cell in visited:
            continue
        visited.add(cell)
        if left[cell] > 0:
            left[cell] -= 1
            flow[quota][cell] = flow[quota].get(cell, 0) + 1
            return True
        for other, taken in enumerate(flow):
            if other == quota or taken.get(cell, 0) == 0:
                continue
            if _augment(other, usable, flow, left, visited):
                taken[cell] -= 1
                flow[quota][cell] = flow[quota].get(cell, 0) + 1
                # `other` took one elsewhere, so its place in `cell` passes to `quota`.
                return True
    return False
