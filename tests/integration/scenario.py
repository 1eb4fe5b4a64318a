"""A contest set up through the public API of a running server."""
from __future__ import annotations

import question_bank as qb

from factories import question_rows
from server import ServerProcess

ROSTER = qb.Roster(
    agencies=[qb.AgencyRow("T", "Ủy ban nhân dân tỉnh", None, None),
              qb.AgencyRow("SNV", "Sở Nội vụ", "T", 120),
              qb.AgencyRow("X1", "Xã Long Hưng", "T", 90)],
    officials=[qb.OfficialRow("CB1", "Nguyễn Văn An", "SNV")],
)


def setup_round(server: ServerProcess, **settings) -> tuple[int, str, list[int]]:
    """(round_id, join_code, agency ids below the province) of a new live round."""
    assert server.api("post", "/agencies/import", files={"file": ("ds.xlsx", qb.write_roster(ROSTER))}).ok
    agencies = [a["agency_id"] for a in server.api("get", "/agencies").json() if a["code"] != "T"]
    bank = server.api("post", "/question-banks", files={"file": ("b.xlsx", qb.write_bank(question_rows(8)))},
                      data={"name": "Ngân hàng"}).json()
    contest = server.api("post", "/contests", json={"title": "Hội thi cải cách hành chính"}).json()
    body = {"title": "Chung kết", "mode": "live", "bank_id": bank["bank_id"], "question_count": 5, **settings}
    created = server.api("post", f"/contests/{contest['contest_id']}/rounds", json=body).json()
    return created["round_id"], created["join_code"], agencies
