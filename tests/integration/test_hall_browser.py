"""A live round as a hall plays it, in real headless Chromium: three phones (390x844) join
through the real join page (one switches to English), a display at 1920x1080 and one at
1280x720 (in English), and the host console (1366x768) drives five questions mixing single,
multiple and true/false answers, with a pause. Every phone's answer is stored for every
question, the displays' text is big enough and nothing overflows, and axe-core finds no
critical or serious violation. Screenshots of each state go to test-artifacts/hall-*."""
from __future__ import annotations

import re
import time

import pytest

import question_bank as qb

from browser import PHONE, axe_violations, chromium, display_measure, screenshot
from server import ServerProcess

pytestmark = [pytest.mark.browser, pytest.mark.server]
TOPIC = qb.TOPICS[2]
PASSWORD = "mat-khau-dai-1"


def row(text: str, kind: str, options: list[str], correct: list[int]) -> qb.QuestionRow:
    return qb.QuestionRow(text=text, kind=kind, options=options, correct=correct, topic=TOPIC, difficulty=1,
                          legal_basis="Nghị định 61/2018/NĐ-CP", explanation="Giải thích.")


BANK = [
    row("Bộ phận Một cửa cấp xã có nhiệm vụ chính nào sau đây?", "single",
        ["Hướng dẫn, tiếp nhận hồ sơ và trả kết quả thủ tục hành chính", "Ban hành văn bản quy phạm pháp luật",
         "Xét xử các vụ án hành chính", "Thu thuế thu nhập cá nhân"], [0]),
    row("Những kênh nào sau đây dùng để nộp hồ sơ thủ tục hành chính?", "multiple",
        ["Trực tiếp tại Bộ phận Một cửa", "Qua dịch vụ bưu chính công ích", "Trực tuyến trên Cổng Dịch vụ công",
         "Qua tin nhắn mạng xã hội cá nhân của cán bộ", "Gửi thư tay cho lãnh đạo"], [0, 1, 2]),
    row("Chỉ số PAR Index đo lường kết quả cải cách hành chính hằng năm của các bộ, tỉnh.", "true_false",
        ["Đúng", "Sai"], [0]),
    row("Cơ quan nào sau đây thực hiện cải cách hành chính theo Nghị quyết 76/NQ-CP?", "multiple",
        ["Các bộ, cơ quan ngang bộ", "Ủy ban nhân dân các tỉnh", "Doanh nghiệp tư nhân", "Hộ kinh doanh"], [0, 1]),
    row("Thời hạn giải quyết thủ tục hành chính được tính từ khi nào?", "single",
        ["Từ ngày nhận đủ hồ sơ hợp lệ", "Từ ngày lãnh đạo ký duyệt", "Từ ngày nộp phí", "Từ ngày trả kết quả"], [0]),
]
KEY = {q.text: {q.options[i] for i in q.correct} for q in BANK}
ROSTER = qb.Roster(agencies=[
    qb.AgencyRow("T", "Ủy ban nhân dân tỉnh", None, None),
    qb.AgencyRow("SNV", "Sở Nội vụ", "T", 120),
    qb.AgencyRow("VP", "Văn phòng Ủy ban nhân dân tỉnh", "T", 60),
    qb.AgencyRow("TTPVHCC", "Trung tâm Phục vụ hành chính công tỉnh", "T", 40),
    qb.AgencyRow("X1", "Xã Long Hưng", "T", 90),
], officials=[])

# name, what is typed in the agency search, the agency's button, and how the phone answers
PHONES = [
    ("Nguyễn Thị Thu Hà", "so noi vu", "Ủy ban nhân dân tỉnh › Sở Nội vụ", "right"),
    ("Trần Văn Minh", "vp ubnd", "Ủy ban nhân dân tỉnh › Văn phòng Ủy ban nhân dân tỉnh", "wrong"),
    ("Thạch Sô Phanh", "tt pvhcc", "Ủy ban nhân dân tỉnh › Trung tâm Phục vụ hành chính công tỉnh", "alternate"),
]
VI = {"recorded": "Đã ghi nhận câu trả lời", "right": "✓ Chính xác!", "wrong": "✗ Chưa chính xác",
      "send": "Gửi câu trả lời", "lobby": "Chờ ban tổ chức bắt đầu", "paused": "Tạm dừng", "question": "Câu {a}/{b}",
      "finished": "Vòng thi đã kết thúc", "name": "Họ và tên", "join": "Vào thi"}
EN = {"recorded": "Answer recorded", "right": "✓ Correct!", "wrong": "✗ Not correct",
      "send": "Send answer", "lobby": "Waiting for the organisers to start", "paused": "Pause",
      "question": "Question {a}/{b}", "finished": "The round has finished", "name": "Full name", "join": "Enter"}
# what the display must show, in px: (question, options) at each size
MIN_PX = {1080: (40, 28), 720: (28, 20)}


@pytest.fixture
def hall(tmp_path):
    server = ServerProcess(tmp_path, extra_env={"CONTEST_PUBLIC_URL": "http://192.168.1.20:5000"}).prepare()
    server.start()
    assert server.api("post", "/agencies/import", files={"file": ("ds.xlsx", qb.write_roster(ROSTER))}).ok
    bank = server.api("post", "/question-banks", files={"file": ("b.xlsx", qb.write_bank(BANK))},
                      data={"name": "Ngân hàng hội trường"}).json()
    contest = server.api("post", "/contests", json={"title": (
        "Hội thi trực tuyến tìm hiểu về cải cách hành chính tỉnh năm 2026 dành cho cán bộ, công chức, viên chức")}).json()
    created = server.api("post", f"/contests/{contest['contest_id']}/rounds", json={
        "title": "Vòng chung kết trực tiếp", "mode": "live", "bank_id": bank["bank_id"], "question_count": len(BANK),
        "seconds_per_question": 60, "scoring": "speed"}).json()
    yield {"server": server, "contest": contest, **created}
    server.stop()


def no_bad_axe(page, where: str) -> None:
    bad = axe_violations(page)
    assert bad == [], f"{where}: {bad}"


def join_on_phone(page, url: str, name: str, search: str, agency: str, words: dict) -> None:
    page.goto(url)
    page.get_by_label(words["name"]).fill(name)
    page.locator("#agency-search").fill(search)
    page.get_by_role("button", name=agency).click()
    page.get_by_role("button", name=words["join"]).click()
    page.get_by_text(words["lobby"]).wait_for()


def answer(page, words: dict, how: str, index: int) -> set[str]:
    """Answers the phone's open question as `how` says; returns the options it picked."""
    page.locator("#q-options .option").first.wait_for()
    text = page.locator("#q-text").inner_text()
    options = page.locator("#q-options .option span").all_inner_texts()
    right = KEY[text]
    go_right = how == "right" or (how == "alternate" and index % 2 == 0)
    picks = right if go_right else {next(o for o in options if o not in right)}
    multiple = page.locator("#q-send").is_visible()
    for option in picks:
        page.locator("#q-options .option", has_text=option).click()
    if multiple:
        send = page.get_by_role("button", name=words["send"])
        assert send.is_enabled(), f"the Send button of question {index + 1} is disabled"
        send.click()
    page.locator("#q-status", has_text=words["recorded"]).wait_for()
    return picks


def check_display(page, height: int, state: str) -> dict:
    measure = display_measure(page)
    assert measure["clipped"] == [] and measure["scroll_x"] == 0 and measure["scroll_y"] == 0, (state, measure)
    if state == "question":
        question_px, option_px = MIN_PX[height]
        assert measure["question_px"] >= question_px and measure["option_px"] >= option_px, (height, measure)
    return measure


def console_buttons(console) -> dict:
    return {b.get_attribute("data-command"): b.is_enabled() for b in console.locator("[data-command]").all()}


def test_a_live_round_in_the_hall(hall):
    server, round_id, code = hall["server"], hall["round_id"], hall["join_code"]
    join_url = f"{server.url}/join/{code}"
    display_url = f"{server.url}/display/{hall['contest']['display_token']}?round={round_id}"
    errors: list[str] = []
    with chromium() as browser:
        def new_page(name: str, **options):
            page = browser.new_context(**options).new_page()
            page.on("pageerror", lambda exc: errors.append(f"{name}: {exc}"))
            page.on("dialog", lambda dialog: dialog.accept())
            return page

        # --- the host signs in and opens the console -----------------------------------
        console = new_page("console", viewport={"width": 1366, "height": 768})
        console.goto(f"{server.url}/organiser/login")
        no_bad_axe(console, "login")
        console.get_by_label("Tên đăng nhập").fill(f"bantochuc{server.port}")
        console.get_by_label("Mật khẩu").fill(PASSWORD)
        console.get_by_role("button", name="Đăng nhập").click()
        console.get_by_role("heading", name="Bảng điều khiển").wait_for()
        no_bad_axe(console, "dashboard")
        console.goto(f"{server.url}/organiser/rounds/{round_id}/console")
        console.locator("#status", has_text="Chờ bắt đầu").wait_for()
        assert console_buttons(console) == {"start": True, "next": False, "pause": False, "resume": False, "finish": True}
        no_bad_axe(console, "console")
        screenshot(console, "hall-console-lobby")

        # --- displays: 1920x1080 in Vietnamese, 1280x720 switched to English -----------
        displays = {1080: new_page("display-1080", viewport={"width": 1920, "height": 1080}),
                    720: new_page("display-720", viewport={"width": 1280, "height": 720})}
        for page in displays.values():
            page.goto(display_url)
            page.locator("body[data-view=lobby]").wait_for()
        displays[720].get_by_role("link", name="EN").click()
        displays[720].locator("body[data-view=lobby]").wait_for()
        assert displays[720].locator("html").get_attribute("lang") == "en"

        # --- three phones join through the join page; the third one in English ---------
        phones, words = [], []
        for i, (name, search, agency, _) in enumerate(PHONES):
            page = new_page(f"phone-{i + 1}", **PHONE)
            page.goto(join_url)
            if i == 0:
                no_bad_axe(page, "join page")
                screenshot(page, "hall-phone-join")
                assert page.locator("header.bar").bounding_box()["height"] < 100  # the long title on one line
            if i == 2:
                page.get_by_role("link", name="EN").click()
                page.get_by_label("Full name").wait_for()
                no_bad_axe(page, "join page (en)")
            join_on_phone(page, page.url, name, search, agency, EN if i == 2 else VI)
            phones.append(page)
            words.append(EN if i == 2 else VI)
        screenshot(phones[0], "hall-phone-lobby")
        screenshot(phones[2], "hall-phone-lobby-en")
        for page in displays.values():
            page.locator("#joined-count", has_text="3").wait_for()
            page.locator("#lobby-agencies li:not(.more)").nth(2).wait_for()  # one bar per agency that joined
            check_display(page, page.viewport_size["height"], "lobby")
            screenshot(page, f"hall-display-{page.viewport_size['height']}-lobby", full_page=False)
            no_bad_axe(page, "display lobby")

        # --- five questions driven from the console ------------------------------------
        console.get_by_role("button", name="Bắt đầu").click()
        picked: list[dict] = []
        for index in range(len(BANK)):
            for page, w in zip(phones, words):
                page.locator("#q-index", has_text=w["question"].format(a=index + 1, b=len(BANK))).wait_for()
            kind = "multiple" if phones[0].locator("#q-send").is_visible() else "single"
            if index == 1:  # a pause: every countdown stops, then goes on from where it stood
                pause_and_resume(console, phones, words)
            picked.append({p: answer(page, w, PHONES[p][3], index) for p, (page, w) in enumerate(zip(phones, words))})
            if index == 0:
                no_bad_axe(phones[0], "phone question")
                no_bad_axe(phones[2], "phone question (en)")
            console.locator("#answered", has_text="3").wait_for()
            assert console_buttons(console) == {"start": False, "next": True, "pause": True, "resume": False,
                                                "finish": True}
            for height, page in displays.items():
                page.locator("body[data-view=question]").wait_for()
                page.locator("#answered", has_text="3").wait_for()
                check_display(page, height, "question")
                screenshot(page, f"hall-display-{height}-q{index + 1}-{kind}", full_page=False)
                if index == 0:
                    no_bad_axe(page, "display question")
            screenshot(phones[0], f"hall-phone-q{index + 1}-answered")
            screenshot(console, f"hall-console-q{index + 1}")

            console.get_by_role("button", name="Câu tiếp theo").click()  # closes the question early
            for p, (page, w) in enumerate(zip(phones, words)):
                page.locator("#r-title").wait_for(state="visible")
                was_right = picked[index][p] == KEY[page.locator("#q-text").inner_text()]
                assert page.locator("#r-title").inner_text() == (w["right"] if was_right else w["wrong"])
                assert page.locator(".option.correct .verdict").count() >= 1  # a word and a sign, not colour alone
            screenshot(phones[0], f"hall-phone-q{index + 1}-reveal")
            screenshot(phones[1], f"hall-phone-q{index + 1}-reveal-wrong")
            for height, page in displays.items():
                page.locator("body[data-view=reveal]").wait_for()
                check_display(page, height, "reveal")
                screenshot(page, f"hall-display-{height}-q{index + 1}-reveal", full_page=False)
                if index == 1:
                    no_bad_axe(page, "display reveal")
            if index == 0:
                no_bad_axe(phones[0], "phone reveal")
                for height, page in displays.items():
                    page.locator("body[data-view=board]").wait_for(timeout=20_000)
                    check_display(page, height, "board")
                    screenshot(page, f"hall-display-{height}-board", full_page=False)
                    no_bad_axe(page, "display board")
            if index < len(BANK) - 1:
                console.get_by_role("button", name="Câu tiếp theo").click()

        # --- "Kết thúc" asks first; cancelling keeps the round going --------------------
        console.get_by_role("button", name="Kết thúc").click()
        dialog = console.locator("#confirm-finish")
        dialog.wait_for()
        screenshot(console, "hall-console-confirm-finish", full_page=False)
        dialog.get_by_role("button", name="Không, quay lại").click()
        assert server.api("get", f"/rounds/{round_id}").json()["status"] == "reveal"
        console.get_by_role("button", name="Kết thúc").click()
        dialog.get_by_role("button", name="Kết thúc vòng thi").click()
        console.locator("#status", has_text="Đã kết thúc").wait_for()
        assert not any(console_buttons(console).values())
        for page, w in zip(phones, words):
            page.locator("#r-title", has_text=w["finished"]).wait_for()
        screenshot(phones[0], "hall-phone-final")
        for height, page in displays.items():
            page.locator("#board-title", has_text=re.compile("Kết quả chung cuộc|Final results")).wait_for()
            screenshot(page, f"hall-display-{height}-final", full_page=False)

        # --- the organiser's other pages, and every page in English too ----------------
        console.goto(f"{server.url}/organiser/rounds/{round_id}/participation")
        no_bad_axe(console, "participation")
        assert console.locator("meta[http-equiv=refresh]").count() == 0
        for path in (f"/organiser/rounds/{round_id}/participation?lang=en", f"/organiser/rounds/{round_id}/console",
                     "/organiser/", "/organiser/login"):
            console.goto(server.url + path)
            no_bad_axe(console, path + " (en)")
        screenshot(console, "hall-login-en")
        no_bad_axe(displays[720], "display final (en)")
        no_bad_axe(phones[2], "phone final (en)")
    assert errors == []

    # --- what the server stored: every phone, every question, judged as the phones showed ---
    board = server.api("get", f"/rounds/{round_id}/leaderboard").json()
    ids = {p["name"]: p["participant_id"] for p in board["participants"]}
    stored = server.api("get", f"/rounds/{round_id}/answers").json()
    questions = {a["question_id"] for a in stored}
    assert len(questions) == len(BANK)
    for name, _, _, how in PHONES:
        mine = [a for a in stored if a["participant_id"] == ids[name]]
        assert {a["question_id"] for a in mine} == questions, name
        expected = [how == "right" or (how == "alternate" and i % 2 == 0) for i in range(len(BANK))]
        assert sorted(a["correct"] for a in mine) == sorted(expected), name


def pause_and_resume(console, phones, words) -> None:
    before = int(phones[0].locator("#q-timer").inner_text().rstrip("s"))
    console.get_by_role("button", name="Tạm dừng").click()
    for page, w in zip(phones, words):
        page.locator("#q-timer", has_text=w["paused"]).wait_for()
    assert console_buttons(console)["resume"] and not console_buttons(console)["next"]
    screenshot(phones[0], "hall-phone-paused")
    time.sleep(2.5)  # the pause lasts: the phones' clocks must not have run meanwhile
    console.get_by_role("button", name="Tiếp tục").click()
    phones[0].locator("#q-timer", has_text=re.compile(r"^\d+s$")).wait_for()
    after = int(phones[0].locator("#q-timer").inner_text().rstrip("s"))
    assert before - 2 <= after <= before, (before, after)


def test_a_phone_back_during_a_reveal_shows_its_result_and_rank(hall):
    """The server restarts while a question is being revealed (a planned restart, or Wi-Fi
    lost for a moment): phones that come back, and a phone that reloads, show their own
    result, points and rank, not "the next question is coming"."""
    server, round_id, code = hall["server"], hall["round_id"], hall["join_code"]
    with chromium() as browser:
        phones = []
        for name, search, agency, _ in PHONES[:2]:
            page = browser.new_context(**PHONE).new_page()
            join_on_phone(page, f"{server.url}/join/{code}", name, search, agency, VI)
            phones.append(page)
        assert server.api("post", f"/rounds/{round_id}/start").json()["status"] == "question"
        for p, page in enumerate(phones):
            answer(page, VI, PHONES[p][3], 0)
        assert server.api("post", f"/rounds/{round_id}/next").ok  # closes the question: reveal
        shown = []
        for page in phones:
            page.locator("#r-title").wait_for(state="visible")
            shown.append((page.locator("#r-title").inner_text(), page.locator("#me").inner_text()))
        assert shown[0][0] == VI["right"] and shown[1][0] == VI["wrong"]
        assert "#1" in shown[0][1] and "#2" in shown[1][1]

        server.stop()  # SIGTERM: the phones lose the server
        phones[0].locator("#conn").wait_for(state="visible", timeout=15_000)
        server.start()
        phones[0].locator("#conn").wait_for(state="hidden", timeout=30_000)
        phones[1].reload()  # and one phone reloads its page during the reveal
        for page, (title, me) in zip(phones, shown):
            page.locator("#r-title", has_text=title).wait_for(timeout=15_000)
            assert page.locator("#me").inner_text() == me
            assert "Câu tiếp theo sắp bắt đầu" not in page.locator("body").inner_text()
        screenshot(phones[1], "hall-phone-reveal-after-restart")
