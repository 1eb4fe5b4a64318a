"""Question banks through the API: import, dry run, all-or-nothing, export round trip."""
import io

import openpyxl
import sqlalchemy as sa

import question_bank as qb
from contest.extensions import db
from contest.models import Option, Question
from factories import auth, bank_workbook, make_organiser, question_rows


def upload(client, token, data: bytes, query: str = "", **form):
    return client.post(f"/api/v1/question-banks{query}", headers=auth(token),
                       data={"file": (io.BytesIO(data), "bank.xlsx"), **form},
                       content_type="multipart/form-data")


def broken_workbook() -> bytes:
    """Twelve good rows, then an empty question and a duplicate of row 2."""
    book = openpyxl.load_workbook(io.BytesIO(bank_workbook()))
    sheet = book["Câu hỏi"]
    first = [c.value for c in sheet[2]]
    empty_text = list(first)
    empty_text[1] = None
    sheet.append(empty_text)
    sheet.append(first)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_stores_every_question_with_its_options(app, client):
    _, token = make_organiser()
    response = upload(client, token, bank_workbook(), name="Ngân hàng CCHC 2026")
    assert response.status_code == 201
    body = response.get_json()
    assert body["imported"] == 12
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 12
    assert db.session.scalar(sa.select(sa.func.count(Option.id))) == 48
    listed = client.get("/api/v1/question-banks", headers=auth(token)).get_json()
    assert listed == [{"bank_id": body["bank_id"], "name": "Ngân hàng CCHC 2026", "count": 12}]


def test_dry_run_validates_and_stores_nothing(app, client):
    _, token = make_organiser()
    response = upload(client, token, bank_workbook(), query="?dry_run=1")
    assert response.status_code == 200
    assert response.get_json() == {"valid": True, "count": 12, "documents": 0, "warnings": []}
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0


def test_broken_file_is_refused_whole_with_row_level_errors(app, client):
    _, token = make_organiser()
    response = upload(client, token, broken_workbook(), name="Hỏng")
    assert response.status_code == 422
    body = response.get_json()
    assert body["ok"] is False and body["error"] == "invalid_workbook"
    rows = {e["row"] for e in body["errors"]}
    assert {14, 15} <= rows
    assert all(e["sheet"] == "Câu hỏi" for e in body["errors"])
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0


def test_not_an_xlsx_is_a_422_not_a_crash(app, client):
    _, token = make_organiser()
    response = upload(client, token, "họ tên,đơn vị\n".encode())
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["message"]


def test_export_then_reimport_gives_the_same_bank(app, client):
    _, token = make_organiser()
    rows = question_rows(6) + question_rows(3, topic=qb.TOPICS[3], difficulty=3)
    bank_id = upload(client, token, qb.write_bank(rows)).get_json()["bank_id"]
    exported = client.get(f"/api/v1/question-banks/{bank_id}/export.xlsx", headers=auth(token))
    assert exported.status_code == 200
    assert qb.read_bank(exported.data) == rows


def test_import_into_existing_bank_refuses_questions_already_there(app, client):
    _, token = make_organiser()
    bank_id = upload(client, token, bank_workbook()).get_json()["bank_id"]
    again = upload(client, token, bank_workbook(), bank_id=str(bank_id))
    assert again.status_code == 422
    assert len(again.get_json()["errors"]) == 12


def test_describe_bank_counts_topics(app, client):
    _, token = make_organiser()
    rows = question_rows(4) + question_rows(2, topic=qb.TOPICS[5], difficulty=2)
    bank_id = upload(client, token, qb.write_bank(rows)).get_json()["bank_id"]
    body = client.get(f"/api/v1/question-banks/{bank_id}", headers=auth(token)).get_json()
    assert body["count"] == 6
    assert {t["name"]: t["count"] for t in body["topics"]} == {qb.TOPICS[1]: 4, qb.TOPICS[5]: 2}


def test_template_download_is_a_workbook_with_instructions(app, client):
    _, token = make_organiser()
    response = client.get("/api/v1/question-banks/template.xlsx", headers=auth(token))
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert "Câu hỏi" in book.sheetnames and "Hướng dẫn" in book.sheetnames
