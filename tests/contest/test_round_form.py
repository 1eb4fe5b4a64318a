"""The organiser's round form: quotas by topic and difficulty, refusals at their field, values
kept after a refusal, and the fields of each mode in their own group."""
from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta

import sqlalchemy as sa
from test_organiser_pages import csrf_token, log_in

import question_bank as qb
from contest.extensions import db
from contest.models import Round
from contest.services import contests, engine
from contest.web.organiser.forms import LOCAL_TZ, quota_name

from factories import TOPIC_A, TOPIC_B, make_bank, make_organiser
from selfpaced_helpers import GRACE, join_as, mixed_rows, now_ms, stored_attempt, take_paper

A, B, ANY = qb.TOPICS.index(TOPIC_A), qb.TOPICS.index(TOPIC_B), len(qb.TOPICS)


def local(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def open_contest(client) -> tuple[str, int]:
    organiser_id, _ = make_organiser()
    bank_id = make_bank(organiser_id, mixed_rows())
    contest = contests.create_contest("Hội thi cải cách hành chính", organiser_id)
    log_in(client)
    return f"/organiser/contests/{contest.id}", bank_id


def self_paced_form(bank_id: int, **changes: str) -> dict:
    now = datetime.now(LOCAL_TZ).replace(tzinfo=None)
    form = {"title": "Tuần thi thứ hai", "mode": "self_paced", "bank_id": str(bank_id),
            "question_count": "6", "scoring": "fixed", "registration": "open",
            "seconds_per_question": "20", "advance": "host", "duration_seconds": "900",
            "opens_at": local(now - timedelta(hours=1)), "closes_at": local(now + timedelta(days=7)),
            "max_attempts": "2"}
    return {**form, **changes}


def post(client, path: str, form: dict):
    return client.post(path, data={"csrf_token": csrf_token(client, path), **form}, follow_redirects=True)


def test_a_self_paced_round_made_with_quotas_draws_papers_that_honour_them(app, client):
    path, bank_id = open_contest(client)
    quotas = {quota_name(A, 1): "2", quota_name(B, 3): "2", quota_name(ANY, 2): "2"}
    html = post(client, path, self_paced_form(bank_id, **quotas)).get_data(as_text=True)
    assert "Đã tạo vòng thi, mã tham gia" in html
    round_ = db.session.scalars(sa.select(Round)).one()
    assert round_.quotas == [{"topic": TOPIC_A, "difficulty": 1, "count": 2},
                             {"topic": TOPIC_B, "difficulty": 3, "count": 2},
                             {"topic": None, "difficulty": 2, "count": 2}]
    assert round_.duration_seconds == 900 and round_.seconds_per_question == 20  # the default: not sent
    engine.tick(now_ms(), GRACE)  # the engine opens the window
    papers = []
    for n in range(8):
        pid = join_as(round_.id, f"Thí sinh {n}", None)
        papers.append(stored_attempt(take_paper(round_.id, pid, now_ms(), 0, None, None)).paper)
    assert len({tuple(q["question_id"] for q in paper) for paper in papers}) > 1  # drawn, not fixed
    for paper in papers:
        cells = Counter((q["topic"], q["difficulty"]) for q in paper)
        assert len(paper) == 6
        assert cells[(TOPIC_A, 1)] == 2 and cells[(TOPIC_B, 3)] == 2
        assert sum(n for (_, level), n in cells.items() if level == 2) == 2


def test_a_refused_round_keeps_every_value_and_says_why_at_the_field(app, client):
    path, bank_id = open_contest(client)
    form = self_paced_form(bank_id, question_count="7", title="Tuần thi thử",
                           **{quota_name(A, 3): "5", quota_name(ANY, 0): "1"})
    response = post(client, path, form)
    html = response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 0
    quotas = html.split('id="quotas"')[1].split("</fieldset>")[0]
    assert "Ngân hàng không đủ câu hỏi cho chủ đề “Cải cách thể chế”, mức độ “Khó”: cần 5, chỉ có 4." in quotas
    cell = quotas.split(f'name="{quota_name(A, 3)}"')[1].split("</td>")[0]
    assert 'value="5"' in cell and 'aria-invalid="true"' in cell and "Không đủ câu hỏi." in cell
    assert f'name="{quota_name(ANY, 0)}" id="{quota_name(ANY, 0)}"\n                       value="1"' in quotas
    assert 'value="7"' in html and 'value="Tuần thi thử"' in html and 'value="900"' in html
    assert f'value="{form["closes_at"]}"' in html


def test_refusals_of_the_settings_sit_under_their_fields_in_the_page_language(app, client):
    path, bank_id = open_contest(client)
    now = datetime.now(LOCAL_TZ).replace(tzinfo=None)
    html = post(client, path, self_paced_form(bank_id, opens_at=local(now + timedelta(days=3)),
                                              closes_at=local(now + timedelta(days=2)))).get_data(as_text=True)
    closes = html.split('name="closes_at"')[1].split("</label>")[0]
    assert "thời điểm đóng phải sau thời điểm mở" in closes and "closes_at_ms" not in html

    html = post(client, path, self_paced_form(bank_id, closes_at=local(now - timedelta(hours=2)),
                                              opens_at=local(now - timedelta(days=1)))).get_data(as_text=True)
    assert "Thời điểm đóng đã qua" in html.split('name="closes_at"')[1].split("</label>")[0]

    html = post(client, path, self_paced_form(bank_id, question_count="abc",
                                              **{quota_name(B, 1): "0"})).get_data(as_text=True)
    assert "Cần một số nguyên." in html.split('name="question_count"')[1].split("</label>")[0]
    assert "Cần số nguyên từ 1 đến 200." in html.split(f'name="{quota_name(B, 1)}"')[1].split("</td>")[0]
    assert "Not a valid" not in html and "Number must be" not in html

    english = client.post(f"{path}?lang=en", data={"csrf_token": csrf_token(client, path),
                          **self_paced_form(bank_id, question_count="abc", **{quota_name(B, 1): "300"})})
    text = english.get_data(as_text=True)
    assert "A whole number is needed." in text and "A whole number from 1 to 200 is needed." in text
    assert db.session.scalar(sa.select(sa.func.count(Round.id))) == 0


def test_a_live_round_ignores_what_was_typed_in_the_self_paced_fields(app, client):
    path, bank_id = open_contest(client)
    form = self_paced_form(bank_id, mode="live", question_count="4", closes_at="2020-01-01T00:00",
                           duration_seconds="5", **{quota_name(A, 2): "2"})
    assert "Đã tạo vòng thi" in post(client, path, form).get_data(as_text=True)
    round_ = db.session.scalars(sa.select(Round)).one()
    assert round_.mode == "live" and round_.closes_at_ms is None and round_.duration_seconds is None
    assert round_.quotas == [{"topic": TOPIC_A, "difficulty": 2, "count": 2}]


def test_the_form_groups_the_fields_of_each_mode(app, client):
    path, _ = open_contest(client)
    html = client.get(path).get_data(as_text=True)
    live = html.split('data-mode="live"')[1].split("</fieldset>")[0]
    self_paced = html.split('data-mode="self_paced"')[1].split("</fieldset>")[0]
    assert "Chỉ cho thi trực tiếp" in live and 'name="seconds_per_question"' in live
    assert 'name="duration_seconds"' not in live
    assert "Chỉ cho thi trực tuyến theo tuần" in self_paced and 'name="closes_at"' in self_paced
    assert html.count('type="number" min="1" max="200" name="quota_') == (len(qb.TOPICS) + 1) * 4
    assert "Mọi chủ đề" in html and "Mọi mức độ" in html
