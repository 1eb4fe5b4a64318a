"""Self-paced rounds for the tests: a mixed bank, a round open now, players on /play."""
from __future__ import annotations

import sqlalchemy as sa

import question_bank as qb
from contest.extensions import db, socketio
from contest.models import Attempt, Participant, Round
from contest.services import contests, engine, paper_answers, paper_submit, papers
from contest.services.clock import now_ms
from contest.services.text import fold

from factories import TOPIC_A, TOPIC_B, make_bank

GRACE = 500
T0 = 1_700_000_000_000  # a fake clock: the services take `now`
DAY = 86_400_000


def mixed_rows() -> list[qb.QuestionRow]:
    """Two topics × three difficulties, 4 questions each (24), one several-answer question."""
    rows = []
    for topic in (TOPIC_A, TOPIC_B):
        for difficulty in (1, 2, 3):
            rows += [qb.QuestionRow(
                text=f"{topic[:30]} – mức {difficulty} – câu {i}: thủ tục nào đúng quy định?",
                kind="single", options=["Phương án một", "Phương án hai", "Phương án ba"],
                correct=[(i + difficulty) % 3], topic=topic, difficulty=difficulty)
                for i in range(4)]
    rows[0] = qb.QuestionRow(text="Những việc nào thuộc cải cách thể chế (chọn nhiều)?",
                             kind="multiple", options=["Việc một", "Việc hai", "Việc ba", "Việc bốn"],
                             correct=[0, 2], topic=TOPIC_A, difficulty=1)
    return rows


def make_self_paced(organiser_id: int | None = None, rows: list[qb.QuestionRow] | None = None,
                    open_now: bool = True, **settings) -> int:
    """A self-paced round on a fresh bank, open from now (the engine opened it). Its scores
    show at submission (``score_min_answered`` 0) unless the settings say otherwise."""
    bank_id = make_bank(organiser_id, rows if rows is not None else mixed_rows())
    contest = contests.create_contest("Hội thi cải cách hành chính", organiser_id)
    now = now_ms()
    body = {"title": "Tuần thi thứ nhất", "mode": "self_paced", "bank_id": bank_id,
            "question_count": 6, "duration_seconds": 600, "max_attempts": 2,
            "opens_at_ms": now - 1000, "closes_at_ms": now + 7 * 86_400_000, "score_min_answered": 0,
            **settings}
    round_ = contests.create_round(contest.id, body)
    papers.forget_pools()  # round ids start again at 1 in every test's database
    if open_now:
        engine.tick(now, GRACE)
    return round_.id


def join_code(round_id: int) -> str:
    return db.session.get(Round, round_id).join_code


def join(client, round_id: int, agency_id: int, name: str = "Nguyễn Văn An") -> dict:
    response = client.post("/api/v1/join", json={"join_code": join_code(round_id), "name": name,
                                                 "agency_id": agency_id})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def connect(app, client, token: str):
    sio = socketio.test_client(app, namespace="/play", auth={"token": token}, flask_test_client=client)
    assert sio.is_connected("/play")
    return sio


def player(app, client, round_id: int, agency_id: int, name: str = "Nguyễn Văn An"):
    body = join(client, round_id, agency_id, name)
    return connect(app, client, body["participant_token"]), body


def call(sio, event: str, payload=None):
    return sio.emit(event, payload if payload is not None else {}, namespace="/play", callback=True)


def received(sio, name: str) -> list:
    return [e["args"][0] for e in sio.get_received("/play") if e["name"] == name]


def stored_attempt(attempt_id: int) -> Attempt:
    return db.session.get(Attempt, attempt_id, populate_existing=True)


def key_of(attempt_id: int) -> dict[int, list[int]]:
    """question_id -> correct option ids, from the stored snapshot (the server's side only)."""
    return {q["question_id"]: sorted(o["id"] for o in q["options"] if o["correct"])
            for q in stored_attempt(attempt_id).paper}


def wrong_of(question: dict, key: list[int]) -> list[int]:
    return [next(o["id"] for o in question["options"] if o["id"] not in key)]


def forget_papers(app) -> None:
    """Drop the judged papers a test changed behind the cache's back."""
    app.extensions["contest_papers"].views.clear()


def attempts(round_id: int) -> list[Attempt]:
    return list(db.session.scalars(sa.select(Attempt).where(Attempt.round_id == round_id)
                                   .order_by(Attempt.id).execution_options(populate_existing=True)))


def join_as(round_id: int, name: str, agency_id: int | None) -> int:
    """A participant made directly (joined at T0), for service-level tests."""
    participant = Participant(round_id=round_id, name=name, name_key=fold(name), agency_id=agency_id,
                              joined_ms=T0)
    db.session.add(participant)
    db.session.commit()
    return participant.id


def run(job):
    with db.engine.begin() as conn:
        return job(conn)


def take_paper(round_id: int, pid: int, start: int, correct: int, prediction: int | None,
               used_ms: int | None) -> int:
    """Start at `start`, answer the first `correct` questions right and the rest wrong,
    predict, and submit after `used_ms` (None: never submitted)."""
    seed, paper = papers.prepare(round_id, pid, start)
    attempt = run(lambda c: papers.start_attempt(c, round_id, pid, start, GRACE, seed, paper))
    view = paper_answers.load_paper_view(attempt["attempt_id"])
    for i, question in enumerate(paper):
        key = [o["id"] for o in question["options"] if o["correct"]]
        chosen = key if i < correct else [next(o["id"] for o in question["options"] if not o["correct"])]
        row = paper_answers.judge(view, pid, question["question_id"], sorted(chosen), start + 1000 + i, GRACE)
        assert run(lambda c, row=row: paper_answers.store_answer(c, attempt["attempt_id"], row))
    if prediction is not None:
        run(lambda c: paper_submit.predict(c, attempt["attempt_id"], pid, prediction, start + 2000, GRACE))
    if used_ms is not None:
        run(lambda c: paper_submit.submit(c, attempt["attempt_id"], pid, start + used_ms))
    return attempt["attempt_id"]
