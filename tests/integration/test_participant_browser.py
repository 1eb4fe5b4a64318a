"""One official's whole question on a phone-sized headless Chromium."""
from __future__ import annotations

import pytest

from browser import chromium, screenshot
from scenario import setup_round

pytestmark = [pytest.mark.browser, pytest.mark.server]


def test_participant_joins_answers_and_sees_the_result(server):
    round_id, code, _ = setup_round(server, question_count=2, seconds_per_question=60)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        page.goto(f"{server.url}/join/{code}")
        page.get_by_label("Họ và tên").fill("Lê Thị Hồng Nhung")
        page.locator("#agency-search").fill("so noi vu")
        page.get_by_role("button", name="Ủy ban nhân dân tỉnh › Sở Nội vụ").click()
        screenshot(page, "participant-join")
        page.get_by_role("button", name="Vào thi").click()
        page.get_by_text("Chờ ban tổ chức bắt đầu").wait_for()
        screenshot(page, "participant-lobby")

        assert server.api("post", f"/rounds/{round_id}/start").ok
        page.locator("#q-text").wait_for(state="visible")
        assert page.locator("#q-index").inner_text() == "Câu 1/2"
        screenshot(page, "participant-question")
        page.locator(".option").first.click()
        page.get_by_text("Đã ghi nhận câu trả lời").wait_for()
        screenshot(page, "participant-recorded")

        assert server.api("post", f"/rounds/{round_id}/next").ok  # close the question early
        page.locator("#r-title").wait_for(state="visible", timeout=15000)
        verdict = page.locator("#r-title").inner_text()
        assert verdict in ("Chính xác!", "Chưa chính xác")
        assert "Tổng điểm" in page.locator("#r-score").inner_text()
        screenshot(page, "participant-reveal")

        stored = server.api("get", f"/rounds/{round_id}/answers").json()
        assert len(stored) == 1 and stored[0]["correct"] == (verdict == "Chính xác!")

        page.reload()  # a reload resumes from `state`, without joining again
        page.locator("#r-title:visible, #wait-title:visible").first.wait_for()
        assert not page.locator("#join").is_visible()
