"""Round control and figures: PROTOCOL.md §1, /rounds/<id>/..."""
from __future__ import annotations

from flask import current_app, g, jsonify, request

from contest.api import bp
from contest.api.auth import actor, token_required
from contest.services import access, audit, rounds
from contest.services.clock import now_ms
from contest.services.publisher import publisher_of


@bp.post("/rounds/<int:round_id>/<any(start, next, pause, resume, finish):action>")
@token_required
def control(round_id: int, action: str):
    """start, next, pause, resume, finish: the same commands as the /host console."""
    access.round_for(g.organiser, round_id, change=True)
    access.authorise_control(g.organiser.id, round_id, action, "api", request.remote_addr)
    status = rounds.control(round_id, action, now_ms(), current_app.config["ANSWER_GRACE_MS"],
                            publisher_of(current_app))
    return jsonify({"status": status["status"], "paused": status["paused"]})


@bp.get("/rounds/<int:round_id>")
@token_required
def round_status(round_id: int):
    access.round_for(g.organiser, round_id)
    return jsonify(rounds.status_of(round_id))


@bp.get("/rounds/<int:round_id>/leaderboard")
@token_required
def round_leaderboard(round_id: int):
    from contest.services import leaderboard

    access.round_for(g.organiser, round_id)
    limit = min(max(request.args.get("limit", default=10, type=int), 1), 10_000)
    return jsonify(leaderboard.leaderboard(round_id, limit=limit, at_ms=now_ms()))


@bp.get("/rounds/<int:round_id>/answers")
@token_required
def round_answers(round_id: int):
    access.round_for(g.organiser, round_id)
    audit.record("answers_exported", actor(), f"round {round_id}")
    return jsonify(rounds.stored_answers(round_id))
