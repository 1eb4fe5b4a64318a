from __future__ import annotations

from flask import g, jsonify

from contest.api import bp
from contest.api.auth import token_required
from contest.api.request_data import json_body
from contest.services import contests


@bp.post("/contests")
@token_required
def create_contest():
    contest = contests.create_contest(json_body().get("title"), g.organiser.id)
    return jsonify({"contest_id": contest.id, "display_token": contest.display_token}), 201


@bp.get("/contests")
@token_required
def list_contests():
    return jsonify([
        {"contest_id": c.id, "title": c.title, "display_token": c.display_token,
         "rounds": [contests.round_summary(r) for r in c.rounds]}
        for c in contests.list_contests()
    ])


@bp.post("/contests/<int:contest_id>/rounds")
@token_required
def create_round(contest_id: int):
    round_ = contests.create_round(contest_id, json_body())
    return jsonify({"round_id": round_.id, "join_code": round_.join_code}), 201
