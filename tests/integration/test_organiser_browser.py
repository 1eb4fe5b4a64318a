"""The organiser console in headless Chromium: sign in, upload a broken bank, see every error."""
from __future__ import annotations

import io

import openpyxl
import pytest

from browser import chromium, screenshot
from factories import bank_workbook
from server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture
def server(tmp_path):
    proc = ServerProcess(tmp_path).prepare(demo=True)
    proc.start()
    yield proc
    proc.stop()


def broken_bank(path) -> str:
    book = openpyxl.load_workbook(io.BytesIO(bank_workbook()))
    sheet = book["Câu hỏi"]
    sheet["B4"] = None
    sheet["B7"] = "=1+1"
    book.save(path)
    return str(path)


def test_sign_in_upload_with_errors_then_fixed(server, tmp_path):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(f"{server.url}/organiser/")
        page.get_by_label("Tên đăng nhập").fill(f"bantochuc{server.port}")
        page.get_by_label("Mật khẩu").fill("mat-khau-dai-1")
        page.get_by_role("button", name="Đăng nhập").click()
        page.get_by_role("heading", name="Bảng điều khiển").wait_for()
        assert page.get_by_text("Hội thi trực tuyến tìm hiểu về cải cách hành chính năm 2026 (demo)").is_visible()
        screenshot(page, "organiser-dashboard")

        page.goto(f"{server.url}/organiser/banks")
        page.set_input_files("input[type=file]", broken_bank(tmp_path / "loi.xlsx"))
        page.get_by_role("button", name="Kiểm tra trước").click()
        problems = page.locator("#problems tbody tr")
        problems.first.wait_for()
        assert problems.count() >= 2
        assert "không có dữ liệu nào được lưu" in page.locator("#problems h2").inner_text()
        screenshot(page, "organiser-bank-errors")

        good = tmp_path / "tot.xlsx"
        good.write_bytes(bank_workbook())
        page.set_input_files("input[type=file]", str(good))
        page.get_by_label("Tên ngân hàng câu hỏi").fill("Bộ câu hỏi tháng 11")
        page.get_by_role("button", name="Nhập ngân hàng câu hỏi").click()
        page.get_by_text("Đã nhập 12 câu hỏi.").wait_for()
        screenshot(page, "organiser-bank-imported")
        banks = server.api("get", "/question-banks").json()
        assert any(b["name"] == "Bộ câu hỏi tháng 11" and b["count"] == 12 for b in banks)
