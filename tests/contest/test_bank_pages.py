"""The organiser's import page: a preview lists the warnings beside the questions, in the page's
language, and opens at them; the bank page shows its catalogue of legal documents."""
import io
from dataclasses import replace
from datetime import date, timedelta

from test_organiser_pages import csrf_token, log_in

import question_bank as qb

from factories import make_bank, make_organiser, question_rows


def workbook_with_warnings() -> bytes:
    rows = question_rows(6)
    rows[1] = replace(rows[0], text=rows[0].text.replace("về cải cách", "về việc cải cách"))
    rows[4] = replace(rows[4], valid_to=date.today() - timedelta(days=1), legal_basis=None)
    return qb.write_bank(rows, [qb.DocumentRow("61/2018/NĐ-CP", "Nghị định một cửa",
                                               replaced_on=date(2025, 7, 1))])


def preview(client, lang: str = "vi") -> str:
    token = csrf_token(client, "/organiser/banks")
    return client.post(f"/organiser/banks?lang={lang}", data={
        "csrf_token": token, "file": (io.BytesIO(workbook_with_warnings()), "canh-bao.xlsx"),
        "bank_id": "0", "preview": "1"}, content_type="multipart/form-data").get_data(as_text=True)


def test_a_preview_lists_the_warnings_by_row_and_opens_at_them(app, client):
    make_organiser()
    log_in(client)
    html = preview(client)
    assert 'action="/organiser/banks#results"' in html
    results = html.split('<div id="results">')[1]
    warnings = results.split('id="warnings"')[1].split("</section>")[0]
    rows = [(cells[2].split("</td>")[0], part.split('"')[0])
            for part in warnings.split('data-code="')[1:] for cells in [part.split("<td>")]]
    assert rows == [("2", "cites_replaced"), ("3", "near_duplicate"), ("3", "cites_replaced"),
                    ("4", "cites_replaced"), ("5", "cites_replaced"), ("6", "expired"),
                    ("6", "no_legal_basis"), ("7", "cites_replaced")]
    assert "Câu hỏi gần trùng với câu hỏi ở dòng 2" in warnings
    assert "“Hiệu lực đến” là" in warnings and "Chưa ghi “Căn cứ pháp lý”" in warnings
    assert "6 câu hỏi sẵn sàng để nhập" in results and "Kèm 1 văn bản" in results
    english = preview(client, "en")
    assert "This question is nearly the same as the one on row 2" in english
    assert "Câu hỏi gần trùng" not in english


def test_the_bank_page_shows_its_catalogue_and_links_to_its_quality(app, client):
    organiser_id, _ = make_organiser()
    log_in(client)
    token = csrf_token(client, "/organiser/banks")
    client.post("/organiser/banks", data={
        "csrf_token": token, "file": (io.BytesIO(workbook_with_warnings()), "canh-bao.xlsx"),
        "bank_id": "0", "name": "Có văn bản", "submit": "1"}, content_type="multipart/form-data")
    html = client.get("/organiser/banks/1").get_data(as_text=True)
    documents = html.split('id="documents"')[1].split("</section>")[0]
    assert "61/2018/NĐ-CP" in documents and "01/07/2025" in documents
    assert 'href="/organiser/banks/1/quality"' in html
    assert 'id="documents"' not in client.get(f"/organiser/banks/{make_bank(organiser_id)}").get_data(as_text=True)
