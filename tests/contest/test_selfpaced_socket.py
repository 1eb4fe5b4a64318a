"""Self-paced rounds on /play through Flask-SocketIO's test client: start, resume, answer,
replace, late, predict, submit, attempt limits, auto-submit, and no key before the end."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import Answer, Round
from contest.services import engine, paper_submit

from factories import make_agencies
from selfpaced_helpers import (
    GRACE,
    attempts,
    call,
    connect,
    forget_papers,
    key_of,
    make_self_paced,
    player,
    received,
    stored_attempt,
    wrong_of,
)


@pytest.fixture
def agencies(app):
    return make_agencies()


@pytest.fixture
def round_id(agencies):
    return make_self_paced()


def answer(sio, attempt, question, options):
    return call(sio, "answer", {"attempt_id": attempt["attempt_id"],
                                "question_id": question["question_id"], "options": options})


def test_state_on_connect_then_start_gives_a_personal_paper_without_the_key(app, client, agencies,
                                                                            round_id):
    sio, body = player(app, client, round_id, agencies["SNV"])
    state = received(sio, "state")[0]
    assert state["mode"] == "self_paced" and state["status"] == "open"
    assert state["attempt"] is None and state["attempts_left"] == 2 and state["last"] is None
    assert state["self_paced"]["duration_ms"] == 600_000

    attempt = call(sio, "start_attempt")
    assert attempt["ok"] is True
    assert set(attempt) >= {"attempt_id", "deadline_ms", "questions", "answers", "prediction"}
    assert attempt["answers"] == {} and attempt["prediction"] is None
    assert len(attempt["questions"]) == 6
    for index, question in enumerate(attempt["questions"]):
        assert set(question) == {"question_id", "index", "total", "text", "options", "multiple"}
        assert question["index"] == index and question["total"] == 6
        assert all(set(o) == {"id", "text"} for o in question["options"])
    assert "correct" not in json.dumps(attempt)
    stored = stored_attempt(attempt["attempt_id"])
    assert stored.deadline_ms == stored.started_ms + 600_000
    assert [q["question_id"] for q in stored.paper] == [q["question_id"] for q in attempt["questions"]]


def test_start_again_resumes_and_a_reconnect_carries_the_same_attempt(app, client, agencies,
                                                                      round_id):
    sio, body = player(app, client, round_id, agencies["SNV"])
    attempt = call(sio, "start_attempt")
    first, second = attempt["questions"][:2]
    assert answer(sio, attempt, first, [first["options"][0]["id"]])["ok"] is True
    assert call(sio, "predict", {"attempt_id": attempt["attempt_id"], "value": 7})["ok"] is True
    again = call(sio, "start_attempt")
    assert again["attempt_id"] == attempt["attempt_id"] and again["deadline_ms"] == attempt["deadline_ms"]
    assert again["answers"] == {str(first["question_id"]): [first["options"][0]["id"]]}

    sio.disconnect(namespace="/play")
    other_device = connect(app, client, body["participant_token"])
    state = received(other_device, "state")[0]
    assert state["attempt"]["attempt_id"] == attempt["attempt_id"]
    assert state["attempt"]["questions"] == attempt["questions"]
    assert state["attempt"]["answers"] == again["answers"] and state["attempt"]["prediction"] == 7
    assert state["attempts_left"] == 1  # the attempt in progress is one of the two
    assert answer(other_device, attempt, second, [second["options"][1]["id"]])["ok"] is True
    assert len(attempts(round_id)) == 1


def test_a_later_answer_replaces_the_first_until_submit(app, client, agencies, round_id):
    sio, _ = player(app, client, round_id, agencies["SNV"])
    attempt = call(sio, "start_attempt")
    question = next(q for q in attempt["questions"] if not q["multiple"])
    key = key_of(attempt["attempt_id"])[question["question_id"]]
    assert answer(sio, attempt, question, wrong_of(question, key))["ok"] is True
    assert answer(sio, attempt, question, key)["ok"] is True
    rows = db.session.scalars(sa.select(Answer).execution_options(populate_existing=True)).all()
    assert len(rows) == 1 and rows[0].options == key and rows[0].correct is True
    assert rows[0].attempt_no == 1

    result = call(sio, "submit", {"attempt_id": attempt["attempt_id"]})
    assert result == {"ok": True, "attempt_id": attempt["attempt_id"], "score": 1, "correct": 1,
                      "total": 6, "time_used_ms": result["time_used_ms"],
                      "submitted_ms": result["submitted_ms"], "results_hidden": False,
                      "results_at_ms": db.session.get(Round, round_id).closes_at_ms}
    assert 0 <= result["time_used_ms"] < 10_000
    refused = answer(sio, attempt, question, wrong_of(question, key))
    assert refused["ok"] is False and refused["error"] == "not_open"
    assert call(sio, "submit", {"attempt_id": attempt["attempt_id"]}) == result  # a retry is harmless
    assert call(sio, "predict", {"attempt_id": attempt["attempt_id"], "value": 3})["error"] == "not_open"


def test_answers_after_the_deadline_are_late(app, client, agencies, round_id):
    sio, _ = player(app, client, round_id, agencies["SNV"])
    attempt = call(sio, "start_attempt")
    question = attempt["questions"][0]
    stored = stored_attempt(attempt["attempt_id"])
    stored.deadline_ms -= 700_000  # its time ran out long ago
    db.session.commit()
    forget_papers(app)
    assert answer(sio, attempt, question, [question["options"][0]["id"]])["error"] == "late"
    assert call(sio, "predict", {"attempt_id": attempt["attempt_id"], "value": 1})["error"] == "late"
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0


def test_attempt_limit(app, client, agencies):
    round_id = make_self_paced(max_attempts=1)
    sio, _ = player(app, client, round_id, agencies["SNV"])
    attempt = call(sio, "start_attempt")
    call(sio, "submit", {"attempt_id": attempt["attempt_id"]})
    exhausted = call(sio, "start_attempt")
    assert exhausted["ok"] is False and exhausted["error"] == "attempts_exhausted" and exhausted["message"]
    sio.disconnect(namespace="/play")


def test_two_attempts_then_exhausted_and_state_shows_the_last_result(app, client, agencies, round_id):
    sio, body = player(app, client, round_id, agencies["SNV"])
    for _ in range(2):
        attempt = call(sio, "start_attempt")
        assert call(sio, "submit", {"attempt_id": attempt["attempt_id"]})["ok"] is True
    assert call(sio, "start_attempt")["error"] == "attempts_exhausted"
    state = received(connect(app, client, body["participant_token"]), "state")[0]
    assert state["attempts_left"] == 0 and state["attempt"] is None
    assert state["last"]["attempt_id"] == attempt["attempt_id"] and state["my"]["rank"] == 1


@pytest.mark.parametrize("payload", [
    None, "x", {}, {"attempt_id": "1", "question_id": 1, "options": [1]},
    {"attempt_id": 1, "question_id": 1}, {"attempt_id": True, "question_id": 1, "options": [1]},
    {"attempt_id": 1, "question_id": 1, "options": [1, 1]},
])
def test_malformed_answers_are_bad_payload(app, client, agencies, round_id, payload):
    sio, _ = player(app, client, round_id, agencies["SNV"])
    call(sio, "start_attempt")
    ack = sio.emit("answer", payload, namespace="/play", callback=True)
    assert ack["ok"] is False and ack["error"] == "bad_payload"


def test_wrong_attempt_foreign_attempt_and_bad_options(app, client, agencies, round_id):
    sio_a, _ = player(app, client, round_id, agencies["SNV"], "Người Thứ Nhất")
    sio_b, _ = player(app, client, round_id, agencies["X-LH"], "Người Thứ Hai")
    mine, theirs = call(sio_a, "start_attempt"), call(sio_b, "start_attempt")
    question = next(q for q in mine["questions"] if not q["multiple"])
    assert answer(sio_a, {"attempt_id": 999_999}, question, [1])["error"] == "not_found"
    assert answer(sio_a, theirs, theirs["questions"][0], [theirs["questions"][0]["options"][0]["id"]]
                  )["error"] == "forbidden"
    assert call(sio_a, "submit", {"attempt_id": theirs["attempt_id"]})["error"] == "forbidden"
    assert call(sio_a, "predict", {"attempt_id": theirs["attempt_id"], "value": 1})["error"] == "forbidden"
    assert answer(sio_a, mine, question, [999_999])["error"] == "invalid_option"
    two = [o["id"] for o in question["options"][:2]]
    assert answer(sio_a, mine, question, two)["error"] == "invalid_option"
    assert answer(sio_a, mine, {"question_id": 999_999}, [1])["error"] == "not_found"
    for value in (-1, 1.5, "3", None, True):
        assert call(sio_a, "predict", {"attempt_id": mine["attempt_id"], "value": value})["error"] == "bad_payload"
    assert call(sio_a, "submit", {"attempt_id": "x"})["error"] == "bad_payload"


def test_not_open_before_the_window_and_after_it(app, client, agencies):
    later = make_self_paced(open_now=False, opens_at_ms=4_000_000_000_000, closes_at_ms=4_100_000_000_000)
    sio, _ = player(app, client, later, agencies["SNV"])
    assert call(sio, "start_attempt")["error"] == "not_open"
    round_id = make_self_paced()
    sio, _ = player(app, client, round_id, agencies["SNV"], "Người Khác")
    client_round = db.session.get(Round, round_id)
    client_round.closes_at_ms = 1_000  # closed long ago
    db.session.commit()
    assert call(sio, "start_attempt")["error"] == "not_open"


def test_live_round_events_refuse_papers(app, client, agencies):
    from factories import make_live_round
    _, live_round = make_live_round()
    sio, _ = player(app, client, live_round, agencies["SNV"])
    assert call(sio, "start_attempt")["error"] == "not_open"


def test_auto_submit_at_the_deadline_with_a_fake_clock(app, client, agencies, round_id):
    sio, _ = player(app, client, round_id, agencies["SNV"])
    attempt = call(sio, "start_attempt")
    question = next(q for q in attempt["questions"] if not q["multiple"])
    key = key_of(attempt["attempt_id"])[question["question_id"]]
    answer(sio, attempt, question, key)
    call(sio, "predict", {"attempt_id": attempt["attempt_id"], "value": 2})
    deadline = attempt["deadline_ms"]
    assert paper_submit.auto_submit_due(deadline + GRACE - 1, GRACE) == []
    assert stored_attempt(attempt["attempt_id"]).submitted_ms is None
    sio.get_received("/play")
    assert app.extensions["contest_papers"].auto_submit(deadline + GRACE, None) == [attempt["attempt_id"]]
    stored = stored_attempt(attempt["attempt_id"])
    assert (stored.submitted_ms, stored.score, stored.correct_count) == (deadline, 1, 1)
    assert stored.time_used_ms == deadline - stored.started_ms and stored.prediction == 2
    state = received(sio, "state")[-1]  # the participant hears of it at once
    assert state["attempt"] is None and state["last"]["score"] == 1
    assert paper_submit.auto_submit_due(deadline + 60_000, GRACE) == []


def test_closing_the_round_submits_papers_in_progress(app, client, agencies, round_id):
    sio, _ = player(app, client, round_id, agencies["SNV"])
    attempt = call(sio, "start_attempt")
    round_ = db.session.get(Round, round_id)
    engine.tick(round_.closes_at_ms, GRACE)
    assert db.session.get(Round, round_id, populate_existing=True).status == "finished"
    assert paper_submit.auto_submit_due(round_.closes_at_ms, GRACE) == [attempt["attempt_id"]]
    assert stored_attempt(attempt["attempt_id"]).submitted_ms is not None


def test_no_frame_or_ack_ever_carries_the_key(app, client, agencies, round_id):
    sio, body = player(app, client, round_id, agencies["SNV"])
    acks = [call(sio, "start_attempt")]
    attempt = acks[0]
    for question in attempt["questions"]:
        acks.append(answer(sio, attempt, question, [question["options"][0]["id"]]))
    acks.append(call(sio, "predict", {"attempt_id": attempt["attempt_id"], "value": 1}))
    acks.append(call(sio, "submit", {"attempt_id": attempt["attempt_id"]}))
    again = connect(app, client, body["participant_token"])
    frames = [e["args"] for e in sio.get_received("/play") + again.get_received("/play")]

    def walk(value, path=""):
        if isinstance(value, dict):
            for key, item in value.items():
                assert key not in ("is_correct", "letter", "key"), path + key
                if key == "correct":  # only ever a count of the participant's own right answers
                    assert isinstance(item, int) and not isinstance(item, bool), path + key
                walk(item, f"{path}{key}.")
        elif isinstance(value, list):
            for item in value:
                walk(item, path)

    walk(acks)
    walk(frames)
    assert frames and all(a["ok"] for a in acks)


def test_no_answer_once_the_organiser_finishes_the_round(app, client, agencies, round_id):
    from contest.services import rounds
    from contest.services.clock import now_ms
    from contest.services.publisher import publisher_of

    sio, _ = player(app, client, round_id, agencies["SNV"])
    attempt = call(sio, "start_attempt")
    question = attempt["questions"][0]
    rounds.control(round_id, "finish", now_ms(), GRACE, publisher_of(app))
    refused = answer(sio, attempt, question, [question["options"][0]["id"]])
    assert refused["ok"] is False and refused["error"] == "not_open"
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0
