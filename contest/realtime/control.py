"""Round control shared by the HTTP API and /host: change the state, then announce it."""
from __future__ import annotations

from flask import current_app

from contest.services import rounds
from contest.services.clock import now_ms


def hub():
    return current_app.extensions["contest_hub"]


def control_round(round_id: int, action: str) -> dict:
    """Runs inside an app context; the conductor announces at once what it changed."""
    rounds.control(round_id, action, now_ms(), current_app.config["ANSWER_GRACE_MS"])
    hub().refresh(round_id)
    return rounds.status_of(round_id)
