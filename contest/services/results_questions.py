"""Per-question analysis of a round: share correct, discrimination, distribution over options.

The population is the ranked participants: in a self-paced round the paper of each one's
counted (best) attempt, in a live round every participant for every question asked (no
answer counts as wrong). Options are named by their letter in the bank (A = first), since
every paper shows them in its own order.

Discrimination index: the share correct among the upper 27 % of participants (by the
ranking) minus the share among the lower 27 %, each among those who had the question;
None when either group had none of it or there are fewer than two participants.
"""
from __future__ import annotations

import math

import sqlalchemy as sa

from contest.extensions import db
from contest.models import Answer, Attempt, Option, Question, Round, RoundQuestion, Topic

LETTERS = "ABCDEFGHIJ"
GROUP_SHARE = 0.27

Taken = dict[int, dict[int, tuple[list[int] | None, bool]]]  # pid -> qid -> (options, correct)


def question_analysis(round_: Round, standings: list[dict]) -> list[dict]:
    if round_.mode == "self_paced":
        meta, taken = _self_paced(round_, standings)
    else:
        meta, taken = _live(round_, standings)
    order = [s["participant_id"] for s in standings]
    size = max(1, math.floor(GROUP_SHARE * len(order) + 0.5)) if len(order) >= 2 else 0
    upper, lower = set(order[:size]), set(order[len(order) - size:]) if size else set()
    return [_row(qid, info, order, taken, upper, lower) for qid, info in meta.items()]


def _row(qid: int, info: dict, order: list[int], taken: Taken, upper: set[int],
         lower: set[int]) -> dict:
    had = {pid: taken[pid][qid] for pid in order if qid in taken.get(pid, {})}
    distribution = {letter: 0 for letter in info["letters"].values()}
    for options, _ in had.values():
        for oid in options or ():
            letter = info["letters"].get(oid)
            if letter:
                distribution[letter] += 1
    correct = sum(1 for _, right in had.values() if right)
    return {
        "question_id": qid, "text": info["text"], "topic": info["topic"],
        "difficulty": info["difficulty"], "key": info["key"], "asked": len(had),
        "correct": correct, "share": correct / len(had) if had else None,
        "discrimination": _discrimination(had, upper, lower),
        "distribution": dict(sorted(distribution.items())),
        "unanswered": sum(1 for options, _ in had.values() if not options),
    }


def _discrimination(had: dict, upper: set[int], lower: set[int]) -> float | None:
    def share(group: set[int]) -> float | None:
        results = [right for pid, (_, right) in had.items() if pid in group]
        return sum(results) / len(results) if results else None

    high, low = share(upper), share(lower)
    return None if high is None or low is None else high - low


# self-paced: the stored papers ------------------------------------------------------------------

def _self_paced(round_: Round, standings: list[dict]) -> tuple[dict[int, dict], Taken]:
    counted = {s["attempt_id"] for s in standings}
    rows = db.session.execute(sa.select(Attempt.id, Attempt.participant_id, Attempt.number,
                                         Attempt.paper).where(Attempt.round_id == round_.id)).all()
    papers = {(pid, number): paper for aid, pid, number, paper in rows if aid in counted}
    answers = _answers(round_.id, lambda pid, no: (pid, no) in papers, attempts=True)
    meta: dict[int, dict] = {}
    taken: Taken = {}
    for (pid, number), paper in papers.items():
        mine = taken.setdefault(pid, {})
        for question in paper:
            qid = question["question_id"]
            meta.setdefault(qid, _snapshot_meta(question))
            mine[qid] = answers.get((pid, number, qid), (None, False))
    return dict(sorted(meta.items())), taken


def _snapshot_meta(question: dict) -> dict:
    letters = {o["id"]: o.get("letter", "?") for o in question["options"]}
    return {"text": question["text"], "topic": question.get("topic"),
            "difficulty": question.get("difficulty"), "letters": letters,
            "key": ", ".join(sorted(letters[o["id"]] for o in question["options"] if o["correct"]))}


def _answers(round_id: int, keep, attempts: bool) -> dict[tuple, tuple[list[int], bool]]:
    no = Answer.attempt_no > 0 if attempts else Answer.attempt_no == 0
    rows = db.session.execute(sa.select(Answer.participant_id, Answer.attempt_no, Answer.question_id,
                                        Answer.options, Answer.correct)
                              .where(Answer.round_id == round_id, no))
    return {(pid, number, qid): (options, bool(correct))
            for pid, number, qid, options, correct in rows if keep(pid, number)}


# live: the round's questions from the bank -------------------------------------------------------

def _live(round_: Round, standings: list[dict]) -> tuple[dict[int, dict], Taken]:
    answers = _answers(round_.id, lambda pid, no: True, attempts=False)
    answered = {qid for _, _, qid in answers}
    rqs = db.session.scalars(sa.select(RoundQuestion).where(RoundQuestion.round_id == round_.id)
                             .order_by(RoundQuestion.position)).all()
    asked = [rq.question_id for rq in rqs if rq.opens_ms is not None or rq.question_id in answered]
    meta = {qid: _bank_meta(qid) for qid in asked}
    taken: Taken = {s["participant_id"]: {qid: answers.get((s["participant_id"], 0, qid), (None, False))
                                         for qid in asked} for s in standings}
    return meta, taken


def _bank_meta(question_id: int) -> dict:
    question, topic = db.session.execute(
        sa.select(Question, Topic.name).join(Topic, Topic.id == Question.topic_id)
        .where(Question.id == question_id)).one()
    options = db.session.scalars(sa.select(Option).where(Option.question_id == question_id)
                                 .order_by(Option.position)).all()
    letters = {o.id: LETTERS[o.position] for o in options}
    return {"text": question.text, "topic": topic, "difficulty": question.difficulty,
            "letters": letters, "key": ", ".join(letters[o.id] for o in options if o.is_correct)}
