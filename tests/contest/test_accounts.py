"""Sign-in, accounts, roles, API tokens, the console token and the audit log."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from flask import g

from contest.extensions import db, socketio
from contest.models import AuditEvent, Organiser
from contest.services import organisers, tokens
from contest.services.clock import now_ms

from factories import auth, make_live_round, make_organiser

PASSWORD = "mat-khau-dai-1"


def csrf(client, path: str) -> str:
    g.pop("csrf_token", None)  # the tests' app context outlives requests: each client its own token
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def sign_in(client, name="bantochuc", password=PASSWORD, address="10.0.0.1"):
    return client.post("/organiser/login", data={"csrf_token": csrf(client, "/organiser/login"),
                                                 "name": name, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_an_unknown_name_costs_the_same_scrypt_as_a_wrong_password(app, monkeypatch):
    make_organiser()
    hashed = []
    real = organisers.check_password_hash

    def counting(stored: str, password: str) -> bool:
        hashed.append(stored.split("$")[0])
        return real(stored, password)

    monkeypatch.setattr(organisers, "check_password_hash", counting)
    assert organisers.authenticate("khong-co-ai", "sai") is None
    assert organisers.authenticate("bantochuc", "sai") is None
    assert organisers.authenticate("bantochuc", PASSWORD).name == "bantochuc"
    assert len(hashed) == 3 and len(set(hashed)) == 1  # same method and cost every time


def test_guessing_one_account_backs_off_without_locking_out_the_right_password_elsewhere(app, client):
    make_organiser()
    for _ in range(3):
        assert "Sai tên đăng nhập" in sign_in(client, password="sai-mat-khau").get_data(as_text=True)
    slowed = sign_in(client, password="sai-mat-khau")
    assert slowed.status_code == 200  # the fourth failure is counted and starts the back-off
    waiting = sign_in(client)  # even the right password waits, from this address
    assert waiting.status_code == 429 and int(waiting.headers["Retry-After"]) >= 1
    office = client.application.test_client()
    assert sign_in(office, address="10.0.0.2").status_code == 302  # the organiser elsewhere gets in


def test_one_address_guessing_many_accounts_is_limited(app, client):
    make_organiser()
    for i in range(20):
        sign_in(client, name=f"nguoi-{i}", password="sai", address="10.6.6.6")
    assert sign_in(client, address="10.6.6.6").status_code == 429
    assert sign_in(client.application.test_client(), address="10.6.6.7").status_code == 302


def test_the_console_token_ends_with_the_sign_in(app, client):
    organiser_id, _ = make_organiser()
    _, round_id = make_live_round(organiser_id)
    assert sign_in(client).status_code == 302
    page = client.get(f"/organiser/rounds/{round_id}/console").get_data(as_text=True)
    console = re.search(r'data-token="([^"]+)"', page).group(1)
    secret = app.config["SECRET_KEY"]
    assert tokens.organiser_for_console_token(secret, console).id == organiser_id
    host = socketio.test_client(app, namespace="/host", flask_test_client=client,
                                auth={"token": console, "round_id": round_id})
    assert host.is_connected("/host")
    client.post("/organiser/logout", data={"csrf_token": csrf(client, "/organiser/tokens")})
    assert client.get("/organiser/").status_code == 302
    assert tokens.organiser_for_console_token(secret, console) is None
    again = socketio.test_client(app, namespace="/host", flask_test_client=client, auth={"token": console})
    assert not again.is_connected("/host")


def test_tokens_are_listed_expire_and_can_be_revoked_on_the_page(app, client):
    organiser_id, token = make_organiser()
    assert sign_in(client).status_code == 302
    made = client.post("/organiser/tokens", data={"csrf_token": csrf(client, "/organiser/tokens"),
                                                  "label": "bảng điểm tỉnh", "days": "7"})
    new = re.search(r'<pre class="token">(ct_[^<]+)</pre>', made.get_data(as_text=True)).group(1)
    assert client.get("/api/v1/contests", headers=auth(new)).status_code == 200
    listed = tokens.list_tokens(organiser_id)
    mine = next(t for t in listed if t["label"] == "bảng điểm tỉnh")
    assert mine["last_used_ms"] is not None and 6 * 86_400_000 < mine["expires_ms"] - now_ms() <= 7 * 86_400_000
    assert "bảng điểm tỉnh" in client.get("/organiser/tokens").get_data(as_text=True)
    assert tokens.organiser_for_token(new, now=mine["expires_ms"] + 1) is None  # expired
    client.post(f"/organiser/tokens/{mine['token_id']}/revoke",
                data={"csrf_token": csrf(client, "/organiser/tokens")})
    assert client.get("/api/v1/contests", headers=auth(new)).status_code == 401
    assert client.get("/api/v1/contests", headers=auth(token)).status_code == 200  # the other stays


def test_another_accounts_token_cannot_be_revoked(app, client):
    _, token = make_organiser()
    other_id, _ = make_organiser("khac", role="organiser")
    theirs = tokens.list_tokens(other_id)[0]["token_id"]
    assert sign_in(client).status_code == 302
    response = client.post(f"/organiser/tokens/{theirs}/revoke",
                           data={"csrf_token": csrf(client, "/organiser/tokens")})
    assert response.status_code == 404
    assert tokens.list_tokens(other_id)[0]["revoked"] is False


def test_an_admin_makes_accounts_and_roles_and_disabling_one_ends_its_access(app, client):
    make_organiser()
    _, viewer_token = make_organiser("giamsat", role="viewer")
    assert sign_in(client).status_code == 302
    page = client.post("/organiser/accounts", data={"csrf_token": csrf(client, "/organiser/accounts"),
                                                    "name": "so-noi-vu", "role": "organiser"})
    password = re.search(r'<pre class="token" id="new-password">([^<]+)</pre>', page.get_data(as_text=True)).group(1)
    created = db.session.scalar(sa.select(Organiser).where(Organiser.name == "so-noi-vu"))
    assert created.role == "organiser" and organisers.authenticate("so-noi-vu", password).id == created.id
    viewer = db.session.scalar(sa.select(Organiser).where(Organiser.name == "giamsat"))
    client.post(f"/organiser/accounts/{viewer.id}/disable", data={"csrf_token": csrf(client, "/organiser/accounts")})
    assert client.get("/api/v1/contests", headers=auth(viewer_token)).status_code == 401
    assert organisers.authenticate("giamsat", PASSWORD) is None
    me = db.session.scalar(sa.select(Organiser).where(Organiser.name == "bantochuc"))
    refused = client.post(f"/organiser/accounts/{me.id}/role", follow_redirects=True,
                          data={"csrf_token": csrf(client, "/organiser/accounts"), "role": "viewer"})
    assert "ít nhất một quản trị viên" in refused.get_data(as_text=True)
    db.session.refresh(me)
    assert me.role == "admin"


def test_a_non_admin_has_no_account_pages(app, client):
    make_organiser("nguoi-to-chuc", role="organiser")
    assert sign_in(client, name="nguoi-to-chuc").status_code == 302
    assert client.get("/organiser/accounts").status_code == 404
    assert client.get("/organiser/audit").status_code == 404
    assert "/organiser/accounts" not in client.get("/organiser/").get_data(as_text=True)


def test_the_first_account_administers(app):
    assert organisers.create_organiser("dau-tien", PASSWORD).role == "admin"
    assert organisers.create_organiser("thu-hai", PASSWORD).role == "organiser"


def test_the_audit_log_records_who_did_what_and_no_secret(app, client):
    organiser_id, token = make_organiser()
    _, round_id = make_live_round(organiser_id)
    sign_in(client, password="sai-mat-khau")
    sign_in(client, name="mat-khau-go-nham-o-o-ten")  # a password typed in the name field
    assert sign_in(client).status_code == 302
    made = client.post("/organiser/tokens", data={"csrf_token": csrf(client, "/organiser/tokens"), "days": "0"})
    new = re.search(r'<pre class="token">(ct_[^<]+)</pre>', made.get_data(as_text=True)).group(1)
    client.post(f"/api/v1/rounds/{round_id}/start", headers=auth(new))
    client.get(f"/api/v1/rounds/{round_id}/results.xlsx", headers=auth(token))
    actions = [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[:5] == ["login_failed", "login_failed", "login", "token_issued", "round_control"]
    assert "results_exported" in actions
    everything = " ".join(f"{e.actor} {e.subject} {e.detail}" for e in db.session.scalars(sa.select(AuditEvent)))
    for secret in (new, token, PASSWORD, "mat-khau-go-nham-o-o-ten", "sai-mat-khau"):
        assert secret not in everything
    page = client.get("/organiser/audit").get_data(as_text=True)
    assert "round_control" in page and "bantochuc" in page


@pytest.mark.parametrize("args, role", [([], "admin"), (["--role", "viewer"], "viewer")])
def test_cli_organiser_roles_and_tokens(app, runner, args, role):
    created = runner.invoke(args=["organiser", "create", "cli-user", "--password", PASSWORD, *args])
    assert created.exit_code == 0 and f"({role})" in created.output
    assert runner.invoke(args=["organiser", "role", "cli-user", "organiser"]).exit_code == (
        1 if role == "admin" else 0)  # the only admin stays one
    issued = runner.invoke(args=["organiser", "token", "cli-user", "--days", "3", "--label", "bảng"])
    token = issued.output.strip().splitlines()[-1]
    assert token.startswith("ct_")
    listed = runner.invoke(args=["organiser", "tokens", "cli-user"]).output
    assert "bảng" in listed and "active" in listed and token not in listed
    token_id = listed.split()[0]
    assert runner.invoke(args=["organiser", "revoke", "cli-user", token_id]).exit_code == 0
    assert "revoked" in runner.invoke(args=["organiser", "tokens", "cli-user"]).output
    assert "cli-user" in runner.invoke(args=["organiser", "list"]).output


def test_the_display_token_can_be_rotated(app, client):
    organiser_id, token = make_organiser()
    contest_id, round_id = make_live_round(organiser_id)
    old = client.get("/api/v1/contests", headers=auth(token)).get_json()[0]["display_token"]
    assert client.get(f"/display/{old}").status_code == 200
    new = client.post(f"/api/v1/contests/{contest_id}/display-token", headers=auth(token)).get_json()["display_token"]
    assert new != old and client.get(f"/display/{new}").status_code == 200
    assert client.get(f"/display/{old}").status_code == 404
    screen = socketio.test_client(app, namespace="/display", flask_test_client=client, auth={"display_token": old})
    assert not screen.is_connected("/display")
