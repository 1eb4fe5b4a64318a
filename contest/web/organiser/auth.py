from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from contest.errors import DomainError
from contest.extensions import db
from contest.i18n import current_lang
from contest.models import Organiser
from contest.security import throttle
from contest.services import audit, organisers
from contest.services.audit import Actor
from contest.services.results_sheets import local_time
from contest.web.organiser import SESSION_KEY, actor, bp
from contest.web.organiser.forms import ActionForm, LoginForm, LogoutForm, TokenForm


def _safe_next(target: str | None) -> str:
    """Only a local path: never bounce a fresh login to another site."""
    if target and urlsplit(target).netloc == "" and target.startswith("/"):
        return target
    return url_for("organiser.dashboard")


def login_rules() -> organisers.LoginRules:
    return organisers.LoginRules(per_address=current_app.config["LOGIN_LIMIT"])


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("organiser.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            organiser = organisers.authenticate(form.name.data, form.password.data, request.remote_addr,
                                                throttle(current_app), login_rules())
        except DomainError as exc:  # rate_limited: say how long to wait
            flash(exc.message(current_lang()), "error")
            response = current_app.make_response((render_template("organiser/login.html", form=form), 429))
            response.headers["Retry-After"] = str(exc.extra.get("retry_after", 60))
            return response
        if organiser:
            return _signed_in(organiser)
        _failed(form.name.data)
        flash(_("Sai tên đăng nhập hoặc mật khẩu."), "error")
    return render_template("organiser/login.html", form=form)


def _signed_in(organiser: Organiser):
    organisers.end_session(session.get(SESSION_KEY))  # a sign-in over another one replaces it
    session[SESSION_KEY] = organisers.start_session(organiser.id, request.remote_addr)
    login_user(organiser)
    audit.record("login", actor())
    return redirect(_safe_next(request.args.get("next")))


def _failed(name: str) -> None:
    """Logged under the account's name only when it exists: a name typed into the wrong
    field may be someone's password."""
    known = db.session.scalar(sa.select(Organiser).where(Organiser.name == (name or "").strip()))
    audit.record("login_failed", Actor(known.id if known else None, known.name if known else None,
                                       request.remote_addr))


@bp.post("/logout")
def logout():
    if LogoutForm().validate_on_submit():
        audit.record("logout", actor())
        organisers.end_session(session.get(SESSION_KEY))
        logout_user()
        session.pop(SESSION_KEY, None)
    return redirect(url_for("organiser.login"))


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    """The organiser's API tokens: create (shown once), list with last use, revoke."""
    form = TokenForm()
    token = None
    if form.validate_on_submit():
        token = organisers.issue_token(current_user.id, label=form.label.data or "web", days=form.days.data)
        audit.record("token_issued", actor(), None, label=form.label.data or "web", days=form.days.data)
    return render_template("organiser/tokens.html", form=form, token=token, action=ActionForm(),
                           tokens=organisers.list_tokens(current_user.id), local_time=local_time)


@bp.post("/tokens/<int:token_id>/revoke")
def token_revoke(token_id: int):
    if ActionForm().validate_on_submit():
        organisers.revoke_token(current_user.id, token_id)
        audit.record("token_revoked", actor(), f"token {token_id}")
        flash(_("Đã thu hồi mã truy cập."), "success")
    return redirect(url_for("organiser.tokens"))
