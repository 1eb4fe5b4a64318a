"""The round engine with a fake clock: every transition, pause, restart mid-question."""
import pytest

from contest.errors import DomainError
from contest.extensions import db
from contest.models import Round, RoundQuestion
from contest.services import engine

from factories import make_live_round

T0 = 1_800_000_000_000
GRACE = 500


def round_at(round_id):
    return db.session.get(Round, round_id, populate_existing=True)


def question(round_id, index):
    return db.session.query(RoundQuestion).filter_by(round_id=round_id, position=index).one()


def test_start_opens_the_first_question_with_absolute_deadline(app):
    _, rid = make_live_round(seconds_per_question=20)
    assert [t.kind for t in engine.start(rid, T0)] == ["question"]
    r = round_at(rid)
    assert (r.status, r.current_index) == ("question", 0)
    rq = question(rid, 0)
    assert (rq.opens_ms, rq.deadline_ms) == (T0, T0 + 20_000)
    with pytest.raises(DomainError) as exc:
        engine.start(rid, T0 + 1)
    assert exc.value.code == "conflict"


def test_question_closes_only_after_deadline_plus_grace(app):
    _, rid = make_live_round(seconds_per_question=10)
    engine.start(rid, T0)
    assert engine.tick(T0 + 10_000 + GRACE - 1, GRACE) == []
    assert [t.kind for t in engine.tick(T0 + 10_000 + GRACE, GRACE)] == ["reveal"]
    assert round_at(rid).status == "reveal"
    assert question(rid, 0).revealed_ms == T0 + 10_000 + GRACE


def test_host_paced_round_waits_for_next_then_finishes_after_last(app):
    _, rid = make_live_round(question_count=2, seconds_per_question=5)
    engine.start(rid, T0)
    engine.tick(T0 + 6_000, GRACE)
    assert engine.tick(T0 + 60_000, GRACE) == []  # host-paced: stays on the reveal
    assert [t.kind for t in engine.advance(rid, T0 + 61_000, GRACE)] == ["question"]
    assert question(rid, 1).opens_ms == T0 + 61_000
    engine.tick(T0 + 67_000, GRACE)
    assert [t.kind for t in engine.advance(rid, T0 + 70_000, GRACE)] == ["finished"]
    assert round_at(rid).status == "finished" and round_at(rid).finished_ms == T0 + 70_000


def test_auto_advance_after_reveal_seconds(app):
    _, rid = make_live_round(question_count=2, seconds_per_question=5, advance="auto", reveal_seconds=3)
    engine.start(rid, T0)
    assert [t.kind for t in engine.tick(T0 + 5_500, GRACE)] == ["reveal"]
    assert engine.tick(T0 + 8_499, GRACE) == []
    assert [t.kind for t in engine.tick(T0 + 8_500, GRACE)] == ["question"]
    assert [t.kind for t in engine.tick(T0 + 14_000, GRACE)] == ["reveal"]
    assert [t.kind for t in engine.tick(T0 + 17_000, GRACE)] == ["finished"]


def test_next_during_a_question_closes_it_early(app):
    _, rid = make_live_round(seconds_per_question=30)
    engine.start(rid, T0)
    kinds = [t.kind for t in engine.advance(rid, T0 + 4_000, GRACE)]
    assert question(rid, 0).deadline_ms == T0 + 4_000
    assert kinds == ["closed"]  # the grace still applies before the reveal
    assert [t.kind for t in engine.tick(T0 + 4_000 + GRACE, GRACE)] == ["reveal"]


def test_pause_freezes_the_clock_and_resume_gives_the_time_back(app):
    _, rid = make_live_round(seconds_per_question=20)
    engine.start(rid, T0)
    engine.pause(rid, T0 + 5_000)
    assert engine.tick(T0 + 100_000, GRACE) == []  # paused: nothing closes
    engine.resume(rid, T0 + 200_000)
    assert question(rid, 0).deadline_ms == T0 + 200_000 + 15_000
    assert engine.tick(T0 + 214_000, GRACE) == []
    assert [t.kind for t in engine.tick(T0 + 215_000 + GRACE, GRACE)] == ["reveal"]


def test_restart_mid_question_carries_on_from_stored_deadlines(app):
    _, rid = make_live_round(seconds_per_question=20)
    engine.start(rid, T0)
    db.session.expunge_all()  # a new process: nothing in memory, only the database
    assert engine.tick(T0 + 10_000, GRACE) == []
    assert round_at(rid).status == "question"
    db.session.expunge_all()
    assert [t.kind for t in engine.tick(T0 + 25_000, GRACE)] == ["reveal"]


def test_finish_at_any_time_and_commands_after_finish_are_refused(app):
    _, rid = make_live_round()
    engine.start(rid, T0)
    assert [t.kind for t in engine.finish(rid, T0 + 1_000)] == ["finished"]
    assert engine.finish(rid, T0 + 2_000) == []
    for command in (lambda: engine.advance(rid, T0 + 3_000, GRACE), lambda: engine.pause(rid, T0 + 3_000)):
        with pytest.raises(DomainError):
            command()


def test_options_are_shuffled_once_per_round_and_kept(app):
    _, rid = make_live_round(question_count=5)
    orders = [question(rid, i).option_order for i in range(5)]
    assert all(len(o) == 4 for o in orders)
    assert any(o != sorted(o) for o in orders)
    engine.start(rid, T0)
    assert [question(rid, i).option_order for i in range(5)] == orders


def test_self_paced_round_opens_at_its_window_and_closes_by_itself(app):
    _, rid = make_live_round(mode="self_paced", opens_at_ms=T0 + 1_000, closes_at_ms=T0 + 60_000)
    assert engine.tick(T0, GRACE) == []
    assert [t.kind for t in engine.tick(T0 + 1_000, GRACE)] == ["opened"]
    assert [t.kind for t in engine.tick(T0 + 60_000, GRACE)] == ["finished"]
