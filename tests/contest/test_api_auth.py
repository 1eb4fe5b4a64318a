"""The organiser API answers 401 with the error object, never an HTML redirect."""
import pytest

from factories import auth, make_organiser

PROTECTED = [
    ("get", "/api/v1/question-banks"),
    ("post", "/api/v1/question-banks"),
    ("get", "/api/v1/question-banks/1"),
    ("get", "/api/v1/question-banks/template.xlsx"),
    ("get", "/api/v1/question-banks/1/export.xlsx"),
    ("post", "/api/v1/agencies/import"),
    ("get", "/api/v1/agencies"),
    ("post", "/api/v1/contests"),
    ("post", "/api/v1/contests/1/rounds"),
]


@pytest.mark.parametrize("method,path", PROTECTED)
@pytest.mark.parametrize("header", [None, "Bearer wrong-token", "Basic YWRtaW46YWRtaW4=", "Bearer "])
def test_api_refuses_missing_or_wrong_token(client, method, path, header):
    headers = {"Authorization": header} if header else {}
    response = getattr(client, method)(path, headers=headers)
    assert response.status_code == 401
    assert response.is_json
    body = response.get_json()
    assert body["ok"] is False and body["error"] == "unauthorized"
    assert "xác thực" in body["message"]


def test_english_error_message_when_asked(client):
    body = client.get("/api/v1/agencies?lang=en").get_json()
    assert body["message"] == "Missing or wrong credential."


def test_valid_token_is_accepted_and_revoked_token_is_not(app, client):
    from contest.services.organisers import revoke_tokens

    organiser_id, token = make_organiser()
    assert client.get("/api/v1/question-banks", headers=auth(token)).status_code == 200
    revoke_tokens(organiser_id)
    assert client.get("/api/v1/question-banks", headers=auth(token)).status_code == 401


def test_unknown_api_path_is_json_404(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.get_json()["error"] == "not_found"


def test_tokens_are_stored_hashed(app):
    import sqlalchemy as sa

    from contest.extensions import db
    from contest.models import ApiToken, Organiser

    _, token = make_organiser()
    stored = db.session.scalar(sa.select(ApiToken.token_hash))
    assert token not in stored and len(stored) == 64
    password_hash = db.session.scalar(sa.select(Organiser.password_hash))
    assert "mat-khau-dai-1" not in password_hash
