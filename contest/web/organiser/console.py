from __future__ import annotations

from flask import current_app, render_template, session
from flask_login import current_user

from contest.services import access, rounds
from contest.services.organisers import make_console_token, session_of
from contest.web.organiser import SESSION_KEY, bp


@bp.get("/rounds/<int:round_id>/console")
def round_console(round_id: int):
    """The host console: start, next, pause, resume, finish, with live counts. A viewer
    watches it; the /host socket refuses their commands."""
    round_ = access.round_for(current_user, round_id)
    token = make_console_token(current_app.config["SECRET_KEY"], session_of(session.get(SESSION_KEY)))
    return render_template("organiser/console.html", round=round_, contest=round_.contest,
                           status=rounds.status_of(round_id), console_token=token)
