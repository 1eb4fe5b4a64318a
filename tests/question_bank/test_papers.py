import random
from collections import Counter

import pytest

from question_bank import TOPICS, NotEnoughQuestions, draw_questions, shuffle_options

T1, T2, T3 = TOPICS[1], TOPICS[2], TOPICS[3]


def pool_of(spec: dict[tuple[str, int], int]) -> list[tuple[int, str, int]]:
    """{(topic, difficulty): how many} -> pool items with ids 1, 2, 3..."""
    items = []
    for (topic, difficulty), count in spec.items():
        items += [(len(items) + i + 1, topic, difficulty) for i in range(count)]
    return items


POOL = pool_of({(T1, 1): 10, (T1, 3): 4, (T2, 1): 6, (T2, 2): 6, (T3, 3): 5})
KIND = {qid: (topic, difficulty) for qid, topic, difficulty in POOL}


def test_quotas_are_filled_and_the_rest_comes_from_the_remaining_pool():
    quotas = [{"topic": T1, "difficulty": 3, "count": 3}, {"topic": T2, "difficulty": None, "count": 5},
              {"topic": None, "difficulty": 3, "count": 2}]
    paper = draw_questions(POOL, 15, quotas, seed=7)
    assert len(paper) == len(set(paper)) == 15
    kinds = Counter(KIND[qid] for qid in paper)
    assert kinds[(T1, 3)] >= 3
    assert kinds[(T2, 1)] + kinds[(T2, 2)] >= 5
    assert kinds[(T1, 3)] + kinds[(T3, 3)] >= 5


def test_same_seed_same_paper_whatever_the_pool_order():
    quotas = [{"topic": T2, "difficulty": 2, "count": 2}]
    first = draw_questions(POOL, 8, quotas, seed=42)
    assert draw_questions(list(reversed(POOL)), 8, quotas, seed=42) == first
    assert draw_questions(POOL, 8, quotas, seed=43) != first


def test_the_paper_is_shuffled_not_grouped_by_quota():
    quotas = [{"topic": T3, "difficulty": 3, "count": 5}]
    papers = [draw_questions(POOL, 10, quotas, seed=seed) for seed in range(20)]
    assert all(sorted(paper) != paper for paper in papers)
    assert any(not set(paper[:5]) <= set(range(27, 32)) for paper in papers)


def test_without_quotas_any_questions_are_drawn():
    assert sorted(draw_questions(POOL, len(POOL), None, seed=1)) == sorted(qid for qid, *_ in POOL)
    assert draw_questions(POOL, 0, [], seed=1) == []


def test_overlapping_quotas_are_satisfied_when_any_choice_can_satisfy_them():
    pool = pool_of({(T1, 3): 2, (T1, 1): 2, (T2, 3): 2})
    quotas = [{"topic": T1, "difficulty": None, "count": 2}, {"topic": None, "difficulty": 3, "count": 4}]
    for seed in range(30):
        paper = draw_questions(pool, 6, quotas, seed=seed)
        assert sorted(paper) == [1, 2, 3, 4, 5, 6]


def test_a_quota_the_pool_cannot_fill_names_itself():
    quota = {"topic": T3, "difficulty": 3, "count": 6}
    with pytest.raises(NotEnoughQuestions) as caught:
        draw_questions(POOL, 10, [{"topic": T1, "difficulty": 1, "count": 1}, quota], seed=1)
    error = caught.value
    assert (error.quota, error.needed, error.available) == (quota, 6, 5)
    assert isinstance(error, ValueError)
    assert error.message() == (f"Ngân hàng không đủ câu hỏi cho chủ đề “{T3}”, mức độ “Khó”: cần 6, chỉ có 5.")
    assert error.message("en") == str(error)


def test_a_quota_left_short_by_overlap_is_reported():
    pool = pool_of({(T1, 3): 3})
    quotas = [{"topic": T1, "difficulty": None, "count": 2}, {"topic": None, "difficulty": 3, "count": 2}]
    with pytest.raises(NotEnoughQuestions) as caught:
        draw_questions(pool, 4, quotas, seed=1)
    assert caught.value.quota == quotas[1]


def test_a_paper_larger_than_the_pool_is_refused():
    with pytest.raises(NotEnoughQuestions) as caught:
        draw_questions(POOL, len(POOL) + 1, None, seed=1)
    assert (caught.value.quota, caught.value.needed, caught.value.available) == (None, 32, 31)
    assert "cần 32, chỉ có 31" in caught.value.message("vi")


@pytest.mark.parametrize("count, quotas", [
    (-1, None), (3, [{"topic": T1, "difficulty": 1, "count": 4}]), (5, [{"topic": T1, "count": -1}]),
    (5, [{"topic": T1, "difficulty": 4, "count": 1}]), (5, [{"topic": T1}]),
])
def test_malformed_requests_are_value_errors_not_shortages(count, quotas):
    with pytest.raises(ValueError) as caught:
        draw_questions(POOL, count, quotas, seed=1)
    assert not isinstance(caught.value, NotEnoughQuestions)


def test_shuffle_options_is_a_deterministic_permutation():
    options = [11, 12, 13, 14]
    shuffled = shuffle_options(options, seed=5)
    assert sorted(shuffled) == options
    assert shuffle_options(list(reversed(options)), seed=5) == shuffled
    assert len({tuple(shuffle_options(options, seed)) for seed in range(50)}) > 10


def feasible(pool, quotas) -> bool:
    """Slot-by-slot bipartite matching of quota places to distinct questions: the reference answer."""
    slots = [q for q in quotas for _ in range(q["count"])]
    owner: dict[int, int] = {}

    def place(slot: int, seen: set[int]) -> bool:
        for qid, topic, difficulty in pool:
            quota = slots[slot]
            fits = quota["topic"] in (None, topic) and quota["difficulty"] in (None, difficulty)
            if fits and qid not in seen:
                seen.add(qid)
                if qid not in owner or place(owner[qid], seen):
                    owner[qid] = slot
                    return True
        return False

    return all(place(slot, set()) for slot in range(len(slots)))


@pytest.mark.parametrize("seed", range(60))
def test_quotas_fail_exactly_when_no_assignment_exists(seed):
    rng = random.Random(seed)
    pool = [(i, rng.choice((T1, T2)), rng.randint(1, 3)) for i in range(1, rng.randint(3, 12))]
    quotas = [{"topic": rng.choice((None, T1, T2)), "difficulty": rng.choice((None, 1, 2, 3)),
               "count": rng.randint(0, 3)} for _ in range(rng.randint(1, 4))]
    count = sum(q["count"] for q in quotas)
    try:
        paper = draw_questions(pool, count, quotas, seed=seed)
    except NotEnoughQuestions:
        assert not feasible(pool, quotas)
        return
    assert len(set(paper)) == count
    assert feasible([item for item in pool if item[0] in paper], quotas)
