"""/play and /host through Flask-SocketIO's test client: every error code, nothing leaked."""
import json

import pytest
import sqlalchemy as sa

from contest.extensions import db, socketio
from contest.models import Answer, Round, RoundQuestion

from factories import auth, make_agencies, make_live_round, make_organiser


@pytest.fixture
def live(app, client):
    """A live round with an organiser token and a join code."""
    organiser_id, token = make_organiser()
    agencies = make_agencies()
    _, round_id = make_live_round(organiser_id, question_count=3, seconds_per_question=30)
    from contest.models import Round
    code = db.session.get(Round, round_id).join_code
    return {"token": token, "round_id": round_id, "code": code, "agencies": agencies}


def join(client, live, name="Nguyễn Văn An", agency="SNV-CCHC"):
    response = client.post("/api/v1/join", json={"join_code": live["code"], "name": name,
                                                 "agency_id": live["agencies"][agency]})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def player(app, client, live, **kw):
    body = join(client, live, **kw)
    sio = socketio.test_client(app, namespace="/play", auth={"token": body["participant_token"]},
                               flask_test_client=client)
    assert sio.is_connected("/play")
    return sio, body


def events(sio, name):
    return [e["args"][0] for e in sio.get_received("/play") if e["name"] == name]


def start(client, live):
    assert client.post(f"/api/v1/rounds/{live['round_id']}/start", headers=auth(live["token"])).status_code == 200


def current_question(live):
    rq = db.session.scalar(sa.select(RoundQuestion).where(RoundQuestion.round_id == live["round_id"],
                                                         RoundQuestion.position == 0))
    return rq


def test_connect_sends_state_and_bad_token_is_refused(app, client, live):
    sio, body = player(app, client, live)
    state = events(sio, "state")[0]
    assert state["status"] == "lobby" and state["question"] is None
    assert state["my"] == {"score": 0, "answered": [], "rank": None}
    assert isinstance(state["server_ms"], int)
    bad = socketio.test_client(app, namespace="/play", auth={"token": "forged"}, flask_test_client=client)
    assert not bad.is_connected("/play")


def test_joining_twice_gives_the_same_participant(app, client, live):
    first = join(client, live)
    again = join(client, live)
    assert first["participant_id"] == again["participant_id"]
    other_device = app.test_client().post("/api/v1/join", json={
        "join_code": live["code"], "name": "Nguyễn Văn An", "agency_id": live["agencies"]["SNV-CCHC"]})
    assert other_device.get_json()["participant_id"] != first["participant_id"]


def test_join_errors(app, client, live):
    wrong_code = client.post("/api/v1/join", json={"join_code": "ZZZZZZ", "name": "An", "agency_id": 1})
    assert wrong_code.status_code == 404 and wrong_code.get_json()["error"] == "not_found"
    no_agency = client.post("/api/v1/join", json={"join_code": live["code"], "name": "An Bình"})
    assert no_agency.status_code == 400 and no_agency.get_json()["field"] == "agency_id"


def test_question_broadcast_has_no_correct_options(app, client, live):
    sio, _ = player(app, client, live)
    sio.get_received("/play")
    start(client, live)
    received = sio.get_received("/play")
    question = [e["args"][0] for e in received if e["name"] == "question"][0]
    assert set(question) == {"question_id", "index", "total", "text", "options", "multiple",
                             "opens_ms", "deadline_ms"}
    assert all(set(o) == {"id", "text"} for o in question["options"])
    frames = json.dumps([e["args"] for e in received])
    assert "correct" not in frames and "is_correct" not in frames


def answer(sio, payload):
    return sio.emit("answer", payload, namespace="/play", callback=True)


def test_answer_is_acked_stored_once_and_second_is_already_answered(app, client, live):
    sio, body = player(app, client, live)
    start(client, live)
    rq = current_question(live)
    ack = answer(sio, {"question_id": rq.question_id, "options": [rq.option_order[0]]})
    assert ack["ok"] is True and isinstance(ack["received_ms"], int)
    assert "correct" not in ack  # the ack comes before the deadline: it must not tell
    again = answer(sio, {"question_id": rq.question_id, "options": [rq.option_order[1]]})
    assert again["error"] == "already_answered"
    stored = db.session.scalars(sa.select(Answer)).all()
    assert len(stored) == 1 and stored[0].options == [rq.option_order[0]]


@pytest.mark.parametrize("payload", [
    None, "answer", 42, [], {}, {"question_id": "1", "options": [1]}, {"question_id": 1},
    {"question_id": 1, "options": []}, {"question_id": 1, "options": ["a"]},
    {"question_id": True, "options": [1]}, {"question_id": 1, "options": [1, 1]},
    {"question_id": 1, "options": list(range(10))},
])
def test_malformed_answers_get_bad_payload_and_the_socket_stays(app, client, live, payload):
    sio, _ = player(app, client, live)
    start(client, live)
    ack = answer(sio, payload)
    assert ack["ok"] is False and ack["error"] == "bad_payload" and ack["message"]
    rq = current_question(live)
    assert answer(sio, {"question_id": rq.question_id, "options": [rq.option_order[0]]})["ok"] is True


def test_invalid_option_not_open_and_late(app, client, live):
    sio, _ = player(app, client, live)
    lobby = answer(sio, {"question_id": 1, "options": [1]})
    assert lobby["error"] == "not_open"
    start(client, live)
    rq = current_question(live)
    assert answer(sio, {"question_id": rq.question_id, "options": [999999]})["error"] == "invalid_option"
    assert answer(sio, {"question_id": rq.question_id, "options": rq.option_order[:2]})["error"] == "invalid_option"
    assert answer(sio, {"question_id": 987654, "options": [1]})["error"] == "not_open"
    rq.deadline_ms -= 60_000  # the deadline passed long ago
    db.session.commit()
    app.extensions["contest_hub"].refresh(live["round_id"])
    assert answer(sio, {"question_id": rq.question_id, "options": [rq.option_order[0]]})["error"] == "late"
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 0


def test_english_errors_when_the_client_asks(app, client, live):
    body = join(client, live)
    sio = socketio.test_client(app, namespace="/play", auth={"token": body["participant_token"], "lang": "en"},
                               flask_test_client=client)
    assert answer(sio, "garbage")["message"].startswith("Malformed")


def test_unknown_event_gets_error_object(app, client, live):
    sio, _ = player(app, client, live)
    ack = sio.emit("become_admin", {}, namespace="/play", callback=True)
    assert ack["ok"] is False and ack["error"] == "bad_payload"


def test_reveal_tells_each_participant_their_result(app, client, live):
    sio_a, a = player(app, client, live, name="Người Thứ Nhất")
    sio_b, b = player(app, client, live, name="Người Thứ Hai", agency="X-LH")
    start(client, live)
    rq = current_question(live)
    from contest.models import Option
    correct = db.session.scalar(sa.select(Option.id).where(Option.question_id == rq.question_id,
                                                           Option.is_correct.is_(True)))
    wrong = next(o for o in rq.option_order if o != correct)
    assert answer(sio_a, {"question_id": rq.question_id, "options": [correct]})["ok"]
    assert answer(sio_b, {"question_id": rq.question_id, "options": [wrong]})["ok"]
    sio_a.get_received("/play"), sio_b.get_received("/play")
    client.post(f"/api/v1/rounds/{live['round_id']}/next", headers=auth(live["token"]))
    from contest.services import engine
    engine.tick(rq.deadline_ms + 10_000, 500)
    app.extensions["contest_hub"].refresh(live["round_id"])
    reveal_a, reveal_b = events(sio_a, "reveal")[0], events(sio_b, "reveal")[0]
    assert reveal_a["correct"] == [correct]
    assert reveal_a["my"] == {"correct": True, "points": 1, "score": 1, "rank": 1}
    assert reveal_b["my"] == {"correct": False, "points": 0, "score": 0, "rank": 2}


def test_reconnect_resumes_with_what_was_answered(app, client, live):
    sio, body = player(app, client, live)
    start(client, live)
    rq = current_question(live)
    from contest.models import Option
    correct = db.session.scalar(sa.select(Option.id).where(Option.question_id == rq.question_id,
                                                           Option.is_correct.is_(True)))
    assert answer(sio, {"question_id": rq.question_id, "options": [correct]})["ok"]
    sio.disconnect(namespace="/play")
    again = socketio.test_client(app, namespace="/play", auth={"token": body["participant_token"]},
                                 flask_test_client=client)
    state = events(again, "state")[0]
    assert state["status"] == "question" and state["question"]["question_id"] == rq.question_id
    assert state["my"]["answered"] == [rq.question_id]
    assert state["my"]["score"] == 0  # the open question's points would tell if it was right


def test_host_commands_with_acks_and_display_is_read_only(app, client, live):
    host = socketio.test_client(app, namespace="/host", auth={"token": live["token"]}, flask_test_client=client)
    assert host.is_connected("/host")
    ack = host.emit("start", {"round_id": live["round_id"]}, namespace="/host", callback=True)
    assert ack["ok"] is True and ack["status"] == "question"
    assert host.emit("start", {"round_id": live["round_id"]}, namespace="/host", callback=True)["ok"] is False
    assert host.emit("pause", {"round_id": "x"}, namespace="/host", callback=True)["error"] == "bad_payload"
    assert host.emit("pause", {"round_id": live["round_id"]}, namespace="/host", callback=True)["paused"] is True
    refused = socketio.test_client(app, namespace="/host", auth={"token": "nope"}, flask_test_client=client)
    assert not refused.is_connected("/host")
    from contest.models import Contest
    display_token = db.session.scalar(sa.select(Contest.display_token))
    screen = socketio.test_client(app, namespace="/display", auth={"display_token": display_token},
                                  flask_test_client=client)
    assert screen.is_connected("/display")
    refused = screen.emit("next", {"round_id": live["round_id"]}, namespace="/display", callback=True)
    assert refused["error"] == "forbidden"
    assert screen.emit("answer", {"question_id": 1, "options": [1]}, namespace="/display", callback=True)["ok"] is False


def test_round_status_and_answers_api(app, client, live):
    sio, body = player(app, client, live)
    start(client, live)
    rq = current_question(live)
    answer(sio, {"question_id": rq.question_id, "options": [rq.option_order[0]]})
    status = client.get(f"/api/v1/rounds/{live['round_id']}", headers=auth(live["token"])).get_json()
    assert status["joined"] == 1 and status["answered_current"] == 1 and status["status"] == "question"
    rows = client.get(f"/api/v1/rounds/{live['round_id']}/answers", headers=auth(live["token"])).get_json()
    assert rows[0]["participant_id"] == body["participant_id"] and rows[0]["options"] == [rq.option_order[0]]


def test_a_phone_reconnecting_during_the_reveal_gets_its_result_and_rank(app, client, live):
    """Connected at the reveal or not (another process, a dead battery): the `state` of a
    reveal carries the same `reveal` object as the event, with the rank."""
    from contest.models import Option
    from contest.services import engine

    sio_a, a = player(app, client, live, name="Người Thứ Nhất")
    sio_b, b = player(app, client, live, name="Người Thứ Hai", agency="X-LH")
    sio_c, c = player(app, client, live, name="Người Thứ Ba", agency="X-LH")
    start(client, live)
    rq = current_question(live)
    correct = db.session.scalar(sa.select(Option.id).where(Option.question_id == rq.question_id,
                                                           Option.is_correct.is_(True)))
    wrong = next(o for o in rq.option_order if o != correct)
    assert answer(sio_a, {"question_id": rq.question_id, "options": [correct]})["ok"]
    assert answer(sio_b, {"question_id": rq.question_id, "options": [wrong]})["ok"]
    assert answer(sio_c, {"question_id": rq.question_id, "options": [correct]})["ok"]
    sio_c.disconnect(namespace="/play")  # C misses the reveal
    for sio in (sio_a, sio_b):
        sio.get_received("/play")
    engine.tick(rq.deadline_ms + 10_000, 500)
    app.extensions["contest_hub"].refresh(live["round_id"])
    assert events(sio_a, "reveal")[0]["my"]["correct"] is True
    sio_a.disconnect(namespace="/play")
    expected = {"question_id": rq.question_id, "correct": [correct]}
    for body, my in ((a, {"correct": True, "points": 1, "score": 1}),
                     (c, {"correct": True, "points": 1, "score": 1}),
                     (b, {"correct": False, "points": 0, "score": 0})):
        again = socketio.test_client(app, namespace="/play", auth={"token": body["participant_token"]},
                                     flask_test_client=client)
        state = events(again, "state")[0]
        assert state["status"] == "reveal"
        reveal = state["reveal"]
        assert {k: reveal[k] for k in ("question_id", "correct")} == expected
        assert {k: reveal["my"][k] for k in my} == my and state["my"]["rank"] == reveal["my"]["rank"]
    ranks = {body["participant_id"]: None for body in (a, b, c)}
    for body in (a, b, c):
        again = socketio.test_client(app, namespace="/play", auth={"token": body["participant_token"]},
                                     flask_test_client=client)
        ranks[body["participant_id"]] = events(again, "state")[0]["reveal"]["my"]["rank"]
    assert ranks[b["participant_id"]] == 3 and {ranks[a["participant_id"]], ranks[c["participant_id"]]} <= {1, 2}


def test_the_state_sent_at_the_reveal_carries_the_reveal_too(app, client, live):
    from contest.services import engine

    sio, body = player(app, client, live)
    start(client, live)
    rq = current_question(live)
    assert answer(sio, {"question_id": rq.question_id, "options": [rq.option_order[0]]})["ok"]
    sio.get_received("/play")
    engine.tick(rq.deadline_ms + 10_000, 500)
    app.extensions["contest_hub"].refresh(live["round_id"])
    got = {e["name"]: e["args"][0] for e in sio.get_received("/play")}
    assert got["state"]["reveal"] == {"question_id": rq.question_id, "correct": got["reveal"]["correct"],
                                      "my": got["reveal"]["my"]}
    assert got["reveal"]["my"]["rank"] == 1


def test_an_answer_to_the_last_question_after_the_round_finished_is_late(app, client, live):
    """A phone back after the end (a dropped socket's resend): told it came too late,
    not that the round has not opened."""
    _, round_id = make_live_round(question_count=1, seconds_per_question=30)
    one = dict(live, round_id=round_id, code=db.session.get(Round, round_id).join_code)
    sio, _ = player(app, client, one)
    start(client, one)
    rq = current_question(one)
    assert client.post(f"/api/v1/rounds/{round_id}/finish", headers=auth(live["token"])).status_code == 200
    assert answer(sio, {"question_id": rq.question_id, "options": [rq.option_order[0]]})["error"] == "late"
    assert answer(sio, {"question_id": 987654, "options": [1]})["error"] == "not_open"
