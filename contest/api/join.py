"""PROTOCOL.md §2: joining a round, with no organiser token."""
from __future__ import annotations

from flask import current_app, jsonify, request

from contest.api import bp
from contest.api.request_data import json_body
from contest.services import participants
from contest.services.clock import now_ms

DEVICE_COOKIE = "device"


@bp.post("/join")
def join():
    device_key = request.cookies.get(DEVICE_COOKIE) or participants.new_device_key()
    participant = participants.join(json_body(), device_key, now_ms())
    response = jsonify({
        "participant_token": participants.make_token(current_app.config["SECRET_KEY"], participant),
        "participant_id": participant.id, "round_id": participant.round_id,
        "name": participant.name,
    })
    response.set_cookie(DEVICE_COOKIE, device_key, max_age=365 * 86400, httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
