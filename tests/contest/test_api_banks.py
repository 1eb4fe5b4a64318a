"""Question banks through the API: import, dry run, all-or-nothing, export round trip."""
import io
from dataclasses import replace
from datetime import date, timedelta

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


# warnings, the duplicate rule and the catalogue of legal documents --------------------------

def rows_with_a_twin_and_an_expired_question() -> list[qb.QuestionRow]:
    """Row 3 nearly repeats row 2; row 4 stopped being valid yesterday; the rest are fine."""
    rows = question_rows(5)
    rows[1] = replace(rows[0], text=rows[0].text.replace("về cải cách", "về việc cải cách"))
    rows[2] = replace(rows[2], valid_to=date.today() - timedelta(days=1))
    return rows


def test_dry_run_of_a_valid_workbook_names_the_near_duplicate_and_the_expired_rows(app, client):
    _, token = make_organiser()
    response = upload(client, token, qb.write_bank(rows_with_a_twin_and_an_expired_question()),
                      query="?dry_run=1")
    assert response.status_code == 200
    body = response.get_json()
    assert body["valid"] is True and body["count"] == 5
    assert [(w["sheet"], w["row"], w["code"]) for w in body["warnings"]] == [
        ("Câu hỏi", 3, "near_duplicate"), ("Câu hỏi", 4, "expired")]
    assert "dòng 2" in body["warnings"][0]["message"]
    assert (date.today() - timedelta(days=1)).strftime("%d/%m/%Y") in body["warnings"][1]["message"]
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0
    english = upload(client, token, qb.write_bank(rows_with_a_twin_and_an_expired_question()),
                     query="?dry_run=1&lang=en").get_json()
    assert english["warnings"][0]["message"].startswith("This question is nearly the same as the one on row 2")


def test_warnings_never_block_the_import(app, client):
    _, token = make_organiser()
    response = upload(client, token, qb.write_bank(rows_with_a_twin_and_an_expired_question()))
    assert response.status_code == 201 and response.get_json()["imported"] == 5


def test_a_generic_stem_twice_with_different_options_imports_the_same_options_do_not(app, client):
    _, token = make_organiser()
    generic = replace(question_rows(1)[0], text="Phát biểu nào sau đây đúng?")
    other = replace(generic, options=["Xã là một cấp chính quyền", "Huyện còn tồn tại", "Tỉnh có ba cấp"],
                    correct=[0])
    created = upload(client, token, qb.write_bank([generic, other]))
    assert created.status_code == 201 and created.get_json()["imported"] == 2
    bank_id = created.get_json()["bank_id"]
    shuffled = replace(other, options=list(reversed(other.options)), correct=[2])
    again = upload(client, token, qb.write_bank([shuffled]), bank_id=str(bank_id))
    assert again.status_code == 422
    assert "đã có trong ngân hàng" in again.get_json()["errors"][0]["message"]
    twice = upload(client, token, qb.write_bank([generic, replace(generic, options=generic.options[::-1])]))
    assert twice.status_code == 422 and twice.get_json()["errors"][0]["row"] == 3
    third = replace(generic, options=["Một phương án mới", "Phương án khác", "Phương án thứ ba"])
    assert upload(client, token, qb.write_bank([third]), bank_id=str(bank_id)).status_code == 201
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 3


OLD_DECREE = qb.DocumentRow("61/2018/NĐ-CP", "Nghị định về cơ chế một cửa", replaced_on=date(2025, 7, 1),
                            replaced_by="118/2025/NĐ-CP")
NEW_DECREE = qb.DocumentRow("118/2025/NĐ-CP", "Nghị định về cơ chế một cửa", issued=date(2025, 6, 9),
                            effective_from=date(2025, 7, 1))


def test_the_catalogue_is_stored_with_the_bank_exported_and_used_against_later_imports(app, client):
    _, token = make_organiser()
    first = question_rows(2)
    bank_id = upload(client, token, qb.write_bank(first, [OLD_DECREE])).get_json()["bank_id"]
    exported = qb.read_workbook(client.get(f"/api/v1/question-banks/{bank_id}/export.xlsx",
                                           headers=auth(token)).data)
    assert exported.questions == first and exported.documents == [OLD_DECREE]

    # the next workbook has no sheet "Văn bản": the stored catalogue still judges its citations,
    # and its near-duplicate of a stored question is named
    later = [replace(question_rows(3)[2], text="Câu hỏi mới hoàn toàn khác về công vụ?"),
             replace(first[0], text=first[0].text.replace("về cải cách", "về việc cải cách"))]
    body = upload(client, token, qb.write_bank(later), query="?dry_run=1", bank_id=str(bank_id)).get_json()
    assert [(w["row"], w["code"]) for w in body["warnings"]] == [
        (2, "cites_replaced"), (3, "near_duplicate_bank"), (3, "cites_replaced")]

    updated = replace(OLD_DECREE, title="Nghị định 61/2018 (đã thay thế)")
    assert upload(client, token, qb.write_bank(later, [updated, NEW_DECREE]),
                  bank_id=str(bank_id)).status_code == 201
    exported = qb.read_workbook(client.get(f"/api/v1/question-banks/{bank_id}/export.xlsx",
                                           headers=auth(token)).data)
    assert exported.documents == [updated, NEW_DECREE] and len(exported.questions) == 4


def test_a_bad_documents_sheet_refuses_the_import_whole(app, client):
    _, token = make_organiser()
    broken = [OLD_DECREE, replace(NEW_DECREE, replaced_on=date(2020, 1, 1))]
    response = upload(client, token, qb.write_bank(question_rows(3), broken))
    assert response.status_code == 422
    assert [(e["sheet"], e["row"], e["column"]) for e in response.get_json()["errors"]] == [
        ("Văn bản", 3, "Hết hiệu lực từ")]
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0
