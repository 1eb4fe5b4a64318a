"""Self-paced standings end to end: real papers drawn, answered, predicted and submitted
through the services on a fake clock, then ranked by the leaderboard service.

Rule: score ↓, |prediction − actual| ↑ (no prediction last), time used ↑, submitted ↑,
participant id ↑; the best attempt of each participant counts.
"""
from __future__ import annotations

from contest.services import engine, leaderboard, paper_submit

from factories import make_agencies
from selfpaced_helpers import DAY, GRACE, T0, attempts, join_as, make_self_paced, take_paper


def test_every_tie_break_step_through_real_attempts(app):
    agencies = make_agencies()
    round_id = make_self_paced(open_now=False, question_count=6, max_attempts=2,
                               duration_seconds=1200, opens_at_ms=T0, closes_at_ms=T0 + DAY)
    engine.tick(T0, GRACE)
    people = {name: join_as(round_id, name, agencies["SNV" if name < "E" else "X-LH"])
              for name in "ABCDEFGHI"}
    #                 start         correct  prediction  time used
    plays = {"A": [(T0 + 1_000, 6, 3, 300_000)],       # perfect, exact prediction
             "B": [(T0 + 1_000, 6, 5, 100_000)],       # perfect, off by 2, submitted first
             "C": [(T0 + 2_000, 6, 1, 100_000)],       # perfect, off by 2, same time, later
             "D": [(T0 + 5_000, 5, 3, 10_000)],
             "E": [(T0 + 5_000, 5, 3, 20_000)],
             "G": [(T0 + 5_000, 5, 3, 20_000)],        # E's twin: the id decides
             "F": [(T0 + 5_000, 5, None, 5_000)],      # no prediction: last among equals
             "H": [(T0 + 9_000, 2, 0, 60_000), (T0 + 90_000, 4, 9, 60_000)],  # the best counts
             "I": [(T0 + 9_000, 1, 3, None)]}          # never submits: the deadline does
    for name, takes in plays.items():
        for start, correct, prediction, used in takes:
            take_paper(round_id, people[name], start, correct, prediction, used)

    during = leaderboard.participant_standings(round_id)
    assert [s["name"] for s in during] == list("ABCDEGFH")  # I is still taking the paper
    assert leaderboard.prediction_actual(round_id) == 3

    assert paper_submit.auto_submit_due(T0 + 9_000 + 1_200_000 + GRACE, GRACE) != []
    engine.tick(T0 + DAY, GRACE)
    final = leaderboard.participant_standings(round_id)
    assert [s["name"] for s in final] == list("ABCDEGFHI")
    assert [s["rank"] for s in final] == list(range(1, 10))
    by = {s["name"]: s for s in final}
    assert [by[n]["prediction_error"] for n in "ABC"] == [0, 2, 2]
    assert by["B"]["submitted_ms"] < by["C"]["submitted_ms"] and by["B"]["time_used_ms"] == 100_000
    assert by["E"]["time_used_ms"] == by["G"]["time_used_ms"] == 20_000
    assert by["E"]["participant_id"] < by["G"]["participant_id"]
    assert by["F"]["prediction"] is None and by["F"]["time_used_ms"] == 5_000
    assert (by["H"]["score"], by["H"]["prediction"]) == (4, 9)
    assert (by["I"]["score"], by["I"]["time_used_ms"]) == (1, 1_200_000)
    assert len(attempts(round_id)) == 10


def test_live_standings_by_agency_during_the_window(app):
    agencies = make_agencies()
    round_id = make_self_paced(open_now=False, question_count=6, opens_at_ms=T0, closes_at_ms=T0 + DAY)
    engine.tick(T0, GRACE)
    for i, (code, correct) in enumerate([("SNV-CCHC", 6), ("SNV-CCHC", 2), ("X-LH", 4)]):
        take_paper(round_id, join_as(round_id, f"Người {i}", agencies[code]), T0 + i, correct, 1, 60_000)
    take_paper(round_id, join_as(round_id, "Chưa nộp", agencies["X-LH"]), T0, 6, 1, None)
    board = leaderboard.leaderboard(round_id, limit=10)
    assert [p["score"] for p in board["participants"]] == [6, 4, 2]
    rows = {row["name"]: row for row in leaderboard.agency_table(round_id)}
    assert rows["Sở Nội vụ"]["participants"] == 2 and rows["Sở Nội vụ"]["total_score"] == 8
    assert rows["Xã Long Hưng"]["participants"] == 1  # a paper in progress is not participation yet
    assert rows["Sở Nội vụ"]["perfect_share"] == 0.5
