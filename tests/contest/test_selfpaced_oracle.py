"""A self-paced paper is no answer-key oracle: answering one question and submitting tells
nothing until the window closes (or until the round's minimum of answered questions)."""
from __future__ import annotations

import pytest

from contest.services import engine
from contest.services.clock import now_ms

from factories import make_agencies
from selfpaced_helpers import call, connect, key_of, make_self_paced, player, received, wrong_of


@pytest.fixture
def agencies(app):
    return make_agencies()


def answer(sio, attempt, question, options):
    return call(sio, "answer", {"attempt_id": attempt["attempt_id"],
                                "question_id": question["question_id"], "options": options})


def one_answer_then_submit(app, client, round_id: int, agency: int, right: bool, name: str):
    sio, body = player(app, client, round_id, agency, name)
    attempt = call(sio, "start_attempt")
    question = next(q for q in attempt["questions"] if not q["multiple"])
    key = key_of(attempt["attempt_id"])[question["question_id"]]
    assert answer(sio, attempt, question, key if right else wrong_of(question, key))["ok"] is True
    return sio, body, attempt, call(sio, "submit", {"attempt_id": attempt["attempt_id"]})


def test_the_submit_ack_of_a_right_and_a_wrong_answer_look_the_same(app, client, agencies):
    round_id = make_self_paced(score_min_answered=None)
    _, _, _, right = one_answer_then_submit(app, client, round_id, agencies["SNV"], True, "Nguyễn Văn An")
    _, _, _, wrong = one_answer_then_submit(app, app.test_client(), round_id, agencies["SNV"], False,
                                            "Trần Thị Bình")
    for ack in (right, wrong):
        assert ack["ok"] is True and ack["results_hidden"] is True
        assert ack["score"] is None and ack["correct"] is None and "questions" not in ack
    strip = {"attempt_id", "time_used_ms", "submitted_ms"}
    assert {k: v for k, v in right.items() if k not in strip} == {k: v for k, v in wrong.items() if k not in strip}


def test_a_reconnect_shows_neither_score_nor_rank_before_the_close(app, client, agencies):
    round_id = make_self_paced(score_min_answered=None)
    sio, body, attempt, _ = one_answer_then_submit(app, client, round_id, agencies["SNV"], True, "Nguyễn Văn An")
    sio.disconnect(namespace="/play")
    state = received(connect(app, client, body["participant_token"]), "state")[0]
    assert state["last"]["score"] is None and state["last"]["results_hidden"] is True
    assert state["my"]["score"] is None and state["my"]["rank"] is None
    assert "questions" not in state["last"]


def test_after_the_close_the_score_and_each_questions_correctness_show(app, client, agencies):
    round_id = make_self_paced(score_min_answered=None)
    sio, body, attempt, _ = one_answer_then_submit(app, client, round_id, agencies["SNV"], True, "Nguyễn Văn An")
    engine.finish(round_id, now_ms())
    state = received(connect(app, client, body["participant_token"]), "state")[0]
    last = state["last"]
    assert last["results_hidden"] is False and last["score"] == 1 and last["correct"] == 1
    assert len(last["questions"]) == 6 and sum(q["correct"] for q in last["questions"]) == 1
    assert state["my"]["score"] == 1 and state["my"]["rank"] == 1


def test_with_a_minimum_the_score_shows_once_enough_questions_are_answered(app, client, agencies):
    round_id = make_self_paced(score_min_answered=3)
    _, _, _, one = one_answer_then_submit(app, client, round_id, agencies["SNV"], True, "Nguyễn Văn An")
    assert one["score"] is None

    sio, _ = player(app, app.test_client(), round_id, agencies["X-LH"], "Trần Thị Bình")
    attempt = call(sio, "start_attempt")
    keys = key_of(attempt["attempt_id"])
    for question in attempt["questions"][:3]:
        assert answer(sio, attempt, question, keys[question["question_id"]])["ok"] is True
    three = call(sio, "submit", {"attempt_id": attempt["attempt_id"]})
    assert three["results_hidden"] is False and three["score"] == 3
    assert "questions" not in three  # which ones were right: only after the close


def test_the_round_setting_is_validated(app, agencies):
    from contest.errors import DomainError

    with pytest.raises(DomainError) as caught:
        make_self_paced(score_min_answered=-1)
    assert caught.value.extra["field"] == "score_min_answered"
