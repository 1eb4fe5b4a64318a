"""Workbooks read and built by the real worker process (contest/offload.py), as the server
does: what crosses the process boundary, the limits, and that a refusal stores nothing."""
from __future__ import annotations

import io
import os
import time

import openpyxl
import pytest
import sqlalchemy as sa

import question_bank as qb
from bench import uploads
from contest import offload
from contest.config import TestConfig
from contest.extensions import db
from contest.models import Question, QuestionBank

from factories import auth, bank_workbook, make_live_round, make_organiser, question_rows


class OffloadConfig(TestConfig):
    OFFLOAD = True


@pytest.fixture
def app_config():
    return OffloadConfig


def upload(client, token, data: bytes, query: str = "", path: str = "/api/v1/question-banks", **form):
    return client.post(f"{path}{query}", headers=auth(token),
                       data={"file": (io.BytesIO(data), "tep.xlsx"), **form}, content_type="multipart/form-data")


def stored() -> tuple[int, int]:
    return (db.session.scalar(sa.select(sa.func.count(QuestionBank.id))),
            db.session.scalar(sa.select(sa.func.count(Question.id))))


def test_a_bank_imports_through_the_worker_and_exports_back(app, client):
    _, token = make_organiser()
    rows = question_rows(30)
    response = upload(client, token, bank_workbook(rows), name="Ngân hàng")
    assert response.status_code == 201 and response.get_json()["imported"] == 30
    exported = client.get(f"/api/v1/question-banks/{response.get_json()['bank_id']}/export.xlsx",
                          headers=auth(token))
    assert exported.status_code == 200
    assert qb.read_bank(exported.data) == rows


def test_problems_cross_the_process_boundary_in_the_callers_language(app, client):
    _, token = make_organiser()
    rows = question_rows(3)
    rows[1].correct = [5]  # points at an empty option
    response = upload(client, token, bank_workbook(rows), "?dry_run=1&lang=en")
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_workbook"
    assert [(e["row"], e["message"]) for e in body["errors"]] == [
        (3, "Correct answer “F” points at an empty option.")]


@pytest.mark.parametrize("query", ["?dry_run=1&lang=en", "?lang=en"])
def test_a_blank_row_bomb_is_refused_with_its_limit_and_stores_nothing(app, client, query):
    _, token = make_organiser()
    response = upload(client, token, uploads.blank_row_bomb(), query, name="Bom")
    assert response.status_code == 422
    body = response.get_json()
    assert body["error"] == "invalid_workbook"
    assert body["errors"][0]["message"].startswith(
        "Sheet “Câu hỏi” has more than 20000 rows, empty ones included; the limit is 20000.")
    assert stored() == (0, 0)


@pytest.mark.parametrize("lang, text", [
    ("en", "Reading the file took more than 0.2 seconds, so it was stopped."),
    ("vi", "Đọc tệp mất hơn 0.2 giây nên đã dừng lại."),
])
def test_the_wall_clock_limit_refuses_the_workbook(app, client, lang, text):
    _, token = make_organiser()
    app.config["WORKER_SECONDS"] = 0.2  # less than starting the interpreter takes
    started = time.monotonic()
    response = upload(client, token, uploads.large_bank(2000), f"?lang={lang}", name="Chậm")
    assert time.monotonic() - started < 5
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["message"].startswith(text)
    assert stored() == (0, 0)


def test_a_roster_imports_through_the_worker(app, client):
    _, token = make_organiser()
    roster = qb.Roster([qb.AgencyRow("T", "Ủy ban nhân dân tỉnh", None, None),
                        qb.AgencyRow("SNV", "Sở Nội vụ", "T", 120)],
                       [qb.OfficialRow("CB1", "Nguyễn Văn An", "SNV")])
    response = upload(client, token, qb.write_roster(roster), path="/api/v1/agencies/import")
    assert response.status_code == 201 and response.get_json() == {"agencies": 2, "officials": 1,
                                                                    "pins_generated": 1}
    bomb = upload(client, token, uploads.far_row_bomb(), "?lang=en", path="/api/v1/agencies/import")
    assert bomb.status_code == 422 and "was not found" in bomb.get_json()["errors"][0]["message"]


def test_the_results_workbook_is_built_by_the_worker(app, client):
    organiser_id, token = make_organiser()
    _, round_id = make_live_round(organiser_id)
    response = client.get(f"/api/v1/rounds/{round_id}/results.xlsx", headers=auth(token))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Thí sinh", "Cơ quan, đơn vị", "Câu hỏi", "Giải thưởng"]


def test_what_goes_wrong_in_the_worker_is_raised_in_the_caller(app):
    with pytest.raises(MemoryError):  # the worker's address space is limited (WORKER_MEMORY_MB)
        offload.in_process(bytearray, 4 * 2**30)
    with pytest.raises(offload.WorkerTimeout):
        offload.in_process(time.sleep, 30, time_limit=0.5)
    with pytest.raises(offload.WorkerFailed, match="status 3"):
        offload.in_process(os._exit, 3)
    with pytest.raises(qb.WorkbookInvalid) as refused:
        offload.in_process(qb.read_bank, b"PK not a zip", lang="en")
    assert refused.value.problems[0].message.startswith("The file is not an Excel workbook")
