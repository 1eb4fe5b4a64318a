"""Personal papers: quotas, shuffling, reproducibility from the stored seed, a snapshot that
bank edits cannot change, retired questions left out."""
from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import Option, Question, Round
from contest.services import paper_submit, papers

from factories import TOPIC_A, TOPIC_B, make_agencies
from selfpaced_helpers import (
    call,
    key_of,
    make_self_paced,
    mixed_rows,
    player,
    stored_attempt,
    wrong_of,
)

TODAY = date(2025, 9, 1)
QUOTAS = [{"topic": TOPIC_A, "difficulty": 3, "count": 2},
          {"topic": TOPIC_B, "difficulty": 1, "count": 2},
          {"topic": TOPIC_B, "difficulty": 2, "count": 2}]


def cells(paper: list[dict]) -> Counter:
    return Counter((q["topic"], q["difficulty"]) for q in paper)


def test_every_paper_keeps_the_quotas_and_is_shuffled(app):
    round_ = db.session.get(Round, make_self_paced(quotas=QUOTAS, question_count=6))
    drawn = [papers.draw_paper(round_, seed, TODAY) for seed in range(30)]
    for paper in drawn:
        assert cells(paper) == Counter({(TOPIC_A, 3): 2, (TOPIC_B, 1): 2, (TOPIC_B, 2): 2})
        assert len({q["question_id"] for q in paper}) == 6
    assert len({tuple(q["question_id"] for q in paper) for paper in drawn}) > 20
    option_orders = {tuple(o["letter"] for o in q["options"]) for paper in drawn for q in paper}
    assert len(option_orders) > 1  # options are shuffled, not always A, B, C


def test_a_paper_is_a_snapshot_with_the_key_kept_apart(app):
    round_ = db.session.get(Round, make_self_paced(question_count=6))
    paper = papers.draw_paper(round_, 42, TODAY)
    for item in paper:
        question = db.session.get(Question, item["question_id"])
        assert item["text"] == question.text and item["multiple"] == (question.kind == "multiple")
        bank = {o.id: o for o in question.options}
        assert sorted(o["id"] for o in item["options"]) == sorted(bank)
        for option in item["options"]:
            assert option["text"] == bank[option["id"]].text
            assert option["correct"] == bank[option["id"]].is_correct
            assert option["letter"] == "ABCDEF"[bank[option["id"]].position]
        public = papers.public_question(item, 0, 6)
        assert "correct" not in str(public) and "letter" not in public


def test_same_seed_same_paper_and_the_stored_seed_redraws_it(app):
    agencies = make_agencies()
    round_id = make_self_paced(quotas=QUOTAS, question_count=6)
    round_ = db.session.get(Round, round_id)
    assert papers.draw_paper(round_, 7, TODAY) == papers.draw_paper(round_, 7, TODAY)
    assert papers.draw_paper(round_, 7, TODAY) != papers.draw_paper(round_, 8, TODAY)
    from flask import current_app
    sio, _ = player(current_app, current_app.test_client(), round_id, agencies["SNV"])
    attempt = stored_attempt(call(sio, "start_attempt")["attempt_id"])
    assert papers.draw_paper(round_, attempt.seed, date.today()) == attempt.paper


def test_editing_the_bank_after_the_draw_changes_neither_the_paper_nor_its_score(app, client):
    agencies = make_agencies()
    round_id = make_self_paced(question_count=6)
    sio, _ = player(app, client, round_id, agencies["SNV"])
    attempt = call(sio, "start_attempt")
    before = stored_attempt(attempt["attempt_id"]).paper
    key = key_of(attempt["attempt_id"])
    single = [q for q in attempt["questions"] if not q["multiple"]]
    for question in single:
        call(sio, "answer", {"attempt_id": attempt["attempt_id"], "question_id": question["question_id"],
                             "options": key[question["question_id"]]})
    for question in db.session.scalars(sa.select(Question)):  # the organiser rewrites the bank
        question.text = "Đã sửa: " + question.text
    for option in db.session.scalars(sa.select(Option)):
        option.is_correct = not option.is_correct
        option.text = "Đã sửa"
    db.session.commit()
    assert stored_attempt(attempt["attempt_id"]).paper == before
    resumed = call(sio, "start_attempt")
    assert resumed["questions"] == attempt["questions"]
    question = single[0]
    call(sio, "answer", {"attempt_id": attempt["attempt_id"], "question_id": question["question_id"],
                         "options": wrong_of(question, key[question["question_id"]])})
    call(sio, "answer", {"attempt_id": attempt["attempt_id"], "question_id": question["question_id"],
                         "options": key[question["question_id"]]})
    result = call(sio, "submit", {"attempt_id": attempt["attempt_id"]})
    assert result["score"] == result["correct"] == len(single)  # judged by the snapshot's key


def test_retired_questions_are_never_drawn(app):
    rows = mixed_rows()
    retired_texts = set()
    for i, row in enumerate(rows):
        if row.topic == TOPIC_A and row.difficulty == 3:
            rows[i] = row.__class__(**{**row.__dict__, "valid_to": date(2020, 12, 31)})
            retired_texts.add(row.text)
        elif row.topic == TOPIC_B and row.difficulty == 3:
            rows[i] = row.__class__(**{**row.__dict__, "valid_from": date(2099, 1, 1)})
            retired_texts.add(row.text)
    round_ = db.session.get(Round, make_self_paced(rows=rows, question_count=16))
    for seed in range(20):
        texts = {q["text"] for q in papers.draw_paper(round_, seed, TODAY)}
        assert not texts & retired_texts and len(texts) == 16


def test_a_quota_the_bank_cannot_fill_is_refused_before_any_attempt(app):
    round_ = db.session.get(Round, make_self_paced(question_count=6))
    round_.quotas = [{"topic": TOPIC_A, "difficulty": 3, "count": 5}]  # only 4 exist
    from contest.errors import DomainError
    with pytest.raises(DomainError) as refused:
        papers.draw_paper(round_, 1, TODAY)
    assert refused.value.code == "not_open" and "không đủ" in refused.value.message()


def test_submit_scores_only_the_stored_answers_of_that_attempt(app, client):
    agencies = make_agencies()
    round_id = make_self_paced(question_count=6)
    sio, _ = player(app, client, round_id, agencies["SNV"])
    first = call(sio, "start_attempt")
    key = key_of(first["attempt_id"])
    for question in first["questions"]:
        call(sio, "answer", {"attempt_id": first["attempt_id"], "question_id": question["question_id"],
                             "options": key[question["question_id"]]})
    assert call(sio, "submit", {"attempt_id": first["attempt_id"]})["score"] == 6
    second = call(sio, "start_attempt")
    assert second["attempt_id"] != first["attempt_id"] and second["answers"] == {}
    with db.engine.begin() as conn:
        result = paper_submit.submit(conn, second["attempt_id"], None, 10**13)
    assert (result["score"], result["correct"], result["total"]) == (0, 0, 6)
