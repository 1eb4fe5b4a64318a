"""The participant pages for weak networks and shared phones: compressed, fingerprinted and
cached static files; a mistyped join code answered with the box to type it again; usual
abbreviations in the agency search."""
from __future__ import annotations

import re

import pytest

import question_bank as qb
from contest.extensions import db
from contest.models import Round
from contest.services import agencies

from factories import make_agencies, make_live_round

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def static_addresses(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/static/[^"]+)"', html)


def test_the_join_page_and_its_files_are_compressed_and_cached(app, client):
    make_agencies()
    _, round_id = make_live_round()
    join_code = db.session.get(Round, round_id).join_code
    page = client.get(f"/join/{join_code}", headers=BROWSER)
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "br"
    html = client.get(f"/join/{join_code}").get_data(as_text=True)
    addresses = static_addresses(html)
    assert {"/static/common.js", "/static/play/play.js", "/static/vendor/socket.io.min.js"} <= {
        a.split("?")[0] for a in addresses}
    for address in addresses:
        assert re.search(r"\?v=[0-9a-f]{12}$", address), address
        response = client.get(address, headers=BROWSER)
        assert response.status_code == 200, address
        assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        if not address.startswith("/static/favicon"):
            assert response.headers["Content-Encoding"] == "br", address
    stale = client.get("/static/play/play.js?v=000000000000", headers={"Accept-Encoding": "gzip"})
    assert stale.headers["Cache-Control"] == "no-cache" and stale.headers["Content-Encoding"] == "gzip"
    assert client.get("/favicon.ico").status_code == 200


@pytest.mark.parametrize("lang, words", [("vi", "Mã tham gia không đúng."), ("en", "That join code is not right.")])
def test_a_wrong_join_code_gives_the_box_to_type_it_again(client, lang, words):
    page = client.get(f"/join/SAIMA1?lang={lang}")
    html = page.get_data(as_text=True)
    assert page.status_code == 404
    assert words in html and 'name="code"' in html and 'value="SAIMA1"' in html


@pytest.mark.parametrize("typed, found", [
    ("ubnd", "Ủy ban nhân dân tỉnh"), ("vp ubnd", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("tt pvhcc", "Trung tâm Phục vụ hành chính công"), ("phong cchc", "Phòng Cải cách hành chính"),
    ("BHXH", "Bảo hiểm xã hội tỉnh"), ("van phong UBND", "Văn phòng Ủy ban nhân dân tỉnh"),
])
def test_usual_abbreviations_find_the_agency(app, typed, found):
    agencies.import_roster(qb.write_roster(qb.Roster(agencies=[
        qb.AgencyRow("T", "Ủy ban nhân dân tỉnh", None, None),
        qb.AgencyRow("VP", "Văn phòng Ủy ban nhân dân tỉnh", "T", 10),
        qb.AgencyRow("TT", "Trung tâm Phục vụ hành chính công", "T", 10),
        qb.AgencyRow("SNV-CCHC", "Phòng Cải cách hành chính", "T", 10),
        qb.AgencyRow("BHXH", "Bảo hiểm xã hội tỉnh", "T", 10),
        qb.AgencyRow("X", "Xã Long Hưng", "T", 10),
    ], officials=[])))
    names = [a["name"] for a in agencies.search_agencies(typed)]
    assert found in names and "Xã Long Hưng" not in names
