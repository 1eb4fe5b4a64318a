"""Fenced transitions: a stale conductor or a racing HTTP `next` cannot overwrite the
state another one committed. On a SQLite file and on the machine's real PostgreSQL."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from contest import create_app
from contest.config import TestConfig
from contest.errors import DomainError
from contest.extensions import db
from contest.models import Round, RoundQuestion
from contest.services import engine, round_state

from factories import make_live_round
from services import require_postgres, reset_postgres

GRACE = 500
T0 = 1_800_000_000_000


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_app(request, tmp_path):
    """An app on a database that several threads (several conductors) really share."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'race.db'}"
    else:
        url = require_postgres()
        reset_postgres(url)

    class Config(TestConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(Config)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.drop_all()
        db.engine.dispose()


def stored(round_id):
    db.session.expire_all()
    round_ = db.session.get(Round, round_id)
    rqs = db.session.scalars(sa.select(RoundQuestion).where(RoundQuestion.round_id == round_id)
                             .order_by(RoundQuestion.position)).all()
    return round_, rqs


def consistent(round_id, seconds):
    """What a hall would notice: the current question had its full time, and every
    question before it was revealed after its deadline."""
    round_, rqs = stored(round_id)
    current = rqs[round_.current_index]
    assert current.deadline_ms - current.opens_ms == seconds * 1000 or round_.status == "reveal"
    if round_.status == "reveal":
        assert current.revealed_ms is not None and current.revealed_ms >= current.deadline_ms
    for rq in rqs[:round_.current_index]:
        assert rq.revealed_ms is not None and rq.revealed_ms >= rq.deadline_ms
    return round_


def test_a_stale_conductor_loses_and_writes_nothing(shared_app):
    _, round_id = make_live_round(seconds_per_question=10, advance="auto", reveal_seconds=2)
    engine.start(round_id, T0)
    stale = engine.load_state(round_id)                 # conductor A reads question 0 ...
    assert engine.tick(T0 + 10_000 + GRACE, GRACE)     # ... B reveals it
    assert engine.tick(T0 + 13_000, GRACE)             # ... and opens question 1
    late, transitions = round_state.step(stale, T0 + 13_050, GRACE)  # A: "reveal q0, open q1"
    assert transitions and engine.apply(stale, late, transitions) is False
    db.session.commit()
    round_ = consistent(round_id, 10)
    assert (round_.status, round_.current_index) == ("question", 1)
    assert round_.phase_deadline_ms == T0 + 13_000 + 10_000  # B's question 1 keeps its 10 s


def test_an_http_next_racing_the_clock_changes_nothing_once_the_clock_won(shared_app):
    _, round_id = make_live_round(seconds_per_question=10)
    engine.start(round_id, T0)
    read_by_next = engine.load_state(round_id)
    assert [t.kind for t in engine.tick(T0 + 10_000 + GRACE, GRACE)] == ["reveal"]
    new, transitions = round_state.advance(read_by_next, T0 + 10_600, GRACE)
    assert engine.apply(read_by_next, new, transitions) is False
    db.session.commit()
    round_ = consistent(round_id, 10)
    assert (round_.status, round_.current_index) == ("reveal", 0)
    assert engine.advance(round_id, T0 + 11_000, GRACE)[0].kind == "question"  # a fresh `next` works


def test_two_conductors_and_the_host_racing_commit_each_transition_once(shared_app):
    """Real threads, real connections: two conductors tick at the same instants while the
    host presses `next`; every transition is committed by exactly one of them."""
    app = shared_app
    _, round_id = make_live_round(question_count=4, seconds_per_question=3, advance="auto",
                                  reveal_seconds=1)
    engine.start(round_id, T0)
    db.session.commit()
    instants = list(enumerate(T0 + step * 250 for step in range(1, 100)))
    won: dict[str, list] = {"a": [], "b": [], "host": []}
    commits: list[int] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def run(name):
        try:
            with app.app_context():
                for step, now in instants:
                    barrier.wait(timeout=30)
                    done = []
                    if name == "host":
                        if step % 7 == 0:
                            try:
                                done = engine.advance(round_id, now, GRACE)
                            except DomainError as exc:  # a finished round, as a host sees it
                                assert exc.code == "conflict"
                    else:
                        done = engine.tick(now, GRACE, [round_id])
                    won[name] += done
                    commits.extend([1] if done else [])
                    db.session.remove()
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
            barrier.abort()

    threads = [threading.Thread(target=run, args=(name,)) for name in won]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    all_won = won["a"] + won["b"] + won["host"]
    opened = [t.index for t in all_won if t.kind == "question"]
    revealed = [t.index for t in all_won if t.kind == "reveal"]
    assert sorted(opened) == sorted(set(opened)) and sorted(revealed) == sorted(set(revealed))
    assert [t.kind for t in all_won].count("finished") == 1
    round_, rqs = stored(round_id)
    assert round_.status == "finished"
    assert round_.version == 1 + len(commits)  # the start, then one bump per winning write
    for rq in rqs:
        assert rq.revealed_ms is not None and rq.revealed_ms >= rq.deadline_ms
