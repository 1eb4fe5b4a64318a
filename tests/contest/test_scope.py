"""Each organiser sees their own: another organiser's contests, rounds, answers and private
banks are not_found (API, pages and the /host socket); viewers watch and download only."""
from __future__ import annotations

import io
import re

import pytest

from contest.extensions import socketio

from factories import auth, bank_workbook, make_agencies, make_organiser


def api(client, method: str, path: str, token: str, **kw):
    return client.open("/api/v1" + path, method=method, headers=auth(token), **kw)


@pytest.fixture
def two(app, client):
    """Alice and Bình organise; Alice has a bank, a contest and a round with one answer."""
    make_agencies()
    _, alice = make_organiser("alice", role="organiser")
    bob_id, bob = make_organiser("binh", role="organiser")
    _, viewer = make_organiser("giamsat", role="viewer")
    bank = api(client, "POST", "/question-banks", alice, data={
        "file": (io.BytesIO(bank_workbook()), "nh.xlsx"), "name": "Bộ đề của Alice"}).get_json()["bank_id"]
    contest = api(client, "POST", "/contests", alice, json={"title": "Hội thi của Alice"}).get_json()
    round_ = api(client, "POST", f"/contests/{contest['contest_id']}/rounds", alice, json={
        "title": "Vòng một", "mode": "live", "bank_id": bank, "question_count": 3}).get_json()
    return {"alice": alice, "bob": bob, "bob_id": bob_id, "viewer": viewer, "bank": bank,
            "contest": contest["contest_id"], "round": round_["round_id"],
            "display": contest["display_token"]}


def test_another_organisers_token_sees_nothing_of_the_first(app, client, two):
    bob, r, b = two["bob"], two["round"], two["bank"]
    assert api(client, "GET", "/contests", bob).get_json() == []
    assert api(client, "GET", "/question-banks", bob).get_json() == []
    for path in (f"/rounds/{r}", f"/rounds/{r}/answers", f"/rounds/{r}/leaderboard",
                 f"/rounds/{r}/results.xlsx", f"/question-banks/{b}", f"/question-banks/{b}/export.xlsx"):
        response = api(client, "GET", path, bob)
        assert response.status_code == 404 and response.get_json()["error"] == "not_found", path
    # exactly what a round that does not exist answers: an id tells nothing
    assert api(client, "GET", f"/rounds/{r}", bob).get_json() == api(client, "GET", "/rounds/9999", bob).get_json()


def test_another_organiser_cannot_control_change_or_draw_from_it(app, client, two):
    bob, r, b, c = two["bob"], two["round"], two["bank"], two["contest"]
    for action in ("start", "next", "pause", "resume", "finish"):
        assert api(client, "POST", f"/rounds/{r}/{action}", bob).status_code == 404
    assert api(client, "POST", f"/contests/{c}/rounds", bob, json={
        "title": "Chen ngang", "mode": "live", "bank_id": b, "question_count": 3}).status_code == 404
    assert api(client, "POST", f"/contests/{c}/display-token", bob).status_code == 404
    own = api(client, "POST", "/contests", bob, json={"title": "Hội thi của Bình"}).get_json()["contest_id"]
    stolen = api(client, "POST", f"/contests/{own}/rounds", bob, json={
        "title": "Vòng lấy đề", "mode": "live", "bank_id": b, "question_count": 3})
    assert stolen.status_code == 404 and stolen.get_json()["field"] == "bank_id"
    added = api(client, "POST", "/question-banks", bob, data={
        "file": (io.BytesIO(bank_workbook()), "nh.xlsx"), "bank_id": str(b)})
    assert added.status_code == 404
    assert api(client, "GET", f"/rounds/{r}", two["alice"]).get_json()["status"] == "lobby"


def test_a_shared_bank_can_be_used_but_not_changed(app, client, two):
    alice, bob, b = two["alice"], two["bob"], two["bank"]
    shared = api(client, "POST", f"/question-banks/{b}/shares", alice, json={"organiser": "binh"})
    assert shared.status_code == 200 and shared.get_json()["shared_with"] == ["binh"]
    assert [x["bank_id"] for x in api(client, "GET", "/question-banks", bob).get_json()] == [b]
    assert api(client, "GET", f"/question-banks/{b}/export.xlsx", bob).status_code == 200
    own = api(client, "POST", "/contests", bob, json={"title": "Hội thi của Bình"}).get_json()["contest_id"]
    assert api(client, "POST", f"/contests/{own}/rounds", bob, json={
        "title": "Vòng dùng chung đề", "mode": "live", "bank_id": b, "question_count": 3}).status_code == 201
    added = api(client, "POST", "/question-banks", bob, data={
        "file": (io.BytesIO(bank_workbook()), "nh.xlsx"), "bank_id": str(b)})
    assert added.status_code == 403 and added.get_json()["error"] == "forbidden"
    assert api(client, "POST", f"/question-banks/{b}/shares", bob, json={"organiser": "giamsat"}).status_code == 403
    api(client, "DELETE", f"/question-banks/{b}/shares/{two['bob_id']}", alice)
    assert api(client, "GET", f"/question-banks/{b}", bob).status_code == 404


def test_a_viewer_watches_and_downloads_but_changes_nothing(app, client, two):
    viewer, r, c = two["viewer"], two["round"], two["contest"]
    assert [x["contest_id"] for x in api(client, "GET", "/contests", viewer).get_json()] == [c]
    assert api(client, "GET", f"/rounds/{r}", viewer).status_code == 200
    assert api(client, "GET", f"/rounds/{r}/results.xlsx", viewer).status_code == 200
    for method, path in (("POST", f"/rounds/{r}/start"), ("POST", "/contests"),
                         ("POST", f"/contests/{c}/rounds"), ("POST", f"/contests/{c}/display-token")):
        response = api(client, method, path, viewer, json={"title": "x"})
        assert response.status_code == 403 and response.get_json()["error"] == "forbidden", path
    assert api(client, "GET", "/question-banks", viewer).get_json() == []  # answer keys: not theirs
    assert api(client, "GET", f"/question-banks/{two['bank']}/export.xlsx", viewer).status_code == 404


def test_an_admin_sees_and_controls_everything(app, client, two):
    _, admin = make_organiser("quantri", role="admin")
    assert [x["contest_id"] for x in api(client, "GET", "/contests", admin).get_json()] == [two["contest"]]
    assert api(client, "POST", f"/rounds/{two['round']}/start", admin).get_json()["status"] == "question"


# the organiser pages ------------------------------------------------------------------------

def log_in(client, name: str) -> None:
    html = client.get("/organiser/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    assert client.post("/organiser/login", data={"csrf_token": token, "name": name,
                                                  "password": "mat-khau-dai-1"}).status_code == 302


def test_the_pages_of_another_organiser_are_not_found(app, client, two):
    log_in(client, "binh")
    assert "Hội thi của Alice" not in client.get("/organiser/").get_data(as_text=True)
    assert "Bộ đề của Alice" not in client.get("/organiser/banks").get_data(as_text=True)
    r, b, c = two["round"], two["bank"], two["contest"]
    for path in (f"/organiser/contests/{c}", f"/organiser/rounds/{r}/console",
                 f"/organiser/rounds/{r}/participation", f"/organiser/rounds/{r}/results.xlsx",
                 f"/organiser/banks/{b}", f"/organiser/banks/{b}/export.xlsx", f"/organiser/banks/{b}/quality",
                 "/organiser/accounts",
                 "/organiser/audit"):
        assert client.get(path).status_code == 404, path


def test_a_viewer_sees_the_console_but_no_control_forms(app, client, two):
    log_in(client, "giamsat")
    assert client.get(f"/organiser/rounds/{two['round']}/console").status_code == 200
    page = client.get(f"/organiser/contests/{two['contest']}").get_data(as_text=True)
    assert "Tạo vòng thi" in page and 'name="title"' not in page  # no form to make a round


# the /host socket ---------------------------------------------------------------------------

def host(app, client, token: str, **auth_extra):
    return socketio.test_client(app, namespace="/host", flask_test_client=client,
                                auth={"token": token, **auth_extra})


def test_the_host_socket_keeps_each_organiser_to_their_rounds(app, client, two):
    r = two["round"]
    assert not host(app, client, two["bob"], round_id=r).is_connected("/host")
    bob = host(app, client, two["bob"])
    assert bob.is_connected("/host")
    assert bob.emit("watch", {"round_id": r}, namespace="/host", callback=True)["error"] == "not_found"
    refused = bob.emit("start", {"round_id": r}, namespace="/host", callback=True)
    assert refused["ok"] is False and refused["error"] == "not_found"
    assert not [m for m in bob.get_received("/host") if m["name"] == "state"]

    viewer = host(app, client, two["viewer"], round_id=r)
    assert viewer.is_connected("/host")
    assert viewer.emit("start", {"round_id": r}, namespace="/host", callback=True)["error"] == "forbidden"
    assert api(client, "GET", f"/rounds/{r}", two["alice"]).get_json()["status"] == "lobby"

    alice = host(app, client, two["alice"], round_id=r)
    assert alice.emit("start", {"round_id": r}, namespace="/host", callback=True)["status"] == "question"
