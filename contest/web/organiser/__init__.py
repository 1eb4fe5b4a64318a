"""The organiser console (ban tổ chức): every page needs a signed-in organiser.

A sign-in is a `LoginSession` row whose secret rides in the signed session cookie: the
account's pages (and the console's /host socket) work while it is open; logging out, a
new password or a disabled account ends it."""
from flask import Blueprint, redirect, request, session, url_for
from flask_login import current_user

from contest.extensions import db, login
from contest.models import Organiser
from contest.services.audit import Actor
from contest.services.tokens import session_of

bp = Blueprint("organiser", __name__, url_prefix="/organiser")

PUBLIC_ENDPOINTS = {"organiser.login"}
SESSION_KEY = "login_session"


@login.user_loader
def _load_organiser(organiser_id: str):
    row = session_of(session.get(SESSION_KEY))
    if row is None or str(row.organiser_id) != organiser_id:
        return None
    return db.session.get(Organiser, row.organiser_id)


@bp.before_request
def _require_login():
    if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:
        return redirect(url_for("organiser.login", next=request.full_path))
    return None


def actor() -> Actor:
    """The signed-in organiser, for the audit log."""
    return Actor(current_user.id, current_user.name, request.remote_addr)


from contest.web.organiser import (  # noqa: E402,F401
    accounts,
    agencies,
    auth,
    banks,
    console,
    contests,
    participation,
)
