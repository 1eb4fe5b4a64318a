"""The sample bank that ships with the project and that the demo imports."""
from collections import Counter

import question_bank as qb
from question_bank.samples import WORKBOOK, sample_questions


def test_shipped_workbook_is_the_json_source_and_imports_cleanly():
    rows = qb.read_bank(WORKBOOK.read_bytes())
    assert rows == sample_questions(), "run: python -m question_bank.samples"


def test_sample_bank_covers_every_topic_kind_and_level():
    rows = sample_questions()
    assert len(rows) >= 120
    topics = Counter(r.topic for r in rows)
    assert set(topics) == set(qb.TOPICS) and min(topics.values()) >= 12
    kinds = Counter(r.kind for r in rows)
    assert kinds["multiple"] >= 15 and kinds["true_false"] >= 15
    assert set(Counter(r.difficulty for r in rows)) == {1, 2, 3}
    assert all(r.explanation for r in rows)
    assert all(r.options == ["Đúng", "Sai"] for r in rows if r.kind == "true_false")
    assert all(len(r.correct) == 1 for r in rows if r.kind == "single")


def test_correct_answers_are_spread_over_the_letters():
    singles = [r.correct[0] for r in sample_questions() if r.kind == "single" and len(r.options) == 4]
    spread = Counter(singles)
    assert min(spread.values()) >= len(singles) // 6
