"""Joining as officials meet it on a phone (390x844) when things go wrong: a mistyped code,
a round that is over, an agency typed as an abbreviation, too many searches from one hall
address, the server gone; and a shared phone handed to the next person."""
from __future__ import annotations

import pytest
import requests

from browser import PHONE, chromium, screenshot
from scenario import setup_round
from server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.server]


@pytest.fixture
def server(tmp_path):
    """A server whose agency search allows 100 a minute per address (the default, 6,000, is
    a hall's), so that the test reaches the limit."""
    proc = ServerProcess(tmp_path, extra_env={"CONTEST_SEARCH_LIMIT": "100"}).prepare()
    proc.start()
    yield proc
    proc.stop()


def test_joining_when_things_go_wrong(server):
    round_id, code, _ = setup_round(server, question_count=2, seconds_per_question=60)
    finished_id, finished_code, _ = setup_round(server, question_count=1)
    assert server.api("post", f"/rounds/{finished_id}/finish").ok
    with chromium() as browser:
        page = browser.new_context(**PHONE).new_page()
        page.on("dialog", lambda dialog: dialog.accept())

        # a mistyped code: a page that says so, with the box to type it again
        page.goto(f"{server.url}/join/{code[:-1]}Q1")
        assert "Mã tham gia không đúng." in page.locator("#code-error").inner_text()
        screenshot(page, "join-wrong-code")
        page.get_by_label("Mã tham gia").fill(code.lower())
        page.get_by_role("button", name="Vào thi").click()
        page.get_by_label("Họ và tên").wait_for()

        # a round that is over says so before anyone fills the form
        page.goto(f"{server.url}/join/{finished_code}")
        page.get_by_role("heading", name="Vòng thi đã kết thúc").wait_for()
        assert not page.locator("#join").is_visible()
        screenshot(page, "join-finished-round")

        # the form: "Enter" in the search picks the first agency; an abbreviation finds it
        page.goto(f"{server.url}/join/{code}")
        page.get_by_role("button", name="Vào thi").click()
        assert page.locator("#join-error").inner_text() == "Cần họ và tên (2 đến 100 ký tự)."
        page.get_by_label("Họ và tên").fill("Lê Thị Hồng Nhung")
        page.get_by_role("button", name="Vào thi").click()
        assert page.locator("#join-error").inner_text() == "Hãy chọn cơ quan, đơn vị trong danh sách"
        page.locator("#agency-search").fill("ubnd")
        page.get_by_role("button", name="Ủy ban nhân dân tỉnh", exact=True).wait_for()
        page.locator("#agency-search").press("Enter")
        page.locator("#agency-choice").wait_for()
        assert page.locator("#join-error").inner_text() == ""  # the old complaint went with the choice
        screenshot(page, "join-agency-picked")

        # the server is gone: "Vào thi" says so instead of doing nothing
        server.kill()
        page.get_by_role("button", name="Vào thi").click()
        page.locator("#join-error", has_text="Không kết nối được máy chủ").wait_for()
        screenshot(page, "join-server-down")
        server.start()
        page.get_by_role("button", name="Vào thi").click()
        page.get_by_text("Chờ ban tổ chức bắt đầu").wait_for()

        # a shared phone: the next official is not taken for the first one
        page.get_by_role("button", name="Không phải tôi? Đổi người thi").click()
        page.get_by_label("Họ và tên").wait_for()
        page.reload()
        page.get_by_label("Họ và tên").wait_for()  # forgotten, not resumed

        # the hall shares one address: past the search limit, the phone says "try again"
        for _ in range(125):
            if requests.get(f"{server.url}/api/v1/agencies/search?q=xa", timeout=10).status_code == 429:
                break
        page.locator("#agency-search").fill("long hung")
        page.locator("#agency-results", has_text="thử lại sau").wait_for()
        assert "Không tìm thấy" not in page.locator("#agency-results").inner_text()
        screenshot(page, "join-search-rate-limited")

    joined = server.api("get", f"/rounds/{round_id}").json()["joined"]
    assert joined == 1
