"""The organiser console: login, CSRF, Vietnamese pages, uploads with a preview."""
import io
import re

import openpyxl
import sqlalchemy as sa

from contest.extensions import db
from contest.models import Question

from factories import bank_workbook, make_bank, make_organiser


def csrf_token(client, path: str) -> str:
    html = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def log_in(client, name="bantochuc", password="mat-khau-dai-1"):
    token = csrf_token(client, "/organiser/login")
    return client.post("/organiser/login", data={"csrf_token": token, "name": name, "password": password})


def test_pages_need_login(client):
    for path in ("/organiser/", "/organiser/banks", "/organiser/agencies", "/organiser/tokens"):
        response = client.get(path)
        assert response.status_code == 302
        assert "/organiser/login" in response.headers["Location"]


def test_login_page_is_vietnamese_and_english_on_request(client):
    html = client.get("/organiser/login").get_data(as_text=True)
    assert "Đăng nhập ban tổ chức" in html and "Mật khẩu" in html and 'lang="vi"' in html
    english = client.get("/organiser/login?lang=en").get_data(as_text=True)
    assert "Organiser sign-in" in english and "Password" in english


def test_wrong_password_is_refused(app, client):
    make_organiser()
    html = log_in(client, password="sai-mat-khau").get_data(as_text=True)
    assert "Sai tên đăng nhập hoặc mật khẩu." in html
    assert client.get("/organiser/").status_code == 302


def test_form_without_csrf_token_is_refused(app, client):
    make_organiser()
    response = client.post("/organiser/login", data={"name": "bantochuc", "password": "mat-khau-dai-1"})
    assert response.status_code == 400
    assert "Phiên làm việc đã hết hạn" in response.get_data(as_text=True)
    assert client.get("/organiser/").status_code == 302


def test_dashboard_after_login(app, client):
    organiser_id, _ = make_organiser()
    make_bank(organiser_id)
    assert log_in(client).status_code == 302
    html = client.get("/organiser/").get_data(as_text=True)
    assert "Bảng điều khiển" in html and "Ngân hàng thử" in html and "12 câu hỏi" in html


def test_bank_upload_preview_lists_every_error_and_stores_nothing(app, client):
    make_organiser()
    log_in(client)
    book = openpyxl.load_workbook(io.BytesIO(bank_workbook()))
    sheet = book["Câu hỏi"]
    sheet["B3"] = None                  # empty question text
    sheet.cell(row=5, column=sheet.max_column).value = None
    headers = [c.value for c in sheet[1]]
    sheet.cell(row=6, column=headers.index("Chủ đề") + 1).value = "Chủ đề lạ"
    out = io.BytesIO()
    book.save(out)
    token = csrf_token(client, "/organiser/banks")
    response = client.post("/organiser/banks", data={
        "csrf_token": token, "file": (io.BytesIO(out.getvalue()), "loi.xlsx"), "bank_id": "0",
        "submit": "1"}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert "không có dữ liệu nào được lưu" in html
    assert "Chủ đề lạ" in html
    assert ">3<" in html and ">6<" in html
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0


def test_bank_upload_preview_then_import(app, client):
    make_organiser()
    log_in(client)
    token = csrf_token(client, "/organiser/banks")
    preview = client.post("/organiser/banks", data={
        "csrf_token": token, "file": (io.BytesIO(bank_workbook()), "tot.xlsx"), "bank_id": "0",
        "preview": "1"}, content_type="multipart/form-data").get_data(as_text=True)
    assert "12 câu hỏi sẵn sàng để nhập" in preview
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 0
    response = client.post("/organiser/banks", data={
        "csrf_token": token, "file": (io.BytesIO(bank_workbook()), "tot.xlsx"), "bank_id": "0",
        "name": "Bộ câu hỏi quý IV", "submit": "1"}, content_type="multipart/form-data",
        follow_redirects=True)
    assert "Đã nhập 12 câu hỏi." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Question.id))) == 12


def test_create_contest_and_round_from_the_pages(app, client):
    organiser_id, _ = make_organiser()
    bank_id = make_bank(organiser_id)
    log_in(client)
    token = csrf_token(client, "/organiser/")
    response = client.post("/organiser/contests", data={"csrf_token": token,
                                                        "title": "Hội thi tìm hiểu CCHC"})
    detail = response.headers["Location"]
    token = csrf_token(client, detail)
    html = client.post(detail, data={
        "csrf_token": token, "title": "Vòng loại", "mode": "live", "bank_id": str(bank_id),
        "question_count": "5", "scoring": "fixed", "registration": "open",
        "seconds_per_question": "20", "advance": "host", "max_attempts": "1"},
        follow_redirects=True).get_data(as_text=True)
    assert "Đã tạo vòng thi, mã tham gia" in html and "Vòng loại" in html


def test_api_token_page_shows_a_token_once(app, client):
    make_organiser()
    log_in(client)
    token = csrf_token(client, "/organiser/tokens")
    html = client.post("/organiser/tokens", data={"csrf_token": token}).get_data(as_text=True)
    shown = re.search(r"ct_[A-Za-z0-9_-]+", html).group(0)
    assert client.get("/api/v1/agencies", headers={"Authorization": f"Bearer {shown}"}).status_code == 200
    assert "ct_" not in client.get("/organiser/tokens").get_data(as_text=True)


def test_upload_over_the_size_limit_is_refused(app, client):
    make_organiser()
    log_in(client)
    token = csrf_token(client, "/organiser/banks")
    big = b"0" * (9 * 1024 * 1024)
    response = client.post("/organiser/banks", data={
        "csrf_token": token, "file": (io.BytesIO(big), "to.xlsx"), "submit": "1"},
        content_type="multipart/form-data")
    assert response.status_code == 413


def test_form_messages_speak_the_pages_language(app, client):
    """WTForms has no Vietnamese catalogue: its own messages come from ours."""
    for lang, required, english in (("vi", "Cần điền trường này.", False), ("en", "This field is required.", True)):
        token = csrf_token(client, f"/organiser/login?lang={lang}")
        html = client.post(f"/organiser/login?lang={lang}", data={"csrf_token": token, "name": "", "password": ""}
                           ).get_data(as_text=True)
        assert required in html
        assert ("This field is required." in html) == english


def test_a_form_without_its_csrf_token_is_told_in_the_clients_language(app, client):
    for lang, words in (("vi", "tải lại trang"), ("en", "reload the page")):
        body = client.post(f"/organiser/login?lang={lang}", json={"name": "x", "password": "y"}).get_json()
        assert body["error"] == "forbidden" and words in body["message"], body
