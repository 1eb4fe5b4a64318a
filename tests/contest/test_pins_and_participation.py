"""PINs from the roster and on printed slips; participation that cannot be inflated, and the
organiser's tools to merge and remove entries."""
from __future__ import annotations

import io
import re
import stat

import openpyxl
import pytest
from flask import g

import question_bank as qb
from contest.config import TestConfig
from contest.errors import DomainError
from contest.extensions import db
from contest.models import AuditEvent, Official, Round
from contest.services import agencies, leaderboard

from factories import PINS, auth, make_agencies, make_live_round, make_organiser

ROSTER = qb.Roster(
    agencies=[qb.AgencyRow("T", "Ủy ban nhân dân tỉnh", None, None),
              qb.AgencyRow("SNV", "Sở Nội vụ", "T", 3), qb.AgencyRow("STP", "Sở Tư pháp", "T", 40)],
    officials=[qb.OfficialRow("CB1", "Nguyễn Văn An", "SNV", pin="135790"),
               qb.OfficialRow("CB2", "Trần Thị Bình", "SNV"), qb.OfficialRow("CB3", "Lê Văn Cường", "STP")])


def roster_round(registration: str = "roster") -> tuple[int, str]:
    organiser_id, token = make_organiser()
    _, round_id = make_live_round(organiser_id, registration=registration)
    return round_id, token


def join(client, round_id: int, **body):
    code = db.session.get(Round, round_id).join_code
    return client.post("/api/v1/join", json={"join_code": code, **body})


def slips_of(data: bytes) -> dict[str, str]:
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Danh sách"]
    return {row[1].value: row[3].value for row in sheet.iter_rows(min_row=2)}


def test_pins_from_the_roster_and_generated_ones_printed_once(app, client):
    counts = agencies.import_roster(qb.write_roster(ROSTER))
    assert counts["pins_generated"] == 2
    round_id, _ = roster_round()
    assert join(client, round_id, official_code="CB1", pin="135790").status_code == 200
    data, count = agencies.issue_pin_slips("SNV", False, "http://192.168.1.20:5000")
    assert count == 1 and list(slips_of(data)) == ["CB2"]  # CB1's PIN came with the roster
    pin = slips_of(data)["CB2"]
    assert re.fullmatch(r"\d{6}", pin)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Phiếu PIN"]
    texts = [c.value for row in sheet.iter_rows() for c in row if c.value]
    assert "Trần Thị Bình" in texts and "http://192.168.1.20:5000/ rồi nhập mã tham gia do ban tổ chức công bố, mã cán bộ và mã PIN" in texts
    assert join(app.test_client(), round_id, official_code="CB2", pin=pin).status_code == 200
    with pytest.raises(DomainError) as nothing_new:
        agencies.issue_pin_slips("SNV", False, "http://x")
    assert nothing_new.value.code == "conflict"
    again, _ = agencies.issue_pin_slips("SNV", True, "http://x")  # reissue: the old slips stop
    assert join(app.test_client(), round_id, official_code="CB2", pin=pin).status_code == 401
    assert join(app.test_client(), round_id, official_code="CB2", pin=slips_of(again)["CB2"]).status_code == 200
    # a re-import without PINs keeps them
    agencies.import_roster(qb.write_roster(qb.Roster(ROSTER.agencies, [qb.OfficialRow("CB2", "Trần Thị Bình", "SNV")])))
    assert join(app.test_client(), round_id, official_code="CB2", pin=slips_of(again)["CB2"]).status_code == 200
    assert not any(pin in str(e.detail) for e in db.session.query(AuditEvent))


def test_a_bad_pin_in_the_roster_is_a_row_problem(app):
    bad = qb.Roster(ROSTER.agencies, [qb.OfficialRow("CB1", "Nguyễn Văn An", "SNV", pin="12a")])
    with pytest.raises(qb.WorkbookInvalid) as caught:
        agencies.import_roster(qb.write_roster(bad))
    assert "4 đến 12 chữ số" in caught.value.problems[0].message
    assert db.session.query(Official).count() == 0


def test_pin_slips_from_the_page_and_the_command_line(app, client, runner, tmp_path):
    agencies.import_roster(qb.write_roster(ROSTER))
    make_organiser()
    g.pop("csrf_token", None)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/organiser/login").get_data(as_text=True)).group(1)
    client.post("/organiser/login", data={"csrf_token": token, "name": "bantochuc", "password": "mat-khau-dai-1"})
    page = client.get("/organiser/agencies").get_data(as_text=True)
    assert "Phiếu mã PIN" in page and "2 cán bộ có mã PIN chưa in phiếu" in page
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/organiser/agencies/pin-slips", data={"csrf_token": token, "agency": "STP"})
    assert response.status_code == 200 and list(slips_of(response.data)) == ["CB3"]
    out = tmp_path / "phieu.xlsx"
    result = runner.invoke(args=["pin-slips", "-o", str(out)])
    assert result.exit_code == 0 and "1 phiếu PIN" in result.output  # only CB2 was never printed
    assert list(slips_of(out.read_bytes())) == ["CB2"]
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_no_board_shows_a_participation_rate_above_one(app, client):
    tree = make_agencies()  # Phòng Cải cách hành chính: 10 officials
    round_id, token = roster_round("open")
    for i in range(14):
        body = join(app.test_client(), round_id, name=f"Người tham gia số {i}", agency_id=tree["SNV-CCHC"])
        assert body.status_code == 200
    board = client.get(f"/api/v1/rounds/{round_id}/leaderboard", headers=auth(token)).get_json()
    rates = [a["participation_rate"] for a in board["agencies"] if a["participation_rate"] is not None]
    assert rates and max(rates) <= 1.0
    table = leaderboard.agency_table(round_id)
    assert all(a["participation_rate"] is None or a["participation_rate"] <= 1.0 for a in table)
    cchc = next(a for a in table if a["code"] == "SNV-CCHC")
    assert cchc["participants"] == 14 and cchc["participation_rate"] == 1.0 and cchc["over_headcount"]


def test_the_organiser_merges_duplicates_and_removes_entries_and_the_boards_follow(app, client):
    tree = make_agencies()
    round_id, token = roster_round("open")
    ids = [join(app.test_client(), round_id, name="Lê Văn Hùng", agency_id=tree["X-LH"]).get_json()["participant_id"]
           for _ in range(3)]
    spam = join(app.test_client(), round_id, name="Máy tự động", agency_id=tree["X-LH"]).get_json()
    g.pop("csrf_token", None)
    token_html = client.get("/organiser/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', token_html).group(1)
    client.post("/organiser/login", data={"csrf_token": csrf, "name": "bantochuc", "password": "mat-khau-dai-1"})
    page = client.get(f"/organiser/rounds/{round_id}/participation").get_data(as_text=True)
    assert 'id="duplicates"' in page and page.count("Lê Văn Hùng") >= 3
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    base = f"/organiser/rounds/{round_id}/participants"
    client.post(f"{base}/merge", data={"csrf_token": csrf, "keep": ids[0], "merge": ids[1:]})
    client.post(f"{base}/remove", data={"csrf_token": csrf, "participant_id": spam["participant_id"]})
    status = client.get(f"/api/v1/rounds/{round_id}", headers=auth(token)).get_json()
    assert status["joined"] == 1
    xlh = next(a for a in leaderboard.agency_table(round_id) if a["code"] == "X-LH")
    assert xlh["participants"] == 1
    page = client.get(f"/organiser/rounds/{round_id}/participation").get_data(as_text=True)
    assert 'id="duplicates"' not in page and 'id="removed"' in page and "Máy tự động" in page
    actions = [e.action for e in db.session.query(AuditEvent).order_by(AuditEvent.id)]
    assert "participant_merged" in actions and "participant_removed" in actions
    from contest.extensions import socketio
    gone = socketio.test_client(app, namespace="/play", auth={"token": spam["participant_token"]})
    assert not gone.is_connected("/play")  # a removed entry's token no longer plays


def test_a_rejoin_from_a_new_device_shows_on_the_participation_page(app, client):
    make_agencies()
    round_id, _ = roster_round()
    assert join(app.test_client(), round_id, official_code="CB1", pin=PINS["CB1"]).status_code == 200
    assert join(app.test_client(), round_id, official_code="CB1", pin=PINS["CB1"]).status_code == 200
    g.pop("csrf_token", None)
    html = client.get("/organiser/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    client.post("/organiser/login", data={"csrf_token": csrf, "name": "bantochuc", "password": "mat-khau-dai-1"})
    page = client.get(f"/organiser/rounds/{round_id}/participation").get_data(as_text=True)
    section = page[page.index('id="rejoined"'):]
    assert "Nguyễn Văn An" in section and "<td>1</td>" in section


class _Offload(TestConfig):
    OFFLOAD = True


@pytest.mark.parametrize("app_config", [_Offload])
def test_pin_slips_are_built_by_the_worker_process(app, client):
    agencies.import_roster(qb.write_roster(ROSTER))  # read by the worker too
    data, count = agencies.issue_pin_slips(None, False, "http://x")
    assert count == 2 and sorted(slips_of(data)) == ["CB2", "CB3"]
    round_id, _ = roster_round()
    assert join(client, round_id, official_code="CB3", pin=slips_of(data)["CB3"]).status_code == 200
