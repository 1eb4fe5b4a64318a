from __future__ import annotations

from flask import g, jsonify

from contest.api import bp
from contest.api.auth import actor, token_required
from contest.api.request_data import json_body
from contest.services import access, audit, contests


@bp.post("/contests")
@token_required
def create_contest():
    access.require_editor(g.organiser)
    contest = contests.create_contest(json_body().get("title"), g.organiser.id)
    return jsonify({"contest_id": contest.id, "display_token": contest.display_token}), 201


@bp.get("/contests")
@token_required
def list_contests():
    """The contests this token's organiser may see (an admin or a viewer: all)."""
    return jsonify([
        {"contest_id": c.id, "title": c.title, "display_token": c.display_token,
         "rounds": [contests.round_summary(r) for r in c.rounds]}
        for c in contests.list_contests(g.organiser)
    ])


@bp.post("/contests/<int:contest_id>/rounds")
@token_required
def create_round(contest_id: int):
    access.contest_for(g.organiser, contest_id, change=True)
    round_ = contests.create_round(contest_id, json_body(), organiser=g.organiser)
    return jsonify({"round_id": round_.id, "join_code": round_.join_code}), 201


@bp.post("/contests/<int:contest_id>/display-token")
@token_required
def rotate_display_token(contest_id: int):
    """A new display token; screens on the old one are refused from their next connect."""
    access.contest_for(g.organiser, contest_id, change=True)
    token = contests.rotate_display_token(contest_id)
    audit.record("display_token_rotated", actor(), f"contest {contest_id}")
    return jsonify({"contest_id": contest_id, "display_token": token})
