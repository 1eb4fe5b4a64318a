"""Public pages: the home page with a join-code box, the participant page, the health check."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, url_for

from contest.database import database_reachable
from contest.errors import DomainError
from contest.i18n import current_lang
from contest.models import Round
from contest.services.clock import now_ms
from contest.services.contests import round_by_join_code

bp = Blueprint("participant", __name__)


@bp.get("/")
def home():
    code = request.args.get("code", "").strip().upper()
    if code:
        return redirect(url_for("participant.join_page", join_code=code))
    return render_template("participant/home.html")


@bp.get("/healthz")
def healthz():
    checks = {"database": database_reachable()}
    if current_app.config.get("MESSAGE_QUEUE"):
        from contest.services.health import message_queue_reachable
        checks["message_queue"] = message_queue_reachable(current_app.config["MESSAGE_QUEUE"])
    ok = all(checks.values())
    return jsonify({"ok": ok, **({} if ok else {"checks": checks})}), 200 if ok else 503


@bp.get("/favicon.ico")
def favicon():
    return current_app.send_static_file("favicon.svg")


@bp.get("/join/<join_code>")
def join_page(join_code: str):
    """The participant page: join, then play. Small and framework-free for cheap phones."""
    try:
        round_ = round_by_join_code(join_code)
    except DomainError as exc:  # a mistyped code: say so, with the box to type it again
        return render_template("participant/home.html", code=join_code.strip().upper()[:16],
                               error=exc.message(current_lang())), 404
    return render_template("participant/play.html", round=round_, contest=round_.contest,
                           closed=_closed(round_, now_ms()))


def _closed(round_: Round, now: int) -> bool:
    """No newcomer can join: told before the form is filled (a returning phone still resumes)."""
    expired = round_.mode == "self_paced" and round_.closes_at_ms is not None and round_.closes_at_ms <= now
    return round_.status == "finished" or expired
