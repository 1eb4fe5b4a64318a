"""The bank quality page: counts by validity, the lint of the stored bank, what expires soon, and
each question's figures from a played round, recomputed here from the stored answers."""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

import sqlalchemy as sa
from test_organiser_pages import log_in

import question_bank as qb
from contest.extensions import db
from contest.models import Answer, RoundQuestion
from contest.services import bank_quality, engine, leaderboard, live

from factories import TOPIC_A, TOPIC_B, make_bank, make_live_round, make_organiser, question_rows
from selfpaced_helpers import GRACE, T0, join_as

TODAY = date.today()
PEOPLE = 12


def quality_rows() -> list[qb.QuestionRow]:
    """Topic A, easy: 3 drawable, 1 expired, 1 not yet valid, 1 expiring in 10 days (drawable);
    topic B, hard: 2 drawable, one with no legal basis."""
    a = question_rows(6, TOPIC_A, 1)
    a[3] = replace(a[3], valid_to=TODAY - timedelta(days=1))
    a[4] = replace(a[4], valid_from=TODAY + timedelta(days=5))
    a[5] = replace(a[5], valid_to=TODAY + timedelta(days=10))
    b = [replace(row, text=text) for row, text in zip(question_rows(2, TOPIC_B, 3), (
        "Trung tâm Phục vụ hành chính công cấp xã tiếp nhận hồ sơ của những ai?",
        "Cổng Dịch vụ công quốc gia kết nối với các hệ thống nào?"))]
    b[1] = replace(b[1], legal_basis=None)
    return a + b


def test_counts_warnings_and_expiring_questions_of_a_stored_bank(app):
    bank_id = make_bank(rows=quality_rows())
    quality = bank_quality.bank_quality(bank_id, TODAY)
    assert quality.cells == [
        {"topic": TOPIC_A, "difficulty": 1, "drawable": 4, "not_yet": 1, "expired": 1},
        {"topic": TOPIC_B, "difficulty": 3, "drawable": 2, "not_yet": 0, "expired": 0},
    ]
    assert quality.totals == {"drawable": 6, "not_yet": 1, "expired": 1}
    assert [(w.row, w.code) for w in quality.warnings] == [(5, "expired"), (6, "not_yet_valid"),
                                                          (9, "no_legal_basis")]
    assert quality.texts[9] == quality_rows()[7].text
    assert [(e["row"], e["days"]) for e in quality.expiring] == [(7, 10)]
    assert quality.items == [] and quality.rounds == 0


# Who answers the k-th question of the round right: participant i (the last two never answer).
RIGHT = (lambda i: i < 3, lambda i: i < 6, lambda i: True, lambda i: i >= 5)


def play_live_round(bank_id: int) -> tuple[int, dict[int, set[int]]]:
    """A live round of 4 questions answered by RIGHT. Returns the round and, per question, who
    was right."""
    _, round_id = make_live_round(bank_id=bank_id, question_count=4, seconds_per_question=30)
    people = [join_as(round_id, f"Người dự thi {i}", None) for i in range(PEOPLE)]
    engine.start(round_id, T0)
    right: dict[int, set[int]] = {}
    for k in range(4):
        view = live.load_view(round_id)
        question = view.question
        key = db.session.scalars(sa.select(RoundQuestion).where(
            RoundQuestion.round_id == round_id, RoundQuestion.question_id == question.question_id)).one()
        correct_ids = _correct_option_ids(question.question_id)
        right[question.question_id] = set()
        for i, pid in enumerate(people[:-2]):
            good = RIGHT[k](i)
            choice = next(o for o in key.option_order if (o in correct_ids) == good)
            row = live.judge(view, pid, {"question_id": question.question_id, "options": [choice]},
                             question.opens_ms + 1000 + 10 * i, GRACE).row()
            with db.engine.begin() as conn:
                live.insert_answers(conn, [row])
            if good:
                right[question.question_id].add(pid)
        engine.advance(round_id, question.opens_ms + 31_000, GRACE)
        engine.tick(question.opens_ms + 32_000, GRACE)
        engine.advance(round_id, question.opens_ms + 33_000, GRACE)
    return round_id, right


def _correct_option_ids(question_id: int) -> set[int]:
    from contest.models import Option
    return set(db.session.scalars(sa.select(Option.id).where(Option.question_id == question_id,
                                                             Option.is_correct)))


def expected_discrimination(order: list[int], right: set[int]) -> float:
    size = int(0.27 * len(order) + 0.5)
    upper, lower = order[:size], order[-size:]
    return sum(p in right for p in upper) / size - sum(p in right for p in lower) / size


def test_figures_of_each_question_from_a_played_round(app):
    bank_id = make_bank(rows=question_rows(6, TOPIC_A, 1))
    round_id, right = play_live_round(bank_id)
    assert db.session.scalar(sa.select(sa.func.count(Answer.id))) == 4 * (PEOPLE - 2)
    order = [s["participant_id"] for s in leaderboard.participant_standings(round_id)]
    quality = bank_quality.bank_quality(bank_id, TODAY)
    assert quality.rounds == 1 and len(quality.items) == 4
    for item in quality.items:
        assert item.asked == PEOPLE and item.correct == len(right[item.question_id])
        assert item.share == len(right[item.question_id]) / PEOPLE
        assert abs(item.discrimination - expected_discrimination(order, right[item.question_id])) < 1e-9
        weak = expected_discrimination(order, right[item.question_id]) < 0.2
        assert item.flags == (["weak_discrimination"] if weak else [])
    by_right = {len(right[i.question_id]): i for i in quality.items}
    assert by_right[3].discrimination == 1.0            # only the top three right
    assert by_right[5].flags == ["weak_discrimination"]  # only the weaker ones right
    assert {i.row for i in quality.items} <= set(range(2, 8))


def test_figures_add_up_over_two_rounds(app):
    bank_id = make_bank(rows=question_rows(4, TOPIC_A, 1))
    first, right_first = play_live_round(bank_id)
    second, right_second = play_live_round(bank_id)
    quality = bank_quality.bank_quality(bank_id, TODAY)
    assert quality.rounds == 2
    orders = [[s["participant_id"] for s in leaderboard.participant_standings(r)] for r in (first, second)]
    for item in quality.items:
        assert item.rounds == 2 and item.asked == 2 * PEOPLE
        rights = [right_first[item.question_id], right_second[item.question_id]]
        assert item.correct == sum(map(len, rights))
        mean = sum(expected_discrimination(o, r) for o, r in zip(orders, rights)) / 2
        assert abs(item.discrimination - mean) < 1e-9


def test_the_quality_page_shows_the_figures_in_vietnamese_and_english(app, client):
    organiser_id, _ = make_organiser()
    bank_id = make_bank(organiser_id, rows=quality_rows())
    play_live_round(bank_id)
    assert client.get(f"/organiser/banks/{bank_id}/quality").status_code == 302
    log_in(client)
    detail = client.get(f"/organiser/banks/{bank_id}").get_data(as_text=True)
    assert f'href="/organiser/banks/{bank_id}/quality"' in detail
    html = client.get(f"/organiser/banks/{bank_id}/quality").get_data(as_text=True)
    assert "Chất lượng ngân hàng câu hỏi" in html and "Theo chủ đề, mức độ và hiệu lực" in html
    validity = html.split('id="validity"')[1].split("</section>")[0]
    assert re.search(r"<th>6</th><th>1</th><th>1</th>", validity)
    warnings = html.split('id="warnings"')[1].split("</section>")[0]
    assert "3 cảnh báo" in warnings and "Chưa ghi “Căn cứ pháp lý”" in warnings
    expiring = html.split('id="expiring"')[1].split("</section>")[0]
    assert (TODAY + timedelta(days=10)).strftime("%d/%m/%Y") in expiring
    items = html.split('id="items"')[1].split("</section>")[0]
    assert "qua 1 vòng thi đã diễn ra" in items and "25%" in items and "1,00" in items
    english = client.get(f"/organiser/banks/{bank_id}/quality?lang=en").get_data(as_text=True)
    assert "Question bank quality" in english and "By topic, difficulty and validity" in english
    assert "“Căn cứ pháp lý” (legal basis) is empty" in english and "1.00" in english
    assert "Chất lượng ngân hàng" not in english and "Tỷ lệ đúng" not in english
