"""The display screen: its page, its QR code, and what /display sockets receive."""
import pytest
import sqlalchemy as sa

from contest.extensions import db, socketio
from contest.models import Contest, Option, Round, RoundQuestion
from contest.realtime.loop import Loop
from contest.services import engine
from contest.web.display import qr_svg

from factories import auth, make_agencies, make_live_round, make_organiser


@pytest.fixture
def live(app, client):
    organiser_id, token = make_organiser()
    agencies = make_agencies()
    contest_id, round_id = make_live_round(organiser_id, question_count=3, seconds_per_question=30,
                                           freeze_last=1)
    contest = db.session.get(Contest, contest_id)
    return {"token": token, "round_id": round_id, "agencies": agencies, "contest_id": contest_id,
            "display_token": contest.display_token, "code": db.session.get(Round, round_id).join_code,
            "hub": app.extensions["contest_hub"]}


def screen(app, client, live, **auth_extra):
    sio = socketio.test_client(app, namespace="/display", flask_test_client=client,
                               auth={"display_token": live["display_token"], **auth_extra})
    assert sio.is_connected("/display")
    return sio


def player(app, client, live, name, agency):
    body = client.post("/api/v1/join", json={"join_code": live["code"], "name": name,
                                             "agency_id": live["agencies"][agency]}).get_json()
    sio = socketio.test_client(app, namespace="/play", auth={"token": body["participant_token"]},
                               flask_test_client=client)
    return sio, body["participant_id"]


def received(sio, name, namespace="/display"):
    return [e["args"][0] for e in sio.get_received(namespace) if e["name"] == name]


def question_at(live, position):
    return db.session.scalar(sa.select(RoundQuestion).where(
        RoundQuestion.round_id == live["round_id"], RoundQuestion.position == position))


def correct_option(rq):
    return db.session.scalar(sa.select(Option.id).where(Option.question_id == rq.question_id,
                                                        Option.is_correct.is_(True)))


def control(client, live, action):
    response = client.post(f"/api/v1/rounds/{live['round_id']}/{action}", headers=auth(live["token"]))
    assert response.status_code == 200, response.get_json()


def close_question(live, position):
    """Let the deadline of a question pass on a fake clock; the hub announces the reveal."""
    engine.tick(question_at(live, position).deadline_ms + 10_000, 500)
    live["hub"].refresh(live["round_id"])


# --- the page -------------------------------------------------------------------------

def test_page_is_vietnamese_and_carries_the_join_code(client, live):
    page = client.get(f"/display/{live['display_token']}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="vi">' in html
    assert live["code"] in html and "Hội thi thử" in html and "người đã tham gia" in html
    assert "/static/vendor/socket.io.min.js" in html and "/static/display/display.js" in html
    english = client.get(f"/display/{live['display_token']}?lang=en").get_data(as_text=True)
    assert '<html lang="en">' in english


@pytest.mark.parametrize("path", ["/display/khong-dung", "/display/{token}?agency=KHONG-CO",
                                  "/display/khong-dung/qr.svg"])
def test_wrong_token_or_agency_is_a_vietnamese_404(client, live, path):
    page = client.get(path.format(token=live["display_token"]))
    assert page.status_code == 404
    assert "Không tìm thấy màn hình trình chiếu" in page.get_data(as_text=True)


def test_agency_page_names_the_agency(client, live):
    html = client.get(f"/display/{live['display_token']}?agency=SNV").get_data(as_text=True)
    assert "Sở Nội vụ" in html and '"agency": "SNV"' in html


def test_qr_code_encodes_the_join_link(client, live):
    response = client.get(f"/display/{live['display_token']}/qr.svg?round={live['round_id']}")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True) == qr_svg(f"http://localhost/join/{live['code']}")
    assert client.get(f"/display/{live['display_token']}/qr.svg?round=999").status_code == 404


def test_qr_code_uses_the_public_url_when_set(app, client, live):
    page = client.get(f"/display/{live['display_token']}").get_data(as_text=True)
    assert "CONTEST_PUBLIC_URL" in page  # opened as localhost: phones could not follow the code
    app.config["PUBLIC_URL"] = "https://thi.example.gov.vn/"
    svg = client.get(f"/display/{live['display_token']}/qr.svg").get_data(as_text=True)
    assert svg == qr_svg(f"https://thi.example.gov.vn/join/{live['code']}")
    page = client.get(f"/display/{live['display_token']}").get_data(as_text=True)
    assert "CONTEST_PUBLIC_URL" not in page and '"joinBase": "https://thi.example.gov.vn"' in page


# --- the socket -----------------------------------------------------------------------

def test_state_carries_what_a_screen_shows_and_play_state_is_unchanged(app, client, live):
    play, _ = player(app, client, live, "Nguyễn Văn An", "SNV-CCHC")
    sio = screen(app, client, live)
    state = received(sio, "state")[0]
    assert state["status"] == "lobby" and state["join_code"] == live["code"]
    assert state["title"] == "Vòng thi thử" and state["contest_title"] == "Hội thi thử"
    assert state["joined"] == 1 and state["advance"] == "host"
    play_state = received(play, "state", "/play")[0]
    assert set(play_state) == {"round_id", "status", "mode", "paused", "server_ms", "question", "total", "my"}


@pytest.mark.parametrize("auth_data, error", [
    ({"display_token": "sai"}, "unauthorized"), ({}, "unauthorized"), (None, "unauthorized"),
])
def test_bad_credentials_are_refused(app, client, live, auth_data, error):
    sio = socketio.test_client(app, namespace="/display", auth=auth_data, flask_test_client=client)
    assert not sio.is_connected("/display")


def test_unknown_agency_is_refused(app, client, live):
    sio = socketio.test_client(app, namespace="/display", flask_test_client=client,
                               auth={"display_token": live["display_token"], "agency": "KHONG-CO"})
    assert not sio.is_connected("/display")


def test_lobby_boards_fill_up_by_agency_and_agency_screens_see_their_part(app, client, live):
    whole, snv = screen(app, client, live), screen(app, client, live, agency="SNV")
    player(app, client, live, "Nguyễn Văn An", "SNV-CCHC")
    player(app, client, live, "Lê Thị Cúc", "SNV")
    player(app, client, live, "Trần Thị Bình", "X-LH")
    whole.get_received("/display"), snv.get_received("/display")
    Loop(live["hub"]).broadcast_boards(1_000)
    board = received(whole, "leaderboard")[0]
    assert board["joined"] == 3 and not board["frozen"]
    assert {a["name"]: a["participants"] for a in board["agencies"]} == {"Sở Nội vụ": 2, "Xã Long Hưng": 1}
    mine = received(snv, "leaderboard")[0]
    assert {p["name"] for p in mine["participants"]} == {"Nguyễn Văn An", "Lê Thị Cúc"}
    # Lê Thị Cúc joined at Sở Nội vụ itself: a row of its own, so she is on the agency board
    assert {a["name"]: a["participants"] for a in mine["agencies"]} == {
        "Phòng Cải cách hành chính": 1, "Sở Nội vụ (cán bộ trực tiếp)": 1}
    assert mine["scope"]["name"] == "Sở Nội vụ" and mine["joined"] == 2
    assert mine["scope"]["participation_rate"] == pytest.approx(2 / 50)


def test_question_tally_and_reveal_with_distribution(app, client, live):
    a, _ = player(app, client, live, "Nguyễn Văn An", "SNV-CCHC")
    b, _ = player(app, client, live, "Trần Thị Bình", "X-LH")
    sio, loop = screen(app, client, live), Loop(live["hub"])
    control(client, live, "start")
    rq = question_at(live, 0)
    right = correct_option(rq)
    wrong = next(o for o in rq.option_order if o != right)
    question = received(sio, "question")[0]
    assert question["round_id"] == live["round_id"] and "correct" not in str(question)
    a.emit("answer", {"question_id": rq.question_id, "options": [right]}, namespace="/play", callback=True)
    loop.broadcast_boards(1_000)
    assert received(sio, "tally")[-1] == {"round_id": live["round_id"], "question_id": rq.question_id,
                                           "answered": 1, "joined": 2}
    b.emit("answer", {"question_id": rq.question_id, "options": [wrong]}, namespace="/play", callback=True)
    close_question(live, 0)
    events = sio.get_received("/display")
    reveal = next(e["args"][0] for e in events if e["name"] == "reveal")
    assert reveal["correct"] == [right] and reveal["distribution"][str(right)] == 1
    assert reveal["distribution"][str(wrong)] == 1
    # a screen that reconnects during the reveal still shows the answer
    again = received(screen(app, client, live), "state")[0]
    assert again["status"] == "reveal" and again["reveal"]["correct"] == [right]
    assert again["reveal"]["distribution"] == reveal["distribution"]


def test_frozen_board_until_the_finish_then_the_final_one(app, client, live):
    a, pid = player(app, client, live, "Nguyễn Văn An", "SNV-CCHC")
    sio, loop = screen(app, client, live), Loop(live["hub"])
    control(client, live, "start")
    for position in range(3):
        rq = question_at(live, position)
        a.emit("answer", {"question_id": rq.question_id, "options": [correct_option(rq)]},
               namespace="/play", callback=True)
        close_question(live, position)
        loop.broadcast_boards(10_000 * (position + 1))
        board = received(sio, "leaderboard")[-1]
        # the last question (freeze_last=1) is not on the public board until the finish
        assert board["frozen"] == (position == 2)
        assert board["participants"][0]["score"] == min(position + 1, 2)
        if position < 2:
            control(client, live, "next")
    control(client, live, "next")  # after the last reveal: the round finishes
    assert received(sio, "state")[-1]["status"] == "finished"
    loop.broadcast_boards(100_000)
    final = received(sio, "leaderboard")[-1]
    assert final["frozen"] is False and final["participants"][0]["score"] == 3


def test_a_round_finished_by_the_clock_reaches_screens_without_players(app, client, live):
    """The loop notices the finish even when no participant is connected to this process."""
    contest_id, round_id = make_live_round(None, question_count=1, seconds_per_question=3,
                                           advance="auto", reveal_seconds=1)
    token = db.session.get(Contest, contest_id).display_token
    sio = socketio.test_client(app, namespace="/display", auth={"display_token": token},
                               flask_test_client=client)
    loop = Loop(live["hub"])
    control(client, {**live, "round_id": round_id}, "start")
    deadline = db.session.scalar(sa.select(RoundQuestion.deadline_ms).where(RoundQuestion.round_id == round_id))
    for step in range(1, 6):
        loop.step(deadline + step * 2_000)
    assert [s["status"] for s in received(sio, "state")] == ["lobby", "question", "reveal", "finished"]


def test_self_paced_round_shows_its_standings(app, client, live):
    """A weekly round on the same screen: `open`, boards that move when someone joins or submits."""
    from contest.services import contests
    from contest.services.clock import now_ms

    contest = contests.create_contest("Tuần thi tìm hiểu cải cách hành chính", None)
    bank_id = db.session.get(Round, live["round_id"]).bank_id
    weekly = contests.create_round(contest.id, {
        "title": "Tuần thi thứ nhất", "mode": "self_paced", "bank_id": bank_id, "question_count": 3,
        "duration_seconds": 600, "opens_at_ms": now_ms() - 1_000, "closes_at_ms": now_ms() + 86_400_000})
    engine.tick(now_ms(), 500)
    sio = socketio.test_client(app, namespace="/display", auth={"display_token": contest.display_token},
                               flask_test_client=client)
    state = received(sio, "state")[0]
    assert state["status"] == "open" and state["title"] == "Tuần thi thứ nhất"
    loop = Loop(live["hub"])
    loop.broadcast_boards(1_000)
    assert received(sio, "leaderboard")[0]["round_id"] == weekly.id
    loop.broadcast_boards(2_000)
    assert received(sio, "leaderboard") == []  # nothing moved
    client.post("/api/v1/join", json={"join_code": weekly.join_code, "name": "Lê Thị Cúc",
                                      "agency_id": live["agencies"]["X-LH"]})
    loop.broadcast_boards(3_000)
    assert received(sio, "leaderboard")[0]["joined"] == 1


def test_an_unpinned_screen_shows_the_round_the_hall_is_living_and_a_screen_can_be_pinned(app, client, live):
    """A live question or reveal first, then a live lobby (the hall's QR code), then an open
    week, then a week waiting to open, then the most recently finished round."""
    from contest.services import contests
    from contest.services.clock import now_ms

    def shown():
        return received(screen(app, client, live), "state")[0]["round_id"]

    def page_round():
        html = client.get(f"/display/{live['display_token']}").get_data(as_text=True)
        return html

    bank_id = db.session.get(Round, live["round_id"]).bank_id
    week = {"mode": "self_paced", "bank_id": bank_id, "question_count": 3, "duration_seconds": 600}
    weekly = contests.create_round(live["contest_id"], {
        **week, "title": "Tuần thi thứ nhất", "opens_at_ms": now_ms() - 1_000,
        "closes_at_ms": now_ms() + 86_400_000})
    later = contests.create_round(live["contest_id"], {
        **week, "title": "Tuần thi thứ hai", "opens_at_ms": now_ms() + 86_400_000,
        "closes_at_ms": now_ms() + 2 * 86_400_000})
    weekly_id, later_id, code = weekly.id, later.id, db.session.get(Round, live["round_id"]).join_code
    engine.tick(now_ms(), 500)
    assert shown() == live["round_id"]  # the live final's lobby outranks the open week
    assert code in page_round()
    control(client, live, "start")
    assert shown() == live["round_id"]
    control(client, live, "finish")
    assert shown() == weekly_id  # then the open week
    engine.finish(weekly_id, now_ms())
    assert shown() == later_id  # then the week waiting to open
    engine.finish(later_id, now_ms() + 1)
    assert shown() == later_id  # then the most recently finished
    pinned = screen(app, client, live, round=live["round_id"])
    assert received(pinned, "state")[0]["round_id"] == live["round_id"]
    assert client.get(f"/display/{live['display_token']}?round={live['round_id']}").status_code == 200
    assert client.get(f"/display/{live['display_token']}?round=999999").status_code == 404
