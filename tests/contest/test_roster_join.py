"""Roster joins need the official's PIN: nothing about an official leaks without it, guesses
are limited per code and per client, and a rejoin from a new device is seen by the organiser."""
from __future__ import annotations

import pytest

from contest.config import TestConfig
from contest.extensions import db
from contest.models import AuditEvent, Participant, Round

from factories import PINS, make_agencies, make_live_round, make_organiser

HALL = {"REMOTE_ADDR": "10.1.1.1"}


@pytest.fixture
def roster(app):
    organiser_id, token = make_organiser()
    agencies = make_agencies()
    _, round_id = make_live_round(organiser_id, registration="roster")
    return {"code": db.session.get(Round, round_id).join_code, "round_id": round_id, "token": token,
            "agencies": agencies}


def join(client, code: str, address: str = "10.0.0.1", **body):
    return client.post("/api/v1/join", json={"join_code": code, **body},
                       environ_base={"REMOTE_ADDR": address})


def test_the_officials_code_alone_gets_no_token_and_no_name(app, client, roster):
    alone = join(client, roster["code"], official_code="CB1")
    wrong = join(client, roster["code"], official_code="CB1", pin="000000")
    unknown = join(client, roster["code"], official_code="KHONG-CO", pin="000000")
    for response in (alone, wrong, unknown):
        assert response.status_code == 401
        body = response.get_json()
        assert body["error"] == "unauthorized" and "participant_token" not in body
        assert "Nguyễn Văn An" not in response.get_data(as_text=True)
    # the same answer whether the code exists or not: nothing to enumerate codes with
    assert alone.get_json() == wrong.get_json() == unknown.get_json()
    assert db.session.query(Participant).count() == 0


@pytest.mark.parametrize("pin", [None, "", 482915, ["482915"], "4829150000000000000000000"])
def test_a_pin_of_the_wrong_shape_is_only_wrong(app, client, roster, pin):
    response = join(client, roster["code"], official_code="CB1", pin=pin)
    assert response.status_code == 401 and response.get_json()["error"] == "unauthorized"


def test_the_right_pin_joins_and_a_new_device_rejoins_as_the_same_participant(app, client, roster):
    first = join(client, roster["code"], official_code="CB1", pin=PINS["CB1"])
    assert first.status_code == 200 and first.get_json()["name"] == "Nguyễn Văn An"
    again = join(client, roster["code"], official_code="CB1", pin=PINS["CB1"])  # same device
    phone = app.test_client()  # another phone: no device cookie
    moved = join(phone, roster["code"], official_code="CB1", pin=f" {PINS['CB1']} ")
    ids = {r.get_json()["participant_id"] for r in (first, again, moved)}
    assert len(ids) == 1
    participant = db.session.get(Participant, ids.pop())
    db.session.refresh(participant)
    assert participant.rejoins == 1 and participant.last_rejoin_ms is not None
    rejoined = db.session.query(AuditEvent).filter_by(action="participant_rejoined").one()
    assert rejoined.subject == f"participant {participant.id}"


def test_thirty_wrong_guesses_from_one_client_end_in_rate_limited(app, client, roster):
    codes = [f"CB{i:04d}" for i in range(30)]
    statuses = [join(client, roster["code"], official_code=code, pin="123456").status_code for code in codes]
    assert statuses[0] == 401 and statuses[-1] == 429
    limited = join(client, roster["code"], official_code="CB1", pin=PINS["CB1"])
    assert limited.status_code == 429 and limited.get_json()["error"] == "rate_limited"
    assert int(limited.headers["Retry-After"]) > 0
    assert "Nguyễn Văn An" not in limited.get_data(as_text=True)
    # the hall keeps going: another client joins, and so does open registration
    other = join(app.test_client(), roster["code"], address="10.0.0.2", official_code="CB2", pin=PINS["CB2"])
    assert other.status_code == 200 and other.get_json()["name"] == "Trần Thị Bình"


def test_wrong_pins_for_one_code_are_limited_from_every_address(app, client, roster):
    for i in range(5):
        assert join(client, roster["code"], address=f"10.0.1.{i}", official_code="CB1",
                    pin="111111").status_code == 401
    # even the right PIN waits now: otherwise the limit would still tell which guess was right
    blocked = join(client, roster["code"], address="10.0.2.1", official_code="CB1", pin=PINS["CB1"])
    assert blocked.status_code == 429 and blocked.get_json()["error"] == "rate_limited"
    assert join(client, roster["code"], address="10.0.2.1", official_code="CB2",
                pin=PINS["CB2"]).status_code == 200


def test_a_removed_roster_entry_cannot_come_back_by_rejoining(app, client, roster):
    from contest.services import participant_admin
    from contest.services.audit import Actor

    body = join(client, roster["code"], official_code="CB1", pin=PINS["CB1"]).get_json()
    participant_admin.remove(roster["round_id"], body["participant_id"], 1, Actor(None, "test"))
    again = join(client, roster["code"], official_code="CB1", pin=PINS["CB1"])
    assert again.status_code == 403 and again.get_json()["error"] == "forbidden"


class _Limited(TestConfig):
    RATELIMIT_ENABLED = True
    JOIN_LIMIT = 3
    TRUSTED_PROXIES = "1"


class _LimitedNoProxy(TestConfig):
    RATELIMIT_ENABLED = True
    JOIN_LIMIT = 2


class _Unlimited(TestConfig):
    RATELIMIT_ENABLED = True
    JOIN_LIMIT = 0


def _open_round() -> tuple[int, str]:
    agency = make_agencies()["SNV"]
    _, round_id = make_live_round()
    return agency, db.session.get(Round, round_id).join_code


@pytest.mark.parametrize("app_config", [_Limited])
def test_the_join_limit_per_client_address(app, client):
    agency, code = _open_round()

    def from_(address: str, proxy: str = "127.0.0.1"):
        return client.post("/api/v1/join", json={"join_code": code, "name": "Lê Văn Hùng", "agency_id": agency},
                           headers={"X-Forwarded-For": address}, environ_base={"REMOTE_ADDR": proxy})

    assert [from_("10.9.9.1").status_code for _ in range(3)] == [200, 200, 200]
    refused = from_("10.9.9.1")
    assert refused.status_code == 429 and refused.get_json()["error"] == "rate_limited"
    assert int(refused.headers["Retry-After"]) > 0
    assert from_("10.9.9.2").status_code == 200  # behind the trusted proxy: its own budget


@pytest.mark.parametrize("app_config", [_LimitedNoProxy])
def test_without_trusted_proxies_a_forwarded_address_is_ignored(app, client):
    agency, code = _open_round()
    statuses = [client.post("/api/v1/join", json={"join_code": code, "name": "Lê Văn Hùng", "agency_id": agency},
                            headers={"X-Forwarded-For": f"10.8.0.{i}"}).status_code for i in range(3)]
    assert statuses == [200, 200, 429]  # a client cannot pick its address


@pytest.mark.parametrize("app_config", [_Unlimited])
def test_join_limit_zero_turns_it_off(app, client):
    agency, code = _open_round()
    statuses = {client.post("/api/v1/join", json={"join_code": code, "name": f"Người thi số {i}",
                                                  "agency_id": agency}).status_code for i in range(30)}
    assert statuses == {200}


def test_address_list_of_trusted_proxies():
    from contest.security import _AddressedProxies, _networks

    seen = {}

    def inner(environ, start_response):
        seen.update(addr=environ["REMOTE_ADDR"], scheme=environ["wsgi.url_scheme"])
        return []

    proxies = _AddressedProxies(inner, _networks("127.0.0.1, 10.0.0.0/24"))
    proxies({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 10.0.0.7",
             "HTTP_X_FORWARDED_PROTO": "https", "wsgi.url_scheme": "http"}, None)
    assert seen == {"addr": "1.2.3.4", "scheme": "https"}  # nginx, then an inner proxy, then the client
    proxies({"REMOTE_ADDR": "5.6.7.8", "HTTP_X_FORWARDED_FOR": "1.2.3.4", "wsgi.url_scheme": "http"}, None)
    assert seen == {"addr": "5.6.7.8", "scheme": "http"}  # not a proxy of ours: its header is ignored
