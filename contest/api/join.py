"""PROTOCOL.md §2: joining a round, with no organiser token.

Limited per client address (`CONTEST_JOIN_LIMIT` a minute; 0 turns it off for load
tests); roster joins also count wrong PINs per official code and per address."""
from __future__ import annotations

from flask import current_app, jsonify, request

from contest.api import bp
from contest.api.request_data import json_body
from contest.extensions import limiter
from contest.security import throttle
from contest.services import participants
from contest.services.clock import now_ms

DEVICE_COOKIE = "device"


def _join_limit() -> str:
    return f"{current_app.config['JOIN_LIMIT']}/minute"


def _no_join_limit() -> bool:
    return current_app.config["JOIN_LIMIT"] <= 0


def join_rules() -> participants.JoinRules:
    return participants.JoinRules(per_code=current_app.config["PIN_LIMIT"],
                                  per_client=current_app.config["PIN_CLIENT_LIMIT"])


@bp.post("/join")
@limiter.limit(_join_limit, exempt_when=_no_join_limit)
def join():
    device_key = request.cookies.get(DEVICE_COOKIE) or participants.new_device_key()
    participant = participants.join(json_body(), device_key, now_ms(), client=request.remote_addr,
                                    throttle=throttle(current_app), rules=join_rules(),
                                    door=current_app.extensions["contest_door"],
                                    write=current_app.extensions["contest_commits"].run)
    response = jsonify({
        "participant_token": participants.make_token(current_app.config["SECRET_KEY"], participant),
        "participant_id": participant.id, "round_id": participant.round_id,
        "name": participant.name,
    })
    response.set_cookie(DEVICE_COOKIE, device_key, max_age=365 * 86400, httponly=True,
                        samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response
