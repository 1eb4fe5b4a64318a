"""Agencies, contests and rounds through the API."""
import io

import pytest

import question_bank as qb

from factories import auth, make_bank, make_organiser, question_rows


def test_roster_import_builds_the_tree(app, client):
    _, token = make_organiser()
    roster = qb.Roster(
        agencies=[qb.AgencyRow("T", "Tỉnh", None, None), qb.AgencyRow("SNV", "Sở Nội vụ", "T", 40),
                  qb.AgencyRow("P1", "Phòng Cải cách hành chính", "SNV", 8)],
        officials=[qb.OfficialRow("CB1", "Nguyễn Văn An", "P1")],
    )
    response = client.post("/api/v1/agencies/import", headers=auth(token),
                           data={"file": (io.BytesIO(qb.write_roster(roster)), "ds.xlsx")})
    assert response.status_code == 201
    assert response.get_json() == {"agencies": 3, "officials": 1, "pins_generated": 1}
    listed = {a["code"]: a for a in client.get("/api/v1/agencies", headers=auth(token)).get_json()}
    assert listed["P1"]["parent_id"] == listed["SNV"]["agency_id"]
    assert listed["SNV"]["parent_id"] == listed["T"]["agency_id"]
    assert listed["SNV"]["headcount"] == 40 and listed["T"]["headcount"] is None


def test_bad_roster_is_refused_whole(app, client):
    _, token = make_organiser()
    roster = qb.Roster(agencies=[qb.AgencyRow("SNV", "Sở Nội vụ", "KHONG-CO", 40)], officials=[])
    response = client.post("/api/v1/agencies/import", headers=auth(token),
                           data={"file": (io.BytesIO(qb.write_roster(roster)), "ds.xlsx")})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["row"] == 2
    assert client.get("/api/v1/agencies", headers=auth(token)).get_json() == []


def test_agency_search_ignores_diacritics(app, client):
    from factories import make_agencies

    make_agencies()
    found = client.get("/api/v1/agencies/search?q=so noi vu").get_json()
    assert [a["name"] for a in found] == ["Sở Nội vụ"]
    found = client.get("/api/v1/agencies/search?q=cai cach").get_json()
    assert found[0]["path"] == "Ủy ban nhân dân tỉnh › Sở Nội vụ › Phòng Cải cách hành chính"


def test_contest_and_live_round_creation(app, client):
    organiser_id, token = make_organiser()
    bank_id = make_bank(organiser_id)
    created = client.post("/api/v1/contests", headers=auth(token),
                          json={"title": "Hội thi cải cách hành chính năm 2026"})
    assert created.status_code == 201
    contest = created.get_json()
    assert contest["display_token"] and contest["contest_id"]
    response = client.post(f"/api/v1/contests/{contest['contest_id']}/rounds", headers=auth(token),
                           json={"title": "Vòng 1", "mode": "live", "bank_id": bank_id,
                                 "question_count": 5})
    assert response.status_code == 201
    body = response.get_json()
    assert len(body["join_code"]) == 6 and body["round_id"]


@pytest.mark.parametrize("patch,field", [
    ({"mode": "quiz"}, "mode"),
    ({"question_count": "10"}, "question_count"),
    ({"question_count": 0}, "question_count"),
    ({"seconds_per_question": 1}, "seconds_per_question"),
    ({"title": ""}, "title"),
    ({"bank_id": None}, "bank_id"),
    ({"scoring": "random"}, "scoring"),
    ({"mode": "self_paced", "opens_at_ms": 2000, "closes_at_ms": 1000}, "closes_at_ms"),
    ({"quotas": [{"topic": "Không có", "count": 1}]}, "quotas"),
])
def test_bad_round_settings_name_the_field(app, client, patch, field):
    organiser_id, token = make_organiser()
    bank_id = make_bank(organiser_id)
    contest_id = client.post("/api/v1/contests", headers=auth(token), json={"title": "T"}).get_json()["contest_id"]
    body = {"title": "Vòng 1", "mode": "live", "bank_id": bank_id, "question_count": 5, **patch}
    response = client.post(f"/api/v1/contests/{contest_id}/rounds", headers=auth(token), json=body)
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_payload"
    assert response.get_json()["field"] == field


def test_round_needing_more_questions_than_the_bank_has(app, client):
    organiser_id, token = make_organiser()
    bank_id = make_bank(organiser_id, question_rows(3))
    contest_id = client.post("/api/v1/contests", headers=auth(token), json={"title": "T"}).get_json()["contest_id"]
    response = client.post(f"/api/v1/contests/{contest_id}/rounds", headers=auth(token),
                           json={"title": "V", "mode": "live", "bank_id": bank_id, "question_count": 10})
    assert response.status_code == 400
    assert "không đủ" in response.get_json()["message"]


def test_malformed_json_is_bad_payload(app, client):
    _, token = make_organiser()
    response = client.post("/api/v1/contests", headers={**auth(token), "Content-Type": "application/json"},
                           data="{not json")
    assert response.status_code == 400
    assert response.get_json()["error"] == "bad_payload"


VIETNAMESE_LETTERS = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def _has_vietnamese(text: str) -> bool:
    return bool(set(text.lower()) & VIETNAMESE_LETTERS)


@pytest.mark.parametrize("patch", [
    {"mode": "self_paced", "opens_at_ms": 2000, "closes_at_ms": 1000},
    {"question_count": 0},
    {"quotas": [{"topic": "Không có", "count": 1}]},
    {"question_count": 100},
])
def test_round_errors_speak_the_clients_language_only(app, client, patch):
    organiser_id, token = make_organiser()
    bank_id = make_bank(organiser_id, question_rows(3))
    contest_id = client.post("/api/v1/contests", headers=auth(token), json={"title": "T"}).get_json()["contest_id"]
    body = {"title": "Vòng 1", "mode": "live", "bank_id": bank_id, "question_count": 2, **patch}
    english = client.post(f"/api/v1/contests/{contest_id}/rounds?lang=en", headers=auth(token),
                          json=body).get_json()["message"]
    vietnamese = client.post(f"/api/v1/contests/{contest_id}/rounds?lang=vi", headers=auth(token),
                             json=body).get_json()["message"]
    # a topic name is data and stays as it was written
    assert not _has_vietnamese(english.replace("Không có", "")), english
    assert _has_vietnamese(vietnamese) and not any(w in vietnamese for w in ("closes_at_ms", "Field")), vietnamese


def test_a_wrong_join_code_is_told_in_english_alone(app, client):
    body = client.post("/api/v1/join?lang=en", json={"join_code": "NOPE00", "name": "An",
                                                     "agency_id": 1}).get_json()
    assert body["error"] == "not_found" and body["message"] == "That join code is not right."
