"""The results workbook, read back with openpyxl and checked cell by cell against figures
recomputed here from the stored answers (a self-paced and a live round)."""
from __future__ import annotations

import hashlib
import io
import json
import math
import random
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import Answer, Attempt, Option, Participant, RoundQuestion
from contest.services import engine, live, paper_answers, paper_submit, papers, results

from factories import auth, make_agencies, make_live_round, make_organiser
from selfpaced_helpers import DAY, GRACE, T0, join_as, make_self_paced, run

HEADER = 5
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
PATHS = {"SNV": "Sở Nội vụ", "SNV-CCHC": "Sở Nội vụ › Phòng Cải cách hành chính",
         "X-LH": "Xã Long Hưng"}


def workbook(client, token: str, round_id: int, top: int | None = None) -> openpyxl.Workbook:
    query = f"?top={top}" if top else ""
    response = client.get(f"/api/v1/rounds/{round_id}/results.xlsx{query}", headers=auth(token))
    assert response.status_code == 200, response.get_data(as_text=True)
    return openpyxl.load_workbook(io.BytesIO(response.data))


def table(sheet) -> list[dict]:
    headers = [c.value for c in sheet[HEADER]]
    return [dict(zip(headers, (c.value for c in row))) for row in sheet.iter_rows(min_row=HEADER + 1)]


def local(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, TZ).replace(tzinfo=None)


def letters() -> dict[int, str]:
    return {o.id: "ABCDEF"[o.position] for o in db.session.scalars(sa.select(Option))}


def check_digest_on_every_sheet(book, round_id: int) -> dict:
    canonical = results.canonical_json(round_id)
    digest = hashlib.sha256(canonical).hexdigest()
    assert book.sheetnames == ["Thí sinh", "Cơ quan, đơn vị", "Câu hỏi", "Giải thưởng"]
    for sheet in book.worksheets:
        assert sheet["A2"].value.startswith("Mã kiểm tra SHA-256") and sheet["B2"].value == digest
    return json.loads(canonical)


def no_personal_data(book) -> None:
    cells = [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not any(code in cell for cell in cells for code in ("CB1", "CB2"))


def check_discrimination(row: dict, order: list[int], had: dict[int, bool]) -> None:
    size = max(1, math.floor(0.27 * len(order) + 0.5))
    upper = [had[p] for p in order[:size] if p in had]
    lower = [had[p] for p in order[-size:] if p in had]
    expected = (sum(upper) / len(upper) - sum(lower) / len(lower)) if upper and lower else None
    assert row["Độ phân biệt (nhóm 27% cao − 27% thấp)"] == pytest.approx(expected) if expected is not None \
        else row["Độ phân biệt (nhóm 27% cao − 27% thấp)"] is None


# self-paced ------------------------------------------------------------------------------------

def play_randomly(round_id: int, pid: int, start: int, rng: random.Random, submit: bool) -> None:
    seed, paper = papers.prepare(round_id, pid, start)
    attempt = run(lambda c: papers.start_attempt(c, round_id, pid, start, GRACE, seed, paper))
    view = paper_answers.load_paper_view(attempt["attempt_id"])
    for i, question in enumerate(paper):
        if rng.random() < 0.15:
            continue  # left unanswered
        chosen = ([o["id"] for o in question["options"] if o["correct"]] if rng.random() < 0.7
                  else [rng.choice(question["options"])["id"]])
        row = paper_answers.judge(view, pid, question["question_id"], sorted(chosen), start + 500 * i, GRACE)
        run(lambda c, row=row: paper_answers.store_answer(c, attempt["attempt_id"], row))
    if rng.random() < 0.8:
        value = rng.randint(0, 4)
        run(lambda c: paper_submit.predict(c, attempt["attempt_id"], pid, value, start + 100, GRACE))
    if submit:
        run(lambda c: paper_submit.submit(c, attempt["attempt_id"], pid, start + rng.randint(5, 90) * 1000))


def expected_self_paced(round_id: int) -> tuple[list[dict], dict[int, dict]]:
    """The ranking recomputed from the stored papers and answers, and the counted attempts."""
    key = {}
    stored = {(a.participant_id, a.attempt_no, a.question_id): a.options for a in db.session.scalars(
        sa.select(Answer).where(Answer.round_id == round_id))}
    per_person: dict[int, list[dict]] = {}
    for attempt in db.session.scalars(sa.select(Attempt).where(Attempt.submitted_ms.is_not(None))):
        score = 0
        for q in attempt.paper:
            key[q["question_id"]] = sorted(o["id"] for o in q["options"] if o["correct"])
            score += sorted(stored.get((attempt.participant_id, attempt.number, q["question_id"]), [])) \
                == key[q["question_id"]]
        per_person.setdefault(attempt.participant_id, []).append(
            {"attempt": attempt, "score": score, "perfect": score == len(attempt.paper)})
    best_score = {pid: max(a["score"] for a in tried) for pid, tried in per_person.items()}
    actual = sum(1 for pid, tried in per_person.items()
                 if any(a["perfect"] and a["score"] == best_score[pid] for a in tried))

    def rule(a: dict) -> tuple:
        at = a["attempt"]
        error = None if at.prediction is None else abs(at.prediction - actual)
        return (-a["score"], error is None, error or 0, at.time_used_ms, at.submitted_ms)

    best = {pid: min(tried, key=lambda a: (*rule(a), a["attempt"].id)) for pid, tried in per_person.items()}
    order = sorted(best, key=lambda pid: (*rule(best[pid]), pid))
    return [{"pid": pid, **best[pid]} for pid in order], stored


def test_self_paced_workbook_cell_by_cell(app, client):
    organiser_id, token = make_organiser()
    agencies = make_agencies()
    round_id = make_self_paced(organiser_id, open_now=False, question_count=6, max_attempts=2,
                               duration_seconds=600, opens_at_ms=T0, closes_at_ms=T0 + DAY)
    engine.tick(T0, GRACE)
    rng = random.Random(2025)
    codes = ["SNV", "SNV-CCHC", "X-LH"]
    official = db.session.scalar(sa.select(Participant.official_id))  # none yet: open registration
    assert official is None
    for i in range(14):
        pid = join_as(round_id, f"Cán bộ số {i:02d}", agencies[codes[i % 3]])
        for attempt_no in range(1 + (i % 3 == 0)):
            play_randomly(round_id, pid, T0 + 10_000 * i + 3_600_000 * attempt_no, rng, submit=i != 13)
    engine.tick(T0 + DAY, GRACE)
    paper_submit.auto_submit_due(T0 + DAY, GRACE)

    book = workbook(client, token, round_id, top=5)
    canonical = check_digest_on_every_sheet(book, round_id)
    no_personal_data(book)
    ranking, stored = expected_self_paced(round_id)
    assert [r["participant_id"] for r in canonical["ranking"]] == [r["pid"] for r in ranking]

    people = table(book["Thí sinh"])
    assert len(people) == len(ranking) == 14
    names = {p.id: p for p in db.session.scalars(sa.select(Participant))}
    agency_code = {v: k for k, v in agencies.items()}
    for rank, (row, want) in enumerate(zip(people, ranking), start=1):
        attempt = want["attempt"]
        assert row == {
            "Hạng": rank, "Họ và tên": names[want["pid"]].name,
            "Cơ quan, đơn vị": PATHS[agency_code[names[want["pid"]].agency_id]],
            "Điểm": want["score"], "Số câu đúng": want["score"], "Dự đoán": attempt.prediction,
            "Thời gian làm bài (giây)": pytest.approx(attempt.time_used_ms / 1000),
            "Nộp bài lúc": local(attempt.submitted_ms)}

    check_questions(book, ranking, stored)
    check_agencies(book, ranking, names, agencies)
    prizes = table(book["Giải thưởng"])
    assert [p["Hạng"] for p in prizes] == [1, 2, 3, 4, 5]
    assert [p["Giải"] for p in prizes] == ["Giải Nhất", "Giải Nhì", "Giải Ba", "Giải Khuyến khích",
                                           "Giải Khuyến khích"]
    first, second = ranking[0], ranking[1]
    if first["score"] != second["score"]:
        assert prizes[0]["Xếp trên người kế tiếp nhờ"] == f"Điểm: {first['score']} > {second['score']}"
    assert all(p["Xếp trên người kế tiếp nhờ"] for p in prizes)


def check_questions(book, ranking: list[dict], stored: dict) -> None:
    letter = letters()
    order = [r["pid"] for r in ranking]
    expected: dict[int, dict] = {}
    for r in ranking:
        attempt = r["attempt"]
        for q in attempt.paper:
            chosen = stored.get((r["pid"], attempt.number, q["question_id"]))
            key = sorted(o["id"] for o in q["options"] if o["correct"])
            e = expected.setdefault(q["question_id"], {"text": q["text"], "had": {}, "picks": {},
                                                       "unanswered": 0, "key": key})
            e["had"][r["pid"]] = sorted(chosen or []) == key
            e["unanswered"] += chosen is None
            for oid in chosen or []:
                e["picks"][letter[oid]] = e["picks"].get(letter[oid], 0) + 1
    rows = table(book["Câu hỏi"])
    assert [row["Câu hỏi"] for row in rows] == [expected[qid]["text"] for qid in sorted(expected)]
    for row, qid in zip(rows, sorted(expected)):
        e = expected[qid]
        assert row["Số người được hỏi"] == len(e["had"])
        assert row["Số người trả lời đúng"] == sum(e["had"].values())
        assert row["Tỷ lệ đúng"] == pytest.approx(sum(e["had"].values()) / len(e["had"]))
        assert row["Đáp án đúng"] == ", ".join(sorted(letter[o] for o in e["key"]))
        assert row["Không trả lời"] == e["unanswered"]
        for name in ("A", "B", "C", "D"):
            if f"Chọn {name}" in row:
                assert (row[f"Chọn {name}"] or 0) == e["picks"].get(name, 0), (qid, name)
        check_discrimination(row, order, e["had"])


def check_agencies(book, ranking: list[dict], names: dict, agencies: dict[str, int]) -> None:
    counted = [names[r["pid"]].agency_id for r in ranking]
    rows = {row["Mã đơn vị"]: row for row in table(book["Cơ quan, đơn vị"])}
    sheet = book["Cơ quan, đơn vị"]
    indents = {sheet.cell(r, 2).value: sheet.cell(r, 1).alignment.indent
               for r in range(HEADER + 1, sheet.max_row + 1)}
    assert indents == {"T": 0, "SNV": 2, "SNV-CCHC": 4, "X-LH": 2}
    snv = counted.count(agencies["SNV"]) + counted.count(agencies["SNV-CCHC"])
    assert rows["SNV"]["Số người tham gia"] == snv and rows["SNV"]["Số CBCCVC"] == 50
    assert rows["SNV"]["Tỷ lệ tham gia"] == pytest.approx(snv / 50)
    assert rows["SNV-CCHC"]["Số người tham gia"] == counted.count(agencies["SNV-CCHC"])
    assert rows["T"]["Số người tham gia"] == len(ranking) and rows["T"]["Số CBCCVC"] == 80
    xlh = [r for r, a in zip(ranking, counted) if a == agencies["X-LH"]]
    assert rows["X-LH"]["Điểm trung bình"] == pytest.approx(sum(r["score"] for r in xlh) / len(xlh))
    assert rows["X-LH"]["Tỷ lệ đúng tất cả các câu"] == pytest.approx(
        sum(r["score"] == 6 for r in xlh) / len(xlh))


# live ---------------------------------------------------------------------------------------------

def test_live_workbook_from_the_same_code(app, client):
    organiser_id, token = make_organiser()
    agencies = make_agencies()
    _, round_id = make_live_round(organiser_id, question_count=3, seconds_per_question=30)
    people = [join_as(round_id, f"Người dự thi {i}", agencies[("SNV", "X-LH")[i % 2]]) for i in range(5)]
    official = db.session.get(Participant, people[0])
    official.official_id = 1  # a roster participant: the official's code must not be printed
    db.session.commit()
    engine.start(round_id, T0)
    rng = random.Random(7)
    for position in range(3):
        view = live.load_view(round_id)
        opens = view.question.opens_ms
        for pid in people[:4 - (position == 2)]:
            choice = rng.choice(view.question.options)[0]
            row = live.judge(view, pid, {"question_id": view.question.question_id, "options": [choice]},
                             opens + rng.randint(100, 20_000), GRACE).row()
            with db.engine.begin() as conn:
                live.insert_answers(conn, [row])
        engine.advance(round_id, opens + 25_000, GRACE)   # closes the question
        engine.tick(opens + 26_000, GRACE)               # reveal after the grace
        engine.advance(round_id, opens + 27_000, GRACE)  # the next question, or the end
    book = workbook(client, token, round_id)
    canonical = check_digest_on_every_sheet(book, round_id)
    no_personal_data(book)

    answers = db.session.scalars(sa.select(Answer)).all()
    score = {p: sum(a.points for a in answers if a.participant_id == p) for p in people}
    time_ms = {p: sum(a.time_ms for a in answers if a.participant_id == p and a.correct) for p in people}
    last = {p: max((a.received_ms for a in answers if a.participant_id == p), default=None) for p in people}
    order = sorted(people, key=lambda p: (-score[p], time_ms[p], T0, p))
    assert [r["participant_id"] for r in canonical["ranking"]] == order
    rows = table(book["Thí sinh"])
    for rank, (row, pid) in enumerate(zip(rows, order), start=1):
        assert row == {"Hạng": rank, "Họ và tên": db.session.get(Participant, pid).name,
                       "Cơ quan, đơn vị": "Sở Nội vụ" if people.index(pid) % 2 == 0 else "Xã Long Hưng",
                       "Điểm": score[pid], "Số câu đúng": score[pid], "Dự đoán": None,
                       "Thời gian trả lời đúng (giây)": pytest.approx(time_ms[pid] / 1000),
                       "Trả lời lần cuối lúc": local(last[pid]) if last[pid] else None}

    letter = letters()
    questions = table(book["Câu hỏi"])
    rqs = db.session.scalars(sa.select(RoundQuestion).order_by(RoundQuestion.position)).all()
    assert len(questions) == 3
    for row, rq in zip(questions, rqs):
        mine = [a for a in answers if a.question_id == rq.question_id]
        assert row["Số người được hỏi"] == 5 and row["Không trả lời"] == 5 - len(mine)
        assert row["Số người trả lời đúng"] == sum(a.correct for a in mine)
        for name in "ABCD":
            assert (row[f"Chọn {name}"] or 0) == sum(letter[a.options[0]] == name for a in mine)
        check_discrimination(row, order, {a.participant_id: a.correct for a in mine}
                             | {p: False for p in people if p not in {a.participant_id for a in mine}})
    prizes = table(book["Giải thưởng"])
    assert len(prizes) == 5 and prizes[-1]["Xếp trên người kế tiếp nhờ"] == "Người cuối cùng trong bảng xếp hạng"


def test_results_need_a_token_and_a_round(app, client):
    _, token = make_organiser()
    assert client.get("/api/v1/rounds/1/results.xlsx").status_code == 401
    missing = client.get("/api/v1/rounds/999/results.xlsx", headers=auth(token))
    assert missing.status_code == 404 and missing.get_json()["error"] == "not_found"


def test_organiser_participation_page_and_download(app, client):
    from test_organiser_pages import log_in

    organiser_id, _ = make_organiser()
    agencies = make_agencies()
    round_id = make_self_paced(organiser_id, open_now=False, question_count=6, opens_at_ms=T0,
                               closes_at_ms=T0 + 400 * DAY)
    engine.tick(T0, GRACE)
    from selfpaced_helpers import take_paper
    for i in range(6):  # Phòng CCHC: 6 of 10; Sở Nội vụ 6 of 50; Xã Long Hưng 0 of 30
        take_paper(round_id, join_as(round_id, f"Người {i}", agencies["SNV-CCHC"]), T0 + i, 3, 1, 60_000)
    take_paper(round_id, join_as(round_id, "Đang làm", agencies["X-LH"]), T0, 3, 1, None)
    path = f"/organiser/rounds/{round_id}/participation"
    assert client.get(path).status_code == 302  # login first
    log_in(client)
    html = client.get(path).get_data(as_text=True)
    assert "Đơn vị có tỷ lệ tham gia dưới ngưỡng" in html and 'value="50"' in html
    below = html[html.index('id="below"'):html.index('id="tree"')]
    assert "Sở Nội vụ" in below and "12.0%" in below and "Xã Long Hưng" in below and "0.0%" in below
    assert "Phòng Cải cách hành chính" not in below  # 60 % is above 50 %
    assert "<b>8</b>" not in html and "<b>7</b> người đã đăng ký" in html
    assert "<b>6</b> người đã nộp bài" in html
    stricter = client.get(path + "?threshold=70").get_data(as_text=True)
    assert "Phòng Cải cách hành chính" in stricter[stricter.index('id="below"'):stricter.index('id="tree"')]
    wrong = client.get(path + "?threshold=abc").get_data(as_text=True)
    assert "Ngưỡng tỷ lệ tham gia cần là một số từ 0 đến 100." in wrong
    download = client.get(f"/organiser/rounds/{round_id}/results.xlsx")
    assert download.status_code == 200 and download.mimetype.endswith("spreadsheetml.sheet")
    assert openpyxl.load_workbook(io.BytesIO(download.data)).sheetnames[0] == "Thí sinh"
    from contest.models import Round
    contest_id = db.session.get(Round, round_id).contest_id
    contest_page = client.get(f"/organiser/contests/{contest_id}").get_data(as_text=True)
    assert f'href="{path}"' in contest_page and f"/organiser/rounds/{round_id}/results.xlsx" in contest_page
