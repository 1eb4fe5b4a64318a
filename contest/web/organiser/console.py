from __future__ import annotations

from flask import current_app, render_template
from flask_login import current_user

from contest.services import rounds
from contest.services.contests import get_round
from contest.services.organisers import make_console_token
from contest.web.organiser import bp


@bp.get("/rounds/<int:round_id>/console")
def round_console(round_id: int):
    """The host console: start, next, pause, resume, finish, with live counts."""
    round_ = get_round(round_id)
    token = make_console_token(current_app.config["SECRET_KEY"], current_user.id)
    return render_template("organiser/console.html", round=round_, contest=round_.contest,
                           status=rounds.status_of(round_id), console_token=token)
