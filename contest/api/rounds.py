"""Round control and figures: PROTOCOL.md §1, /rounds/<id>/..."""
from __future__ import annotations

from flask import current_app, jsonify, request

from contest.api import bp
from contest.api.auth import token_required
from contest.services import rounds
from contest.services.publisher import publisher_of
from contest.services.clock import now_ms
from contest.services.contests import get_round


@bp.post("/rounds/<int:round_id>/<any(start, next, pause, resume, finish):action>")
@token_required
def control(round_id: int, action: str):
    """start, next, pause, resume, finish: the same commands as the /host console."""
    status = rounds.control(round_id, action, now_ms(), current_app.config["ANSWER_GRACE_MS"],
                            publisher_of(current_app))
    return jsonify({"status": status["status"], "paused": status["paused"]})


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
