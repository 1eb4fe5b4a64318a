"""The join endpoint answers before Flask (`contest/api/join.py`): the same contract as
every API route, tried with what a stranger can send it."""
import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import Participant, Round

from factories import make_agencies, make_live_round


@pytest.fixture
def code(app):
    make_agencies()
    _, round_id = make_live_round()
    return db.session.get(Round, round_id).join_code


def agency():
    return db.session.execute(sa.text("SELECT id FROM agency WHERE code = 'SNV'")).scalar()


def test_a_join_answers_with_a_token_a_device_cookie_and_the_security_headers(client, code):
    response = client.post("/api/v1/join", json={"join_code": code, "name": "Phạm Thị Dung", "agency_id": agency()})
    assert response.status_code == 200 and response.get_json()["name"] == "Phạm Thị Dung"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("device=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    again = client.post("/api/v1/join", json={"join_code": code, "name": "Phạm Thị Dung", "agency_id": agency()})
    assert again.get_json()["participant_id"] == response.get_json()["participant_id"]  # the cookie came back


@pytest.mark.parametrize("data, content_type", [
    (b"not json", "application/json"), (b"[1, 2]", "application/json"), (b'"chu\xe1"', "application/json"),
    (b"[" * 5000 + b"]" * 5000, "application/json"), (b'{"join_code": "X"}', "text/plain"),
    (b"", "application/json"), (b"\xff\xfe\x00", "application/json"),
])
def test_a_body_that_is_not_a_json_object_is_bad_payload_and_nothing_joins(client, code, data, content_type):
    response = client.post("/api/v1/join", data=data, content_type=content_type)
    assert response.status_code == 400
    assert response.get_json() == {"ok": False, "error": "bad_payload", "message": "Cần một đối tượng JSON."}
    assert db.session.scalar(sa.select(sa.func.count(Participant.id))) == 0


def test_a_big_body_is_refused_before_it_is_read(client, code):
    response = client.post("/api/v1/join", json={"join_code": code, "name": "A" * 20_000, "agency_id": 1})
    assert response.status_code == 413 and response.get_json()["error"] == "payload_too_large"


def test_errors_in_english_when_asked_and_the_choice_is_remembered(client, code):
    response = client.post("/api/v1/join?lang=en", json={"join_code": "SAIMA", "name": "An", "agency_id": 1})
    assert response.status_code == 404
    assert response.get_json()["message"] == "That join code is not right."
    assert any(c.startswith("lang=en") for c in response.headers.getlist("Set-Cookie"))
    later = client.post("/api/v1/join", json={"join_code": code, "name": "An", "agency_id": 999999})
    assert later.status_code == 400 and "agency" in later.get_json()["message"].lower()


def test_other_methods_get_405_with_the_error_object(client):
    response = client.get("/api/v1/join?lang=en")
    assert response.status_code == 405 and response.headers["Allow"] == "POST"
    assert response.get_json() == {"ok": False, "error": "bad_payload", "message": "Only POST requests are accepted."}
