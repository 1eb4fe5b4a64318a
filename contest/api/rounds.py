"""Round control and figures: PROTOCOL.md §1, /rounds/<id>/..."""
from __future__ import annotations

from flask import jsonify, request

from contest.api import bp
from contest.api.auth import token_required
from contest.realtime.control import control_round
from contest.services import rounds
from contest.services.clock import now_ms
from contest.services.contests import get_round


def _control(round_id: int, action: str):
    status = control_round(round_id, action)
    return jsonify({"status": status["status"], "paused": status["paused"]})


@bp.post("/rounds/<int:round_id>/start")
@token_required
def start_round(round_id: int):
    return _control(round_id, "start")


@bp.post("/rounds/<int:round_id>/next")
@token_required
def next_question(round_id: int):
    return _control(round_id, "next")


@bp.post("/rounds/<int:round_id>/pause")
@token_required
def pause_round(round_id: int):
    return _control(round_id, "pause")


@bp.post("/rounds/<int:round_id>/resume")
@token_required
def resume_round(round_id: int):
    return _control(round_id, "resume")


@bp.post("/rounds/<int:round_id>/finish")
@token_required
def finish_round(round_id: int):
    return _control(round_id, "finish")


@bp.get("/rounds/<int:round_id>")
@token_required
def round_status(round_id: int):
    return jsonify(rounds.status_of(round_id))


@bp.get("/rounds/<int:round_id>/leaderboard")
@token_required
def round_leaderboard(round_id: int):
    from contest.services import leaderboard

    get_round(round_id)
    limit = min(max(request.args.get("limit", default=10, type=int), 1), 10_000)
    return jsonify(leaderboard.leaderboard(round_id, limit=limit, at_ms=now_ms()))


@bp.get("/rounds/<int:round_id>/answers")
@token_required
def round_answers(round_id: int):
    return jsonify(rounds.stored_answers(round_id))
