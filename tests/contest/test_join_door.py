"""The join path's short memories (`services/door.py`) and the answer's arrival time:
what a participant would see go wrong if they were remembered too long or not at all."""
from dataclasses import replace

import pytest
import sqlalchemy as sa

from contest.errors import DomainError
from contest.extensions import db, socketio
from contest.models import Agency, Answer, Round
from contest.realtime.packets import Packet, Received, received_ms
from contest.realtime.play import accept_answer
from contest.realtime.registry import PlaySession
from contest.services.clock import now_ms
from contest.services.door import Door

from factories import auth, make_agencies, make_live_round, make_organiser


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def live(app, client):
    organiser_id, token = make_organiser()
    agencies = make_agencies()
    _, round_id = make_live_round(organiser_id, question_count=2, seconds_per_question=30)
    return {"token": token, "round_id": round_id, "code": db.session.get(Round, round_id).join_code,
            "agency": agencies["SNV-CCHC"]}


def join(client, live, name="Trần Thị Bình"):
    return client.post("/api/v1/join", json={"join_code": live["code"], "name": name, "agency_id": live["agency"]})


def connect(app, client, body):
    return socketio.test_client(app, namespace="/play", auth={"token": body["participant_token"]},
                                flask_test_client=client)


def test_a_round_finished_in_another_process_stops_taking_joins_within_two_seconds(app, client, live):
    clock = Clock()
    app.extensions["contest_door"] = Door(timer=clock)
    assert join(client, live, "Người thứ nhất").status_code == 200
    db.session.execute(sa.update(Round).where(Round.id == live["round_id"]).values(status="finished"))
    db.session.commit()  # as another process would: this one's memory does not know yet
    assert join(client, live, "Người thứ hai").status_code == 200
    clock.now += 2.5
    late = join(client, live, "Người thứ ba")
    assert late.status_code == 409 and late.get_json()["error"] == "not_open"


def test_a_mistyped_code_is_never_remembered(app, client, live):
    wrong = client.post("/api/v1/join", json={"join_code": "KHONGCO", "name": "An", "agency_id": live["agency"]})
    assert wrong.status_code == 404
    db.session.execute(sa.update(Round).where(Round.id == live["round_id"]).values(join_code="KHONGCO"))
    db.session.commit()
    assert join(client, dict(live, code="KHONGCO")).status_code == 200


def test_a_new_agency_is_found_on_its_first_join(app, client, live):
    missing = client.post("/api/v1/join", json={"join_code": live["code"], "name": "Lê Thị Hoa", "agency_id": 99999})
    assert missing.status_code == 400 and missing.get_json()["field"] == "agency_id"
    db.session.add(Agency(id=99999, code="X-MOI", name="Xã Mới Lập", search_key="xa moi lap"))
    db.session.commit()  # imported just now: a refusal was not remembered
    joined = client.post("/api/v1/join", json={"join_code": live["code"], "name": "Lê Thị Hoa", "agency_id": 99999})
    assert joined.status_code == 200 and joined.get_json()["name"] == "Lê Thị Hoa"


def count_statements(app):
    seen = []
    sa.event.listen(db.engine, "before_cursor_execute", lambda *a, **k: seen.append(a[2]))
    return seen


def test_the_first_connect_in_the_lobby_reads_nothing_and_a_reconnect_reads_the_answers(app, client, live):
    body = join(client, live).get_json()
    first = connect(app, client, join(client, live, "Ai đó khác").get_json())  # loads the round's view
    statements = count_statements(app)
    sio = connect(app, client, body)
    state = next(e["args"][0] for e in sio.get_received("/play") if e["name"] == "state")
    assert state["status"] == "lobby" and state["my"] == {"score": 0, "answered": [], "rank": None}
    assert statements == []  # no database round trip for a just-joined official in the lobby
    assert client.post(f"/api/v1/rounds/{live['round_id']}/start", headers=auth(live["token"])).status_code == 200
    question = next(e["args"][0] for e in sio.get_received("/play") if e["name"] == "question")
    ack = sio.emit("answer", {"question_id": question["question_id"], "options": [question["options"][0]["id"]]},
                   namespace="/play", callback=True)
    assert ack["ok"] is True
    sio.disconnect(namespace="/play")
    again = connect(app, client, body)  # the second connect: from the stored answers
    state = next(e["args"][0] for e in again.get_received("/play") if e["name"] == "state")
    assert state["status"] == "question" and state["my"]["answered"] == [question["question_id"]]
    first.disconnect(namespace="/play")


def test_a_phone_joining_after_the_start_gets_its_state_from_the_database(app, client, live):
    assert client.post(f"/api/v1/rounds/{live['round_id']}/start", headers=auth(live["token"])).status_code == 200
    body = join(client, live).get_json()
    sio = connect(app, client, body)
    state = next(e["args"][0] for e in sio.get_received("/play") if e["name"] == "state")
    assert state["status"] == "question" and state["question"] is not None and state["my"]["answered"] == []


def test_an_event_payload_carries_the_time_its_frame_was_read_and_a_client_cannot_set_it():
    packet = Packet(encoded_packet='2/play,7["answer",{"question_id":5,"options":[1],"received_ms":0}]')
    payload = packet.data[1]
    assert isinstance(payload, Received) and payload.received_ms > 1_700_000_000_000
    assert received_ms(payload) == payload.received_ms and payload["received_ms"] == 0
    assert not isinstance(Packet(encoded_packet='2/play,["answer","rác"]').data[1], Received)


def test_an_answer_read_before_the_deadline_counts_though_its_turn_came_after(app, client, live):
    body = join(client, live).get_json()
    assert client.post(f"/api/v1/rounds/{live['round_id']}/start", headers=auth(live["token"])).status_code == 200
    hub = app.extensions["contest_hub"]
    question = hub.view(live["round_id"]).question
    session = PlaySession(body["participant_id"], live["round_id"], "vi")
    choice = [question.options[0][0]]
    opened = now_ms() - 5000  # a 1 s question that closed 4 s ago, as a loop far behind sees it
    question = replace(question, opens_ms=opened, deadline_ms=opened + 1000)
    local = hub.registry.local(live["round_id"])
    local.view = replace(local.view, question=question)
    unstamped = {"question_id": question.question_id, "options": choice}
    with pytest.raises(DomainError) as refused:  # judged when its turn came: long after
        accept_answer(hub, session, unstamped)
    assert refused.value.code == "late"
    stamped = Received(unstamped)
    stamped.received_ms = opened + 800  # its frame was read 0.8 s in
    assert accept_answer(hub, session, stamped) == {"ok": True, "received_ms": opened + 800}
    stored = db.session.scalars(sa.select(Answer)).one()
    assert stored.time_ms == 800 and stored.received_ms == opened + 800
