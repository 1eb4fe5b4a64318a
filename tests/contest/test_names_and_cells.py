"""Names are cleaned at the door (joins and roster imports), and every cell the server writes
to a workbook is plain text: no formula from data, no control character."""
from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

import question_bank as qb
from contest.extensions import db
from contest.models import Agency, Official, Participant, Round
from contest.services import agencies

from factories import auth, make_agencies, make_live_round, make_organiser

# what an attacker types as a name, and what must be stored (None: refused)
NAMES = [
    ("x\u0000y", "xy"),
    ("\u202egnp.exe Nguyễn", "gnp.exe Nguyễn"),
    ('=HYPERLINK("http://evil.example","Xem")', 'HYPERLINK("http://evil.example","Xem")'),
    ("+cmd|' /C calc'!A0", "cmd|' /C calc'!A0"),
    ("@SUM(1+1)*cmd|' /C calc'!A0", "SUM(1+1)*cmd|' /C calc'!A0"),
    ("-2+3+cmd|' /C notepad'!A0", "2+3+cmd|' /C notepad'!A0"),
    ("Trần\u200b\u200d Văn\u2066 Bảo\u00ad", "Trần Văn Bảo"),
    ("Nguyễn   Thị\tThu\nHà", "Nguyễn Thị Thu Hà"),
    ("Nguye\u0302\u0303n Văn An", "Nguyễn Văn An"),  # decomposed diacritics: NFC
    ("\u200b\u200b", None),
    ("=1+1", None),
    ("12345", None),
    ("😀😀😀", None),
    ("A" * 101, None),
]
BIDI_AND_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")


@pytest.fixture
def open_round(app):
    organiser_id, token = make_organiser()
    tree = make_agencies()
    _, round_id = make_live_round(organiser_id)
    return {"round_id": round_id, "code": db.session.get(Round, round_id).join_code, "token": token,
            "agency": tree["SNV-CCHC"]}


@pytest.mark.parametrize("typed, stored", NAMES)
def test_a_joining_name_is_cleaned_or_refused(app, client, open_round, typed, stored):
    response = client.post("/api/v1/join", json={"join_code": open_round["code"], "name": typed,
                                                 "agency_id": open_round["agency"]})
    if stored is None:
        assert response.status_code == 400 and response.get_json()["field"] == "name"
        assert db.session.query(Participant).count() == 0
    else:
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["name"] == stored
        assert db.session.get(Participant, response.get_json()["participant_id"]).name == stored


def every_cell(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_plain(data: bytes) -> None:
    """No cell is a formula, and no text holds a control or invisible character."""
    for cell in every_cell(data):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not ILLEGAL_CHARACTERS_RE.search(cell.value), (cell.coordinate, cell.value)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)


def test_results_workbook_of_a_hostile_hall_answers_200_and_holds_only_text(app, client, open_round):
    for typed, _ in NAMES:
        client.post("/api/v1/join", json={"join_code": open_round["code"], "name": typed,
                                          "agency_id": open_round["agency"]})
    # what joined before names were cleaned (an older database) is guarded when written
    # (a bell rather than NUL, which PostgreSQL itself refuses)
    db.session.add(Participant(round_id=open_round["round_id"], name="=HYPERLINK(\"x\")\u0007",
                               name_key="hyperlink", agency_id=open_round["agency"], joined_ms=1))
    contest = db.session.get(Round, open_round["round_id"]).contest
    contest.title = "=cmd|' /C calc'!A0 \u0007Hội thi"
    db.session.commit()

    response = client.get(f"/api/v1/rounds/{open_round['round_id']}/results.xlsx",
                          headers=auth(open_round["token"]))
    assert response.status_code == 200
    assert_plain(response.data)
    people = openpyxl.load_workbook(io.BytesIO(response.data))["Thí sinh"]
    names = {people.cell(r, 2).value for r in range(6, people.max_row + 1)}
    assert '=HYPERLINK("x")' in names  # kept as the text it is, not run
    assert all(not BIDI_AND_INVISIBLE.search(n or "") for n in names if n != '=HYPERLINK("x")')
    formula_like = next(c for c in every_cell(response.data) if c.value == '=HYPERLINK("x")')
    assert formula_like.data_type == "s" and formula_like.quotePrefix  # Excel keeps it text on edit


def test_roster_names_are_cleaned_at_import_and_bad_ones_refused(app):
    roster = qb.Roster(
        agencies=[qb.AgencyRow("T", "=CALC()Ủy ban nhân dân tỉnh", None, None),
                  qb.AgencyRow("SNV", "Sở\u200b Nội vụ\u202e", "T", 40)],
        officials=[qb.OfficialRow("CB1", "+Nguyễn\u0000 Văn An", "SNV", "@Chuyên viên")])
    agencies.import_roster(qb.write_roster(roster))
    names = {a.code: a.name for a in db.session.query(Agency)}
    assert names == {"T": "CALC()Ủy ban nhân dân tỉnh", "SNV": "Sở Nội vụ"}
    official = db.session.query(Official).one()
    assert (official.name, official.position) == ("Nguyễn Văn An", "Chuyên viên")

    refused = qb.Roster(agencies=[qb.AgencyRow("T", "\u200b=+", None, None)], officials=[])
    with pytest.raises(qb.WorkbookInvalid) as caught:
        agencies.import_roster(qb.write_roster(refused))
    assert "hai chữ cái" in caught.value.problems[0].message


def test_the_exporters_use_the_same_guard(app):
    rows = [qb.QuestionRow(text="=1+1 là bao nhiêu\u0001?", kind="single", options=["@hai", "+ba"],
                           correct=[0], topic=qb.TOPICS[1], difficulty=1)]
    assert_plain(qb.write_bank(rows))
    roster = qb.Roster([qb.AgencyRow("A", "=Một", None, None)], [qb.OfficialRow("C", "-Hai", "A", pin="1234")])
    assert_plain(qb.write_roster(roster))
    slips = qb.write_pin_slips([qb.AgencySlips("=Sở", [qb.PinSlip("C1", "=HYPERLINK(1)", "0123")])], "=x", "+y")
    assert_plain(slips)
    # the text survives the round trip exactly
    assert qb.read_bank(qb.write_bank(rows))[0].text == "=1+1 là bao nhiêu?"
