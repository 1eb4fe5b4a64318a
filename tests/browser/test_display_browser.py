"""The display screen in headless Chromium, on the real server, through a whole live round:
lobby -> question -> reveal -> leaderboard (-> frozen -> final), at 1920x1080 and 1280x720,
with an agency's own screen beside them. Screenshots go to test-artifacts/."""
from __future__ import annotations

import asyncio
import random
import re
from pathlib import Path

import pytest
import requests
from playwright.async_api import Page, async_playwright, expect

import question_bank as qb

from crowd import NAMES, Crowd, Official
from server import ROOT, ServerProcess

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "test-artifacts"
SIZES = {"1920": (1920, 1080), "1280": (1280, 720)}
AGENCY_CODES = ["SNV-CCHC", "SNV-TCBC", "STP", "STC", "TTPVHCC", "P-PL", "P-ST", "X-LH", "X-TD", "X-MT-VH", "SYT"]
PEOPLE = 40


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install -y chromium)")
    # the address phones in the hall would use; the screens themselves open 127.0.0.1
    proc = ServerProcess(tmp_path_factory.mktemp("display"), extra_env={
        "CONTEST_PUBLIC_URL": "http://192.168.1.20:5000"}).prepare(demo=True)
    proc.start()
    yield proc
    proc.stop()


def setup_round(server: ServerProcess) -> dict:
    bank = server.api("get", "/question-banks").json()[0]
    contest = server.api("post", "/contests", json={
        "title": "Hội thi trực tuyến tìm hiểu về cải cách hành chính năm 2026"}).json()
    created = server.api("post", f"/contests/{contest['contest_id']}/rounds", json={
        "title": "Vòng chung kết trực tiếp", "mode": "live", "bank_id": bank["bank_id"],
        "question_count": 3, "seconds_per_question": 30, "scoring": "speed", "freeze_last": 1}).json()
    agencies = {a["code"]: a for a in server.api("get", "/agencies").json()}
    random.seed(2026)
    officials = [Official(NAMES[i % len(NAMES)] + ("" if i < len(NAMES) else f" ({i // len(NAMES) + 1})"),
                          agencies[AGENCY_CODES[i % len(AGENCY_CODES)]]["agency_id"], 0.35 + 0.6 * (i % 5) / 4)
                 for i in range(PEOPLE)]
    crowd = Crowd(server.url, created["join_code"], server.workdir / "contest.db", officials)
    return {**created, "contest": contest, "crowd": crowd, "agencies": agencies}


async def shoot(pages: dict[str, Page], state: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for size, page in pages.items():
        await page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
        await page.screenshot(path=str(ARTIFACTS / f"display-{state}-{size}.png"))
        await assert_no_scrolling(page)


async def assert_no_scrolling(page: Page) -> None:
    overflow = await page.evaluate("""() => {
        const d = document.documentElement;
        const clipped = [...document.querySelectorAll('.q-text, .options li, .dist li')]
            .filter(e => e.offsetParent && e.scrollHeight > e.clientHeight + 2).length;
        return {x: d.scrollWidth - innerWidth, y: d.scrollHeight - innerHeight, clipped};
    }""")
    assert overflow == {"x": 0, "y": 0, "clipped": 0}


async def view(page: Page, name: str, timeout: int = 15_000) -> None:
    await expect(page.locator("body")).to_have_attribute("data-view", name, timeout=timeout)


def control(server: ServerProcess, round_id: int, action: str) -> str:
    response = server.api("post", f"/rounds/{round_id}/{action}")
    assert response.status_code == 200, response.text
    return response.json()["status"]


async def play_question(server, rnd, pages, shots: str | None) -> None:
    """One question on every screen: the text, a live tally, then the reveal and the board."""
    screens = list(pages.values())
    for page in screens:
        await view(page, "question")
    status = server.api("get", f"/rounds/{rnd['round_id']}").json()
    text = await screens[0].locator("#q-text").inner_text()
    assert text.strip() and re.search(r"\d+ / 3", await screens[0].locator("#q-index").inner_text())
    for _ in range(100):  # every official answers within a few seconds
        if server.api("get", f"/rounds/{rnd['round_id']}").json()["answered_current"] == PEOPLE:
            break
        await asyncio.sleep(0.1)
    for page in screens:
        await expect(page.locator("#answered")).to_have_text(str(PEOPLE), timeout=5_000)
        await expect(page.locator("#countdown")).to_have_text(re.compile(r"^\d+$"))
    assert status["status"] == "question"
    if shots:
        await shoot(pages, "question")
    control(server, rnd["round_id"], "next")  # the host closes the question
    for page in screens:
        await view(page, "reveal")
        await expect(page.get_by_text("Đáp án đúng")).to_be_visible()
        assert await page.locator(".dist li.correct").count() >= 1
    if shots:
        await shoot(pages, "reveal")
    for page in screens:
        await view(page, "board", timeout=20_000)


async def check_board(server, rnd, page: Page) -> dict:
    board = server.api("get", f"/rounds/{rnd['round_id']}/leaderboard?limit=10").json()
    leader = board["participants"][0]
    people = page.locator("#board-people")
    await expect(people).to_contain_text(leader["name"])
    await expect(people).to_contain_text(leader["agency"])
    await expect(page.locator("#board-agencies")).to_contain_text(board["agencies"][0]["name"])
    return board


async def scenario(server: ServerProcess, rnd: dict) -> None:
    crowd = rnd["crowd"]
    base = f"{server.url}/display/{rnd['contest']['display_token']}"
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM,
                                          args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        pages, errors = {}, []
        for size, (width, height) in SIZES.items():
            pages[size] = await (await browser.new_context(viewport={"width": width, "height": height})).new_page()
        agency_page = await (await browser.new_context(viewport={"width": 1920, "height": 1080})).new_page()
        for page in (*pages.values(), agency_page):
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            # network errors are expected while the server is down; script errors never are
            page.on("console", lambda msg: msg.type == "error" and "Failed to load resource" not in msg.text
                    and errors.append(msg.text))
            await page.goto(base + ("?agency=SNV" if page is agency_page else ""))
            await view(page, "lobby")
            await expect(page.locator("#join-code")).to_have_text(rnd["join_code"])

        # lobby: officials join and the count and the bars fill up live
        await crowd.join()
        await crowd.connect()
        snv_people = sum(1 for o in crowd.officials if o.agency_id in (
            rnd["agencies"]["SNV-CCHC"]["agency_id"], rnd["agencies"]["SNV-TCBC"]["agency_id"]))
        for page in pages.values():
            await expect(page.locator("#joined-count")).to_have_text(str(PEOPLE))
            await expect(page.locator("#lobby-agencies")).to_contain_text("Sở Nội vụ")
            assert await page.locator("#qr").evaluate("img => img.naturalWidth") > 0
            await expect(page.locator("#join-url")).to_have_text(f"192.168.1.20:5000/join/{rnd['join_code']}")
        await expect(agency_page.locator("#joined-count")).to_have_text(str(snv_people))
        await expect(agency_page.locator("#lobby-agencies")).to_contain_text("Phòng Cải cách hành chính")
        await shoot(pages, "lobby")
        await shoot({"1920": agency_page}, "lobby-agency")

        # three questions; the last one is frozen on the public board (freeze_last=1)
        assert control(server, rnd["round_id"], "start") == "question"
        await play_question(server, rnd, {**pages, "agency-1920": agency_page}, shots="first")
        for page in pages.values():
            await check_board(server, rnd, page)
            await expect(page.locator("#frozen")).to_be_hidden()
        await shoot(pages, "leaderboard")
        await expect(agency_page.locator("#board-agencies")).to_contain_text("Phòng Cải cách hành chính")
        for text in ("Sở Nội vụ", f"{snv_people}/96"):  # the agency as a whole, above its units
            await expect(agency_page.locator("#board-scope")).to_contain_text(text)
        assert "Sở Tư pháp" not in await agency_page.locator("#board-agencies").inner_text()
        await shoot({"1920": agency_page}, "leaderboard-agency")

        control(server, rnd["round_id"], "next")
        await play_question(server, rnd, pages, shots=None)
        for page in pages.values():  # ranks moved since the first question: arrows say how
            await expect(page.locator("#board-people .move").filter(has_text=re.compile("▲|▼|–"))).not_to_have_count(0)
        await shoot(pages, "leaderboard-changes")
        control(server, rnd["round_id"], "next")
        await play_question(server, rnd, pages, shots=None)
        for page in pages.values():
            await expect(page.get_by_text("Bảng xếp hạng tạm dừng cập nhật")).to_be_visible()
        await shoot(pages, "leaderboard-frozen")

        assert control(server, rnd["round_id"], "next") == "finished"
        for page in pages.values():
            await expect(page.locator("#board-title")).to_have_text("Kết quả chung cuộc")
            await expect(page.locator("#frozen")).to_be_hidden()
        final = await check_board(server, rnd, pages["1920"])
        assert final["frozen"] is False
        await shoot(pages, "final")

        # the server dies and comes back: the screen says so, then resumes from `state`
        await crowd.close()
        server.kill()
        await expect(pages["1920"].locator("#offline")).to_be_visible(timeout=15_000)
        server.start()
        await expect(pages["1920"].locator("#offline")).to_be_hidden(timeout=20_000)
        await expect(pages["1920"].locator("#board-title")).to_have_text("Kết quả chung cuộc")
        await check_board(server, rnd, pages["1920"])
        await browser.close()
        assert errors == []


def test_display_through_a_live_round(server):
    rnd = setup_round(server)

    async def run():
        try:
            await scenario(server, rnd)
        finally:
            await rnd["crowd"].close()

    asyncio.run(run())


LONG_QUESTION = qb.QuestionRow(
    text=("Theo quy định hiện hành về thực hiện thủ tục hành chính trên môi trường điện tử, khi tiếp nhận "
          "hồ sơ trực tuyến của tổ chức, cá nhân qua Cổng Dịch vụ công quốc gia, cơ quan, đơn vị có thẩm quyền "
          "phải thực hiện những việc nào sau đây để bảo đảm thời hạn giải quyết và quyền lợi của người nộp hồ sơ?"),
    kind="multiple",
    options=["Kiểm tra tính đầy đủ, hợp lệ của hồ sơ và thông báo cho tổ chức, cá nhân trong thời hạn quy định",
             "Yêu cầu tổ chức, cá nhân nộp thêm bản giấy của toàn bộ hồ sơ đã nộp trực tuyến trước khi tiếp nhận",
             "Cập nhật tình trạng giải quyết hồ sơ để tổ chức, cá nhân theo dõi trên Cổng Dịch vụ công",
             "Từ chối hồ sơ nếu tổ chức, cá nhân không đến trực tiếp Bộ phận Một cửa để xác nhận thông tin",
             "Trả kết quả điện tử có giá trị pháp lý như bản giấy khi pháp luật chuyên ngành không quy định khác",
             "Chỉ tiếp nhận hồ sơ trong giờ hành chính, hồ sơ nộp ngoài giờ được xem là không hợp lệ"],
    correct=[0, 2, 4], topic=qb.TOPICS[5], difficulty=3, legal_basis="Nghị định 45/2020/NĐ-CP",
    explanation="Ví dụ dài để kiểm tra bố cục.")


async def long_question(server: ServerProcess) -> None:
    bank = server.api("post", "/question-banks", files={"file": ("dai.xlsx", qb.write_bank([LONG_QUESTION]))},
                      data={"name": "Câu hỏi dài"}).json()
    contest = server.api("post", "/contests", json={"title": "Hội thi thử bố cục"}).json()
    created = server.api("post", f"/contests/{contest['contest_id']}/rounds", json={
        "title": "Câu hỏi dài nhất", "mode": "live", "bank_id": bank["bank_id"], "question_count": 1,
        "seconds_per_question": 60}).json()
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM,
                                          args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        pages = {}
        for size, (width, height) in SIZES.items():
            pages[size] = await (await browser.new_context(viewport={"width": width, "height": height})).new_page()
            await pages[size].goto(f"{server.url}/display/{contest['display_token']}")
            await view(pages[size], "lobby")
        control(server, created["round_id"], "start")
        for page in pages.values():
            await view(page, "question")
            await expect(page.locator("#q-options li")).to_have_count(6)
            await expect(page.get_by_text("Chọn tất cả phương án đúng")).to_be_visible()
        await shoot(pages, "question-long")
        control(server, created["round_id"], "pause")  # the clock stops on every screen
        for page in pages.values():
            await expect(page.locator("#countdown")).to_have_text("Tạm dừng")
            await expect(page.locator("#chip")).to_have_text("Tạm dừng")
        control(server, created["round_id"], "resume")
        for page in pages.values():
            await expect(page.locator("#countdown")).to_have_text(re.compile(r"^\d+$"))
        control(server, created["round_id"], "next")
        for page in pages.values():
            await view(page, "reveal")
            await expect(page.locator(".dist li.correct")).to_have_count(3)
            await expect(page.locator("#reveal-letters")).to_have_text(re.compile(r"^[A-F], [A-F], [A-F]$"))
            for right in (0, 2, 4):  # options are shuffled per round: find them by their text
                await expect(page.locator(".dist li.correct", has_text=LONG_QUESTION.options[right])).to_have_count(1)
        await shoot(pages, "reveal-long")
        await browser.close()


def test_the_longest_question_fits_without_scrolling(server):
    asyncio.run(long_question(server))


def test_wrong_token_shows_a_vietnamese_404(server):
    response = requests.get(f"{server.url}/display/khong-co-man-hinh-nay", timeout=10)
    assert response.status_code == 404 and "Không tìm thấy màn hình trình chiếu" in response.text
