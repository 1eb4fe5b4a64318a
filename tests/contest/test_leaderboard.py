"""The ranking service: tie-breaks, the agency tree, the freeze and the PROTOCOL object."""
from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from contest.errors import DomainError
from contest.extensions import db
from contest.models import Agency, Answer, Attempt, Official, Participant, RoundQuestion
from contest.services import leaderboard as lb
from contest.services.contests import get_round
from contest.services.text import fold

from factories import make_agencies, make_live_round

QUESTIONS = 5


# helpers -----------------------------------------------------------------------------------

def live_round(question_count: int = QUESTIONS, **settings) -> int:
    _, round_id = make_live_round(question_count=question_count, **settings)
    for rq in question_list(round_id):
        rq.opens_ms = 1_000 + rq.position * 30_000  # as the engine does when a question opens
    db.session.commit()
    return round_id


def self_paced_round(**settings) -> int:
    _, round_id = make_live_round(mode="self_paced", question_count=QUESTIONS, **settings)
    return round_id


def question_list(round_id: int) -> list[RoundQuestion]:
    return list(db.session.scalars(sa.select(RoundQuestion).where(RoundQuestion.round_id == round_id)
                                   .order_by(RoundQuestion.position)))


def join(round_id: int, name: str, agency_id: int | None = None, joined_ms: int = 0,
         official_id: int | None = None) -> int:
    participant = Participant(round_id=round_id, name=name, name_key=fold(name), agency_id=agency_id,
                              joined_ms=joined_ms, official_id=official_id)
    db.session.add(participant)
    db.session.flush()
    return participant.id


def answer(round_id: int, participant_id: int, question_id: int, correct: bool,
           time_ms: int = 1_000, points: int | None = None) -> None:
    db.session.add(Answer(round_id=round_id, participant_id=participant_id, question_id=question_id,
                          options=[1], received_ms=10_000 + time_ms, correct=correct,
                          points=(1 if correct else 0) if points is None else points, time_ms=time_ms))


def give(round_id: int, participant_id: int, correct: int, time_ms: int = 1_000) -> None:
    """Answers to every question, the first ``correct`` of them right."""
    for rq in question_list(round_id):
        answer(round_id, participant_id, rq.question_id, rq.position < correct, time_ms)


def attempt(round_id: int, participant_id: int, number: int = 1, score: int = 0,
            prediction: int | None = None, time_used_ms: int = 60_000,
            submitted_ms: int | None = 100_000, paper_length: int = QUESTIONS) -> int:
    row = Attempt(round_id=round_id, participant_id=participant_id, number=number, seed=number,
                  paper=[{"question_id": i} for i in range(paper_length)], started_ms=0,
                  deadline_ms=1_200_000, submitted_ms=submitted_ms, prediction=prediction,
                  score=score, correct_count=score, time_used_ms=time_used_ms)
    db.session.add(row)
    db.session.flush()
    return row.id


def names(rows: list[dict]) -> list[str]:
    return [row["name"] for row in rows]


def add_agency(code: str, name: str, parent: int, headcount: int | None) -> int:
    agency = Agency(code=code, name=name, search_key=fold(name), parent_id=parent, headcount=headcount)
    db.session.add(agency)
    db.session.flush()
    return agency.id


@pytest.fixture
def tree(app) -> dict[str, int]:
    """Four levels: province › department › unit, province › district › commune › hamlet."""
    ids = make_agencies()  # T › SNV (50) › SNV-CCHC (10); T › X-LH (30)
    ids["SNV-VP"] = add_agency("SNV-VP", "Văn phòng Sở Nội vụ", ids["SNV"], None)
    ids["H-LP"] = add_agency("H-LP", "Huyện Long Phú", ids["T"], None)
    ids["X-LP1"] = add_agency("X-LP1", "Xã Long Phú Một", ids["H-LP"], 20)
    ids["X-LP2"] = add_agency("X-LP2", "Xã Long Phú Hai", ids["H-LP"], 25)
    ids["AP-A"] = add_agency("AP-A", "Ấp An Thạnh", ids["X-LP2"], None)
    ids["BQL"] = add_agency("BQL", "Ban Quản lý các khu công nghiệp", ids["T"], None)
    ids["BDT"] = add_agency("BDT", "Ban Dân tộc", ids["T"], None)
    db.session.commit()
    return ids


# Correct answers (of 5) of each participant, by agency, in the agency tests.
SCORES = {
    "SNV": [2, 2], "SNV-CCHC": [5, 1, 0], "SNV-VP": [2],   # Sở Nội vụ: 6 people, 12 points
    "X-LH": [5, 5, 1],                                       # 3 people, 11 points
    "X-LP1": [3, 1], "X-LP2": [2], "AP-A": [4, 0],           # Huyện Long Phú: 5 people, 10
}


@pytest.fixture
def played(tree) -> int:
    round_id = live_round()
    n = 0
    for code, scores in SCORES.items():
        for score in scores:
            n += 1
            give(round_id, join(round_id, f"Người {n}", tree[code], joined_ms=n), score)
    give(round_id, join(round_id, "Khách không đơn vị", None, joined_ms=99), 5)
    db.session.commit()
    return round_id


# live participants ---------------------------------------------------------------------------

def test_live_tie_breaks_score_then_time_then_join_then_id(app):
    round_id = live_round()
    qids = [rq.question_id for rq in question_list(round_id)]
    people = {name: join(round_id, name, joined_ms=joined)
              for name, joined in [("A", 100), ("B", 300), ("C", 200), ("D", 200), ("E", 500),
                                   ("F", 400), ("G", 50)]}
    for name, times in [("A", [1000, 1000, 1000]), ("B", [500, 500, 1000]), ("C", [1000, 500, 500]),
                        ("D", [700, 700, 600]), ("E", [3000, 3000, 3000, 3000])]:
        for qid, time_ms in zip(qids, times):
            answer(round_id, people[name], qid, True, time_ms)
    answer(round_id, people["A"], qids[4], False, 1)      # wrong answers cost no time...
    answer(round_id, people["G"], qids[0], False, 9_000)  # ...and score nothing
    db.session.commit()

    standings = lb.participant_standings(round_id)

    assert names(standings) == ["E", "C", "D", "B", "A", "G", "F"]
    assert [s["rank"] for s in standings] == [1, 2, 3, 4, 5, 6, 7]
    by_name = {s["name"]: s for s in standings}
    assert (by_name["E"]["score"], by_name["E"]["correct"], by_name["E"]["time_ms"]) == (4, 4, 12_000)
    assert (by_name["A"]["score"], by_name["A"]["correct"], by_name["A"]["time_ms"]) == (3, 3, 3_000)
    assert (by_name["F"]["score"], by_name["F"]["time_ms"]) == (0, 0)
    assert by_name["G"]["time_ms"] == 0
    assert names(lb.participant_standings(round_id, limit=3)) == ["E", "C", "D"]
    assert lb.rank_of(standings) == {s["participant_id"]: s["rank"] for s in standings}
    assert lb.rank_of(standings)[people["B"]] == 4


def test_speed_points_rank_by_points(app):
    round_id = live_round(scoring="speed")
    qid = question_list(round_id)[0].question_id
    slow, fast = join(round_id, "Chậm", joined_ms=1), join(round_id, "Nhanh", joined_ms=2)
    answer(round_id, slow, qid, True, 9_000, points=550)
    answer(round_id, fast, qid, True, 1_000, points=950)
    db.session.commit()
    assert [(s["name"], s["score"]) for s in lb.participant_standings(round_id)] == [
        ("Nhanh", 950), ("Chậm", 550)]


def test_unknown_round_is_not_found(app):
    with pytest.raises(DomainError) as error:
        lb.participant_standings(12345)
    assert error.value.code == "not_found"


# the freeze ----------------------------------------------------------------------------------

def test_freeze_hides_the_last_questions(app):
    round_id = live_round(freeze_last=2)
    qids = [rq.question_id for rq in question_list(round_id)]
    an, binh = join(round_id, "An", joined_ms=1), join(round_id, "Bình", joined_ms=2)
    for qid in qids[:3]:
        answer(round_id, an, qid, True)
    for qid in qids[:2]:
        answer(round_id, binh, qid, True)
    db.session.commit()
    before = lb.participant_standings(round_id, frozen=True)

    for qid in qids[3:]:  # the two frozen questions: Bình overtakes An
        answer(round_id, binh, qid, True)
        answer(round_id, an, qid, False)
    db.session.commit()

    assert lb.participant_standings(round_id, frozen=True) == before
    assert [(s["name"], s["score"]) for s in before] == [("An", 3), ("Bình", 2)]
    live = lb.participant_standings(round_id)
    assert [(s["name"], s["score"]) for s in live] == [("Bình", 4), ("An", 3)]
    assert lb.leaderboard(round_id, frozen=True)["frozen"] is True
    assert lb.leaderboard(round_id, frozen=True)["participants"][0]["name"] == "An"
    assert lb.leaderboard(round_id)["participants"][0]["name"] == "Bình"

    get_round(round_id).status = "finished"  # the final board replaces the frozen one
    db.session.commit()
    assert lb.participant_standings(round_id, frozen=True) == live
    assert lb.leaderboard(round_id, frozen=True)["frozen"] is False


def test_freeze_moves_agency_figures_too(tree):
    round_id = live_round(freeze_last=1)
    qids = [rq.question_id for rq in question_list(round_id)]
    pid = join(round_id, "An", tree["X-LH"])
    for qid in qids:
        answer(round_id, pid, qid, True)
    db.session.commit()

    def total(frozen: bool) -> int:
        rows = lb.agency_standings(round_id, frozen=frozen)
        return next(r["total_score"] for r in rows if r["agency_id"] == tree["X-LH"])

    assert (total(True), total(False)) == (4, 5)


def test_no_freeze_set_means_the_live_board(app):
    round_id = live_round()
    give(round_id, join(round_id, "An"), 5)
    db.session.commit()
    board = lb.leaderboard(round_id, frozen=True)
    assert board["frozen"] is False and board["participants"][0]["score"] == 5


# self-paced ----------------------------------------------------------------------------------

@pytest.fixture
def paced(tree) -> tuple[int, dict[str, int], dict[str, int]]:
    round_id = self_paced_round()
    people = {name: join(round_id, name, tree["X-LH"] if name < "P5" else tree["SNV-CCHC"],
                         joined_ms=i) for i, name in enumerate(
        ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9", "P10"])}
    attempts = {}
    # Two perfect papers, so actual = 2.
    attempts["P1"] = attempt(round_id, people["P1"], score=5, prediction=2, time_used_ms=900)
    attempts["P2"] = attempt(round_id, people["P2"], score=5, prediction=3, time_used_ms=100)
    # Score 4: prediction error, then time used, then submission time.
    attempts["P3"] = attempt(round_id, people["P3"], score=4, prediction=None, time_used_ms=10)
    attempts["P4"] = attempt(round_id, people["P4"], score=4, prediction=10, time_used_ms=50)
    attempts["P5"] = attempt(round_id, people["P5"], score=4, prediction=3, time_used_ms=600,
                             submitted_ms=2_000)
    attempts["P6"] = attempt(round_id, people["P6"], score=4, prediction=1, time_used_ms=600,
                             submitted_ms=1_000)
    attempts["P7"] = attempt(round_id, people["P7"], score=4, prediction=3, time_used_ms=400)
    # P8: the best of several attempts counts; an unsubmitted paper never does.
    attempt(round_id, people["P8"], 1, score=3, prediction=2, time_used_ms=1)
    attempts["P8"] = attempt(round_id, people["P8"], 2, score=4, prediction=2, time_used_ms=900)
    attempt(round_id, people["P8"], 3, score=4, prediction=50, time_used_ms=5)
    attempt(round_id, people["P8"], 4, score=5, prediction=2, submitted_ms=None)
    # P9 has not submitted yet; P10 joined only.
    attempt(round_id, people["P9"], score=5, prediction=2, submitted_ms=None)
    db.session.commit()
    return round_id, people, attempts


def test_self_paced_tie_breaks(paced):
    round_id, people, attempts = paced
    assert lb.prediction_actual(round_id) == 2

    standings = lb.participant_standings(round_id)

    assert names(standings) == ["P1", "P2", "P8", "P7", "P6", "P5", "P4", "P3"]
    by_name = {s["name"]: s for s in standings}
    assert by_name["P8"]["attempt_id"] == attempts["P8"]
    assert (by_name["P8"]["score"], by_name["P8"]["prediction_error"]) == (4, 0)
    assert (by_name["P2"]["prediction"], by_name["P2"]["prediction_error"]) == (3, 1)
    assert by_name["P3"]["prediction"] is None and by_name["P3"]["prediction_error"] is None
    assert by_name["P7"]["time_used_ms"] == by_name["P7"]["time_ms"] == 400
    assert by_name["P6"]["submitted_ms"] == 1_000
    assert [s["rank"] for s in standings] == list(range(1, 9))


def test_self_paced_identical_papers_fall_back_to_participant_id(paced):
    round_id, people, _ = paced
    first, second = join(round_id, "Z1"), join(round_id, "Z0")
    for pid in (second, first):
        attempt(round_id, pid, score=1, prediction=2, time_used_ms=7, submitted_ms=7)
    db.session.commit()
    assert names(lb.participant_standings(round_id))[-2:] == ["Z1", "Z0"]


def test_actual_counts_people_not_papers(paced):
    round_id, people, _ = paced
    attempt(round_id, people["P1"], 2, score=5, prediction=3)   # P1's second perfect paper
    attempt(round_id, people["P9"], 2, score=5, prediction=3)   # P9 submits a perfect paper
    attempt(round_id, people["P3"], 2, score=5, prediction=None, paper_length=6)  # not perfect
    db.session.commit()
    assert lb.prediction_actual(round_id) == 3
    by_name = {s["name"]: s for s in lb.participant_standings(round_id)}
    assert by_name["P9"]["prediction_error"] == 0 and by_name["P1"]["prediction_error"] == 0


def test_self_paced_agency_figures_use_best_attempts(paced, tree):
    round_id, _, _ = paced
    rows = {r["code"]: r for r in lb.agency_table(round_id)}
    assert (rows["X-LH"]["participants"], rows["X-LH"]["total_score"]) == (4, 18)
    assert rows["X-LH"]["perfect_share"] == 0.5
    assert (rows["SNV"]["participants"], rows["SNV"]["total_score"]) == (4, 16)
    assert rows["SNV"]["perfect_share"] == 0
    board = lb.leaderboard(round_id)
    assert [p["name"] for p in board["participants"]][:3] == ["P1", "P2", "P8"]


# agencies ------------------------------------------------------------------------------------

def test_subtree_figures_are_the_sums_of_their_parts(played, tree):
    table = {row["code"]: row for row in lb.agency_table(played)}
    snv, district, province = table["SNV"], table["H-LP"], table["T"]
    assert (snv["participants"], snv["total_score"], snv["headcount"]) == (6, 12, 50)
    assert snv["participation_rate"] == pytest.approx(6 / 50)
    assert snv["perfect_share"] == pytest.approx(1 / 6)
    assert (district["participants"], district["total_score"], district["headcount"]) == (5, 10, 45)
    assert district["average_score"] == 2.0
    assert (table["X-LP2"]["participants"], table["X-LP2"]["total_score"]) == (3, 6)
    assert (province["participants"], province["headcount"]) == (14, 125)
    assert province["total_score"] == 33
    for code, row in table.items():
        children = [r for r in table.values() if r["parent_id"] == row["agency_id"]]
        own = SCORES.get(code, [])
        assert row["participants"] == len(own) + sum(c["participants"] for c in children)
        assert row["total_score"] == sum(own) + sum(c["total_score"] for c in children)
        assert row["perfect"] == own.count(QUESTIONS) + sum(c["perfect"] for c in children)


def test_agency_without_headcount_has_no_rate(played, tree):
    rows = {r["code"]: r for r in lb.agency_standings(played)}
    assert rows["BQL"]["headcount"] is None and rows["BQL"]["participation_rate"] is None
    assert (rows["BQL"]["participants"], rows["BQL"]["average_score"]) == (0, 0)
    below = {r["code"]: r for r in lb.agency_standings(played, parent_id=tree["SNV"])}
    assert below["SNV-VP"]["participation_rate"] is None and below["SNV-VP"]["participants"] == 1


@pytest.mark.parametrize("rank_by, order", [
    ("average_score", ["X-LH", "SNV", "H-LP", "BDT", "BQL"]),   # SNV and H-LP tie at 2.0: rate
    ("participation_rate", ["SNV", "H-LP", "X-LH", "BDT", "BQL"]),
    ("total_score", ["SNV", "X-LH", "H-LP", "BDT", "BQL"]),     # empty ones tie: by name
])
def test_rank_by(played, rank_by, order):
    rows = lb.agency_standings(played, rank_by=rank_by)
    assert [r["code"] for r in rows] == order
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]


def test_rank_by_defaults_to_the_rounds_choice(tree):
    round_id = live_round(agency_rank_by="participation_rate")
    give(round_id, join(round_id, "An", tree["X-LH"]), 5)
    give(round_id, join(round_id, "Bình", tree["SNV"]), 1)
    give(round_id, join(round_id, "Chi", tree["SNV"]), 1)
    db.session.commit()
    assert [r["code"] for r in lb.agency_standings(round_id)][:2] == ["SNV", "X-LH"]
    assert [r["code"] for r in lb.agency_standings(round_id, rank_by="average_score")][:2] == [
        "X-LH", "SNV"]
    with pytest.raises(DomainError):
        lb.agency_standings(round_id, rank_by="luck")


def test_children_of_a_department(played, tree):
    rows = lb.agency_standings(played, parent_id=tree["SNV"])
    # same average: the known rate first; the two who joined at Sở Nội vụ itself get a row
    assert [(r["code"], r["participants"], r["average_score"]) for r in rows] == [
        ("SNV-CCHC", 3, 2.0), ("SNV", 2, 2.0), ("SNV-VP", 1, 2.0)]
    assert rows[1]["name"] == "Sở Nội vụ (cán bộ trực tiếp)"
    assert sum(r["participants"] for r in rows) == 6  # every official of SNV in exactly one row
    assert lb.agency_standings(played, parent_id=tree["T"]) == lb.agency_standings(played)


def test_agency_table_is_depth_first(played, tree):
    table = lb.agency_table(played)
    assert (table[0]["code"], table[0]["depth"]) == ("T", 0)
    assert {r["code"] for r in table} == set(tree)
    assert [(r["code"], r["depth"]) for r in lb.agency_table(played, root_code="H-LP")] == [
        ("H-LP", 0), ("X-LP2", 1), ("AP-A", 2), ("X-LP1", 1)]
    with pytest.raises(DomainError):
        lb.agency_table(played, root_code="KHONG-CO")


def test_agencies_below_rate(played, tree):
    rows = lb.agencies_below_rate(played, 0.11)
    assert [(r["code"], r["missing"]) for r in rows] == [("X-LH", 27), ("X-LP1", 18)]
    assert rows[0]["path"] == "Ủy ban nhân dân tỉnh › Xã Long Hưng"
    assert [r["code"] for r in lb.agencies_below_rate(played, 0)] == []
    with pytest.raises(DomainError):
        lb.agencies_below_rate(played, 50)


# the leaderboard event -----------------------------------------------------------------------

def test_leaderboard_has_exactly_the_protocol_fields(played, tree):
    official = Official(code="CB-BI-MAT", name="Người có mã", agency_id=tree["X-LH"])
    db.session.add(official)
    db.session.flush()
    give(played, join(played, "Người có mã", tree["X-LH"], official_id=official.id), 5)
    db.session.commit()

    board = lb.leaderboard(played, limit=3, at_ms=123)

    assert set(board) == {"round_id", "at_ms", "participants", "agencies", "frozen"}
    assert (board["round_id"], board["at_ms"], board["frozen"]) == (played, 123, False)
    assert len(board["participants"]) == 3
    for row in board["participants"]:
        assert set(row) == {"rank", "participant_id", "name", "agency", "score", "time_ms"}
    for row in board["agencies"]:
        assert set(row) == {"rank", "agency_id", "name", "participants", "headcount",
                            "participation_rate", "average_score", "total_score"}
    assert board["participants"][0]["agency"] in (None, "Xã Long Hưng", "Phòng Cải cách hành chính")
    assert "CB-BI-MAT" not in json.dumps(board, ensure_ascii=False)


def test_leaderboard_for_one_agency_screen(played, tree):
    everyone = lb.rank_of(lb.participant_standings(played))
    board = lb.leaderboard(played, limit=50, agency_root="SNV")
    assert len(board["participants"]) == 6
    assert all(everyone[p["participant_id"]] == p["rank"] for p in board["participants"])
    assert [a["name"] for a in board["agencies"]] == ["Phòng Cải cách hành chính",
                                                       "Sở Nội vụ (cán bộ trực tiếp)",
                                                       "Văn phòng Sở Nội vụ"]
    assert sum(a["participants"] for a in board["agencies"]) == board["scope"]["participants"] == 6
    leaf = lb.leaderboard(played, agency_root="X-LH")
    assert [(a["name"], a["rank"], a["participants"]) for a in leaf["agencies"]] == [
        ("Xã Long Hưng", 1, 3)]


# scale ---------------------------------------------------------------------------------------

def test_two_thousand_participants(tree):
    round_id = live_round(question_count=10)
    qids = [rq.question_id for rq in question_list(round_id)]
    assert len(qids) == 10
    leaves = [tree[c] for c in ("SNV-CCHC", "SNV-VP", "X-LH", "X-LP1", "AP-A")]
    rows = [{"round_id": round_id, "name": f"Cán bộ {i}", "name_key": f"can bo {i}",
             "agency_id": leaves[i % 5], "joined_ms": i % 97} for i in range(2_000)]
    db.session.execute(sa.insert(Participant), rows)
    pids = list(db.session.scalars(sa.select(Participant.id).where(Participant.round_id == round_id)
                                   .order_by(Participant.id)))
    expected, answers = {}, []
    for i, pid in enumerate(pids):
        score = time_total = 0
        for q, qid in enumerate(qids):
            correct, time_ms = (i * 7 + q * 3) % 5 < 3, (i * 31 + q * 17) % 20_000
            score += correct
            time_total += time_ms if correct else 0
            answers.append({"round_id": round_id, "participant_id": pid, "question_id": qid,
                            "options": [1], "received_ms": time_ms, "correct": correct,
                            "points": int(correct), "time_ms": time_ms})
        expected[pid] = (score, time_total, i % 97, leaves[i % 5])
    db.session.execute(sa.insert(Answer), answers)
    db.session.commit()

    standings = lb.participant_standings(round_id)

    order = sorted(expected, key=lambda p: (-expected[p][0], expected[p][1], expected[p][2], p))
    assert [s["participant_id"] for s in standings] == order
    assert all((s["score"], s["time_ms"]) == expected[s["participant_id"]][:2] for s in standings)
    assert [s["rank"] for s in standings] == list(range(1, 2_001))
    table = {r["agency_id"]: r for r in lb.agency_table(round_id)}
    for leaf in leaves:
        mine = [v[0] for v in expected.values() if v[3] == leaf]
        assert (table[leaf]["participants"], table[leaf]["total_score"]) == (len(mine), sum(mine))
        assert table[leaf]["perfect"] == mine.count(10)
    assert table[tree["T"]]["participants"] == 2_000
    assert table[tree["T"]]["total_score"] == sum(v[0] for v in expected.values())
    assert len(lb.leaderboard(round_id)["participants"]) == 10
