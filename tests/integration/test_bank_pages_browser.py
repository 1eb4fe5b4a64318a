"""Bank import and round form in headless Chromium: a preview keeps the chosen file and brings the
warnings into view; the round form shows the chosen mode's fields and takes quotas."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

import question_bank as qb

from browser import chromium, screenshot
from factories import TOPIC_A, question_rows

pytestmark = [pytest.mark.browser, pytest.mark.server]


def bank_with_warnings(path) -> str:
    rows = question_rows(30)
    rows[1] = replace(rows[0], text=rows[0].text.replace("về cải cách", "về việc cải cách"))
    rows[2] = replace(rows[2], valid_to=date.today() - timedelta(days=1))
    path.write_bytes(qb.write_bank(rows))
    return str(path)


def sign_in(page, server) -> None:
    page.goto(f"{server.url}/organiser/login")
    page.get_by_label("Tên đăng nhập").fill(f"bantochuc{server.port}")
    page.get_by_label("Mật khẩu").fill("mat-khau-dai-1")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Bảng điều khiển").wait_for()


def test_preview_shows_warnings_in_view_and_imports_without_choosing_the_file_again(server, tmp_path):
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        sign_in(page, server)
        page.goto(f"{server.url}/organiser/banks")
        page.set_input_files("input[type=file]", bank_with_warnings(tmp_path / "canh-bao.xlsx"))
        page.get_by_role("button", name="Kiểm tra trước").click()
        warnings = page.locator("#warnings tbody tr")
        warnings.first.wait_for()
        assert [row.get_attribute("data-code") for row in warnings.all()] == ["near_duplicate", "expired"]
        assert page.locator("#warnings tbody tr td:nth-child(2)").all_inner_texts() == ["3", "4"]
        page.wait_for_function("() => document.getElementById('warnings').getBoundingClientRect().top < 200")
        assert page.evaluate("window.scrollY") > 0
        assert page.evaluate("document.querySelector('input[type=file]').files.length") == 1
        assert page.get_by_text("Tệp đã chọn vẫn được giữ").is_visible()
        screenshot(page, "organiser-bank-warnings")

        page.get_by_label("Tên ngân hàng câu hỏi").fill("Ngân hàng có cảnh báo")
        page.get_by_role("button", name="Nhập ngân hàng câu hỏi").click()
        page.get_by_text("Đã nhập 30 câu hỏi.").wait_for()
        page.get_by_role("link", name="Chất lượng ngân hàng câu hỏi").click()
        page.locator("#warnings tbody tr").first.wait_for()
        assert page.locator("#warnings h2").inner_text() == "2 cảnh báo"
        screenshot(page, "organiser-bank-quality")


def test_round_form_shows_the_chosen_mode_and_creates_a_round_with_quotas(server):
    server.api("post", "/question-banks", files={"file": ("b.xlsx", qb.write_bank(question_rows(12)))},
               data={"name": "Ngân hàng vòng thi"}).raise_for_status()
    contest = server.api("post", "/contests", json={"title": "Hội thi thử"}).json()
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        sign_in(page, server)
        page.goto(f"{server.url}/organiser/contests/{contest['contest_id']}")
        live, self_paced = page.locator('fieldset[data-mode="live"]'), page.locator('fieldset[data-mode="self_paced"]')
        assert live.is_visible() and not self_paced.is_visible()
        page.get_by_label("Hình thức").select_option("self_paced")
        assert self_paced.is_visible() and not live.is_visible()

        page.get_by_label("Tên vòng thi").fill("Tuần thi có định mức")
        page.get_by_label("Số câu hỏi").fill("13")
        page.get_by_label(f"{TOPIC_A} · Dễ").fill("13")
        page.get_by_role("button", name="Tạo vòng thi").click()
        page.locator("#quotas .error").first.wait_for()
        assert "cần 13, chỉ có 12" in page.locator("#quotas").inner_text()
        assert page.get_by_label("Tên vòng thi").input_value() == "Tuần thi có định mức"
        assert page.get_by_label("Số câu hỏi").input_value() == "13"
        assert self_paced.is_visible() and not live.is_visible()  # still the mode that was chosen
        screenshot(page, "organiser-round-quota-refused")

        page.get_by_label("Số câu hỏi").fill("6")
        page.get_by_label(f"{TOPIC_A} · Dễ").fill("4")
        page.get_by_role("button", name="Tạo vòng thi").click()
        page.get_by_text("Đã tạo vòng thi, mã tham gia").wait_for()
    rounds = server.api("get", "/contests").json()[0]["rounds"]
    assert [(r["title"], r["mode"]) for r in rounds] == [("Tuần thi có định mức", "self_paced")]
