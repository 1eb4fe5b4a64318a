"""One official takes a self-paced paper on a phone-sized headless Chromium: start, answer
in any order, change an answer, reload mid-paper, predict, confirm, submit, see the result;
then the stored answers and the standings agree with what the page showed."""
from __future__ import annotations

import io
import re
import time

import openpyxl
import pytest

from browser import chromium, screenshot
from scenario import setup_round
from server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.server]
NUMBERS = ["một", "hai", "ba", "bốn"]  # factories.question_rows: question i's key is option i % 4


def wait_open(server: ServerProcess, round_id: int) -> None:
    """The engine loop opens the round at opens_at_ms (already past) within a tick."""
    deadline = time.time() + 10
    while server.api("get", f"/rounds/{round_id}").json()["status"] != "open":
        assert time.time() < deadline, "the round did not open"
        time.sleep(0.1)


def right_option(question_text: str) -> str:
    number = int(re.search(r"Câu hỏi số (\d+)", question_text).group(1))
    return f"Phương án {NUMBERS[number % 4]}"


def option(page, text: str):
    return page.locator("#sp-options .option", has_text=re.compile(f"^[A-F]{text}$"))


def answer_shown_question(page, right: bool = True) -> str:
    text = page.locator("#sp-text").inner_text()
    wanted = right_option(text)
    target = option(page, wanted) if right else page.locator("#sp-options .option").filter(
        has_not_text=wanted).first
    target.click()
    page.locator("#sp-saved", has_text="Đã lưu").wait_for()
    return text


def test_a_paper_from_start_to_submit(server):
    now = int(time.time() * 1000)
    round_id, code, _ = setup_round(server, mode="self_paced", question_count=5, duration_seconds=900,
                                    max_attempts=2, opens_at_ms=now - 1000, closes_at_ms=now + 86_400_000,
                                    score_min_answered=0)  # the score at once (default: after the close)
    wait_open(server, round_id)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        page.goto(f"{server.url}/join/{code}")
        page.get_by_label("Họ và tên").fill("Trần Thị Mai Anh")
        page.locator("#agency-search").fill("so noi vu")
        page.get_by_role("button", name="Ủy ban nhân dân tỉnh › Sở Nội vụ").click()
        page.get_by_role("button", name="Vào thi").click()
        page.get_by_text("Sẵn sàng làm bài").wait_for()
        assert "Số lượt thi còn lại: 2/2" in page.locator("#sp-start").inner_text()
        assert "15 phút" in page.locator("#sp-start").inner_text()
        screenshot(page, "selfpaced-start")

        page.get_by_role("button", name="Bắt đầu").click()
        page.locator("#sp-text").wait_for()
        assert page.locator(".sp-nav button").count() == 5
        assert re.fullmatch(r"1[45]:\d\d", page.locator("#sp-paper .sp-timer").inner_text())
        screenshot(page, "selfpaced-paper")

        page.locator(".sp-nav button").nth(2).click()  # any order: the third question first
        answer_shown_question(page)
        page.locator(".sp-nav button").nth(0).click()
        first = answer_shown_question(page, right=False)
        first = answer_shown_question(page, right=True)  # changed: the later answer replaces it
        assert "Đã trả lời 2/5" in page.locator("#sp-progress").inner_text()
        screenshot(page, "selfpaced-saved")

        page.reload()  # mid-paper: the same attempt, its answers and its time come back
        page.locator("#sp-text").wait_for()
        assert page.locator("#sp-text").inner_text() == first
        assert option(page, right_option(first)).get_attribute("class") == "option chosen"
        assert "Đã trả lời 2/5" in page.locator("#sp-progress").inner_text()
        screenshot(page, "selfpaced-resumed")

        for index in (1, 3, 4):
            page.locator(".sp-nav button").nth(index).click()
            answer_shown_question(page, right=index != 4)  # the fifth one wrong
        page.get_by_role("button", name="Nộp bài").click()
        page.get_by_text("Dự đoán có bao nhiêu người trả lời đúng tất cả các câu hỏi?").wait_for()
        assert page.locator("#sp-confirm").is_disabled()
        page.locator("#sp-prediction").fill("12")
        page.locator("#sp-prediction-status", has_text="Đã lưu").wait_for()
        assert "Bạn đã trả lời tất cả các câu hỏi." in page.locator("#sp-submit").inner_text()
        assert re.fullmatch(r"1[45]:\d\d", page.locator("#sp-submit .sp-timer").inner_text())
        screenshot(page, "selfpaced-submit")

        page.locator("#sp-confirm").click()
        page.locator("#sp-score").wait_for()
        assert page.locator("#sp-score").inner_text() == "4 điểm"
        assert page.locator("#sp-correct").inner_text() == "Số câu đúng: 4/5"
        assert "Thời gian làm bài:" in page.locator("#sp-used").inner_text()
        assert "Bạn còn 1 lượt thi." in page.locator("#sp-result").inner_text()
        screenshot(page, "selfpaced-result")

        stored = server.api("get", f"/rounds/{round_id}/answers").json()
        assert len(stored) == 5 and all(a["attempt"] == 1 for a in stored)
        assert sum(a["correct"] for a in stored) == 4
        board = server.api("get", f"/rounds/{round_id}/leaderboard").json()
        assert board["participants"][0]["name"] == "Trần Thị Mai Anh" and board["participants"][0]["score"] == 4

        page.reload()  # after the submission: the start screen with the last result
        page.get_by_text("Lần thi gần nhất: 4/5 câu đúng").wait_for()
        screenshot(page, "selfpaced-after")

    book = openpyxl.load_workbook(io.BytesIO(server.api("get", f"/rounds/{round_id}/results.xlsx").content))
    row = [c.value for c in book["Thí sinh"][6]]
    assert row[:6] == [1, "Trần Thị Mai Anh", "Sở Nội vụ", 4, 4, 12]


def test_the_page_submits_by_itself_when_time_is_up(server):
    now = int(time.time() * 1000)
    round_id, code, _ = setup_round(server, mode="self_paced", question_count=3, duration_seconds=30,
                                    opens_at_ms=now - 1000, closes_at_ms=now + 86_400_000,
                                    score_min_answered=0)
    wait_open(server, round_id)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        page.goto(f"{server.url}/join/{code}")
        page.get_by_label("Họ và tên").fill("Lê Văn Hùng")
        page.locator("#agency-search").fill("long hung")
        page.get_by_role("button", name="Ủy ban nhân dân tỉnh › Xã Long Hưng").click()
        page.get_by_role("button", name="Vào thi").click()
        page.get_by_role("button", name="Bắt đầu").click()
        page.locator("#sp-text").wait_for()
        answer_shown_question(page)
        page.locator(".sp-nav button").nth(1).click()
        page.locator("#sp-options .option").first.click()  # still saving when time runs out? fine
        page.locator("#sp-score").wait_for(timeout=45_000)
        assert page.locator("#sp-correct").inner_text().endswith("/3")
        screenshot(page, "selfpaced-time-up")
    attempt = server.api("get", f"/rounds/{round_id}/leaderboard").json()["participants"][0]
    assert attempt["name"] == "Lê Văn Hùng" and attempt["score"] >= 1
