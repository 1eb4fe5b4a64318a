"""Test data built through the real services, never inserted behind their back."""
from __future__ import annotations

import question_bank as qb
from contest.services import agencies, banks, contests, organisers

TOPIC_A, TOPIC_B = qb.TOPICS[1], qb.TOPICS[2]
PINS = {"CB1": "482915", "CB2": "730264"}  # the roster PINs of make_agencies' officials


def question_rows(n: int, topic: str = TOPIC_A, difficulty: int = 1) -> list[qb.QuestionRow]:
    return [
        qb.QuestionRow(
            text=f"Câu hỏi số {i} về cải cách thủ tục hành chính ({topic}, mức {difficulty})?",
            kind="single", options=["Phương án một", "Phương án hai", "Phương án ba", "Phương án bốn"],
            correct=[i % 4], topic=topic, difficulty=difficulty,
            legal_basis="Điều 5, Nghị định 61/2018/NĐ-CP", explanation="Giải thích ngắn.",
        )
        for i in range(n)
    ]


def bank_workbook(rows: list[qb.QuestionRow] | None = None) -> bytes:
    return qb.write_bank(rows if rows is not None else question_rows(12))


def make_organiser(name: str = "bantochuc", password: str = "mat-khau-dai-1",
                   role: str = "admin") -> tuple[int, str]:
    """An account and a fresh API token for them; an admin unless told (it sees and controls
    what the other factories make, which belongs to no organiser)."""
    organiser = organisers.create_organiser(name, password, role)
    return organiser.id, organisers.issue_token(organiser.id)


def make_bank(organiser_id: int | None = None, rows: list[qb.QuestionRow] | None = None) -> int:
    bank_id, _ = banks.import_workbook(bank_workbook(rows), "Ngân hàng thử", organiser_id)
    return bank_id


def make_agencies() -> dict[str, int]:
    """Province -> department -> unit, and province -> commune: three levels."""
    roster = qb.Roster(
        agencies=[
            qb.AgencyRow("T", "Ủy ban nhân dân tỉnh", None, None),
            qb.AgencyRow("SNV", "Sở Nội vụ", "T", 50),
            qb.AgencyRow("SNV-CCHC", "Phòng Cải cách hành chính", "SNV", 10),
            qb.AgencyRow("X-LH", "Xã Long Hưng", "T", 30),
        ],
        officials=[qb.OfficialRow("CB1", "Nguyễn Văn An", "SNV-CCHC", pin=PINS["CB1"]),
                   qb.OfficialRow("CB2", "Trần Thị Bình", "X-LH", pin=PINS["CB2"])],
    )
    agencies.import_roster(qb.write_roster(roster))
    return {a["code"]: a["agency_id"] for a in agencies.list_agencies()}


def make_live_round(organiser_id: int | None = None, **settings) -> tuple[int, int]:
    bank_id = settings.pop("bank_id", None) or make_bank(organiser_id)
    contest = contests.create_contest("Hội thi thử", organiser_id)
    body = {"title": "Vòng thi thử", "mode": "live", "bank_id": bank_id, "question_count": 5}
    round_ = contests.create_round(contest.id, {**body, **settings})
    return contest.id, round_.id


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
