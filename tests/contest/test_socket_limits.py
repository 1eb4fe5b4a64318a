"""Per-client limits on /play, /host and /display, and frames no client should send:
the flooding socket is refused (then dropped), everyone else keeps being served."""
from __future__ import annotations

import logging

import pytest
import sqlalchemy as sa

from contest.extensions import db, socketio
from contest.models import Answer, Attempt, RoundQuestion
from contest.services import papers

from factories import auth, make_agencies, make_live_round, make_organiser
from selfpaced_helpers import call, make_self_paced
from selfpaced_helpers import player as weekly_player


@pytest.fixture
def live(app, client):
    organiser_id, token = make_organiser()
    agencies = make_agencies()
    contest_id, round_id = make_live_round(organiser_id, question_count=3, seconds_per_question=60)
    from contest.models import Contest, Round
    return {"token": token, "round_id": round_id, "agencies": agencies,
            "code": db.session.get(Round, round_id).join_code,
            "display_token": db.session.get(Contest, contest_id).display_token}


def phone(app, client, live, name):
    body = client.post("/api/v1/join", json={"join_code": live["code"], "name": name,
                                             "agency_id": live["agencies"]["SNV"]}).get_json()
    sio = socketio.test_client(app, namespace="/play", auth={"token": body["participant_token"]},
                               flask_test_client=client)
    assert sio.is_connected("/play")
    return sio, body


def question(live, position):
    return db.session.scalar(sa.select(RoundQuestion).where(
        RoundQuestion.round_id == live["round_id"], RoundQuestion.position == position))


def send(sio, payload, event="answer", namespace="/play"):
    return sio.emit(event, payload, namespace=namespace, callback=True)


def test_a_flood_from_one_socket_is_refused_then_dropped_and_the_hall_goes_on(app, client, live):
    flooder, _ = phone(app, client, live, "Kẻ Phá Rối")
    honest, body = phone(app, client, live, "Người Thi Thật")
    client.post(f"/api/v1/rounds/{live['round_id']}/start", headers=auth(live["token"]))
    rq = question(live, 0)
    acks = []
    for i in range(3_000):
        if not flooder.is_connected("/play"):
            break
        acks.append(send(flooder, {"question_id": rq.question_id, "options": [100_000 + i]}))
    codes = [ack["error"] for ack in acks]
    assert set(codes[:20]) == {"invalid_option"}  # the burst is served, and judged
    assert "rate_limited" in codes and not flooder.is_connected("/play")
    assert len(acks) < 200  # dropped long before 3,000
    refused = next(a for a in acks if a["error"] == "rate_limited")
    assert refused["message"] == "Quá nhiều yêu cầu, vui lòng thử lại sau."
    # the flood stored nothing, and the honest phone's answer is taken
    assert send(honest, {"question_id": rq.question_id, "options": [rq.option_order[0]]})["ok"]
    stored = db.session.scalars(sa.select(Answer.participant_id)).all()
    assert stored == [body["participant_id"]]


def test_a_phone_retrying_its_answers_is_never_refused(app, client, live):
    sio, body = phone(app, client, live, "Người Thi Thật")
    client.post(f"/api/v1/rounds/{live['round_id']}/start", headers=auth(live["token"]))
    for position in range(3):
        rq = question(live, position)
        payload = {"question_id": rq.question_id, "options": [rq.option_order[1]]}
        first, *retries = [send(sio, payload) for _ in range(4)]  # a reconnect resends at once
        assert first["ok"] and {r["error"] for r in retries} == {"already_answered"}
        client.post(f"/api/v1/rounds/{live['round_id']}/next", headers=auth(live["token"]))
        from contest.services import engine
        engine.tick(rq.deadline_ms + 1_000, 500)
        client.post(f"/api/v1/rounds/{live['round_id']}/next", headers=auth(live["token"]))
    answers = db.session.scalars(sa.select(Answer.question_id).where(
        Answer.participant_id == body["participant_id"])).all()
    assert len(answers) == 3


def test_the_participant_bucket_is_shared_by_their_sockets(app, client, live):
    first, body = phone(app, client, live, "Người Hai Máy")
    second = socketio.test_client(app, namespace="/play", auth={"token": body["participant_token"]},
                                  flask_test_client=client)
    codes = [send(sio, {})["error"] for _ in range(15) for sio in (first, second)]
    assert codes.count("bad_payload") == 20 and codes.count("rate_limited") == 10


def test_host_and_display_events_are_limited_too(app, client, live):
    host = socketio.test_client(app, namespace="/host", auth={"token": live["token"]}, flask_test_client=client)
    screen = socketio.test_client(app, namespace="/display", flask_test_client=client,
                                  auth={"display_token": live["display_token"]})
    watch = [send(host, {"round_id": live["round_id"]}, "watch", "/host") for _ in range(25)]
    assert [a["ok"] for a in watch[:20]] == [True] * 20
    assert {a.get("error") for a in watch[20:]} == {"rate_limited"}
    pokes = [send(screen, {}, "next", "/display")["error"] for _ in range(25)]
    assert pokes[:20] == ["forbidden"] * 20 and set(pokes[20:]) == {"rate_limited"}


def test_limits_are_configurable(app, client, live):
    app.extensions["contest_hub"].limits.burst = 3
    sio, _ = phone(app, client, live, "Người Thi")
    assert [send(sio, {})["error"] for _ in range(4)] == ["bad_payload"] * 3 + ["rate_limited"]


@pytest.mark.parametrize("frame", ["2/play,7" + "[" * 3_000, '2/play,7{"answer":1}', "2/play,7[]",
                                   "2/play,7" + '{"a":' * 3_000])
def test_a_frame_nested_thousands_deep_gets_bad_payload_and_no_traceback(app, client, live, frame, caplog):
    sio, _ = phone(app, client, live, "Người Thi")
    sio.get_received("/play")
    with caplog.at_level(logging.INFO):
        for _ in range(5):
            socketio.server._handle_eio_message(sio.eio_sid, frame)  # what engine.io hands over
    assert not [r for r in caplog.records if r.exc_info]
    assert sio.is_connected("/play")
    assert send(sio, {})["error"] == "bad_payload"  # and it is still served


def test_start_attempt_checks_the_attempts_left_before_drawing(app, client, monkeypatch):
    agencies = make_agencies()
    round_id = make_self_paced(max_attempts=1)
    sio, body = weekly_player(app, client, round_id, agencies["SNV"])
    first = call(sio, "start_attempt")
    assert call(sio, "submit", {"attempt_id": first["attempt_id"]})["ok"]
    drawn = []
    real = papers.prepare
    monkeypatch.setattr(papers, "prepare", lambda *a, **kw: drawn.append(1) or real(*a, **kw))
    refusals = [call(sio, "start_attempt")["error"] for _ in range(30)]
    # two events spent of the burst of 20 (start, submit): 18 refusals, then the limit
    assert set(refusals[:18]) == {"attempts_exhausted"} and set(refusals[18:]) == {"rate_limited"}
    assert drawn == []  # no paper drawn for an exhausted participant
    assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 1


def test_one_start_attempt_per_participant_at_a_time(app, client):
    agencies = make_agencies()
    round_id = make_self_paced()
    sio, body = weekly_player(app, client, round_id, agencies["SNV"])
    desk = app.extensions["contest_papers"]
    desk.starting.add(body["participant_id"])  # a first start_attempt is under way
    refused = call(sio, "start_attempt")
    assert refused["error"] == "rate_limited" and "đang được mở" in refused["message"]
    desk.starting.clear()
    assert call(sio, "start_attempt")["ok"]
    assert db.session.scalar(sa.select(sa.func.count(Attempt.id))) == 1
