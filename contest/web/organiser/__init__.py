"""The organiser console (ban tổ chức): every page needs a logged-in organiser."""
from flask import Blueprint, redirect, request, url_for
from flask_login import current_user

from contest.extensions import db, login
from contest.models import Organiser

bp = Blueprint("organiser", __name__, url_prefix="/organiser")

PUBLIC_ENDPOINTS = {"organiser.login"}


@login.user_loader
def _load_organiser(organiser_id: str):
    return db.session.get(Organiser, int(organiser_id))


@bp.before_request
def _require_login():
    if request.endpoint not in PUBLIC_ENDPOINTS and not current_user.is_authenticated:
        return redirect(url_for("organiser.login", next=request.full_path))
    return None


from contest.web.organiser import agencies, auth, banks, console, contests, participation  # noqa: E402,F401
