"""The contest a benchmark plays, made through the organiser API like an organiser would."""
from __future__ import annotations

from dataclasses import dataclass

import question_bank as qb
from bench.server import Servers

AGENCIES = 20


@dataclass(frozen=True)
class Round:
    round_id: int
    join_code: str
    agency_ids: list[int]


def question_rows(n: int) -> list[qb.QuestionRow]:
    topic = qb.TOPICS[1]
    return [qb.QuestionRow(
        text=f"Câu hỏi {i}: thời hạn giải quyết thủ tục hành chính theo cơ chế một cửa là bao lâu?",
        kind="single", options=["Một ngày", "Ba ngày", "Năm ngày", "Mười ngày"],
        correct=[i % 4], topic=topic, difficulty=1 + i % 3,
        legal_basis="Nghị định 61/2018/NĐ-CP", explanation="Câu hỏi của bài đo tải.")
        for i in range(n)]


def _ok(response, what: str) -> dict:
    if not response.ok:
        raise RuntimeError(f"{what}: HTTP {response.status_code} {response.text[:500]}")
    return response.json()


def agency_rows() -> list[qb.AgencyRow]:
    rows = [qb.AgencyRow("TINH", "Ủy ban nhân dân tỉnh", None, None)]
    return rows + [qb.AgencyRow(f"DV{i:02d}", f"Đơn vị số {i}", "TINH", 500) for i in range(AGENCIES)]


def agencies(servers: Servers) -> list[int]:
    roster = qb.Roster(agencies=agency_rows(), officials=[])
    _ok(servers.api("post", "/agencies/import", files={"file": ("dv.xlsx", qb.write_roster(roster))}),
        "agency import")
    found = _ok(servers.api("get", "/agencies"), "agencies")
    return [a["agency_id"] for a in found if a["code"].startswith("DV")]


def make_round(servers: Servers, settings: dict, questions: int = 30) -> Round:
    agency_ids = agencies(servers)
    bank = _ok(servers.api("post", "/question-banks", data={"name": "Ngân hàng đo tải"},
                           files={"file": ("nh.xlsx", qb.write_bank(question_rows(questions)))}), "bank")
    contest = _ok(servers.api("post", "/contests", json={"title": "Hội thi đo tải"}), "contest")
    body = {"title": "Vòng đo tải", "bank_id": bank["bank_id"], **settings}
    created = _ok(servers.api("post", f"/contests/{contest['contest_id']}/rounds", json=body), "round")
    return Round(created["round_id"], created["join_code"], agency_ids)
