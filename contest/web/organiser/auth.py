from __future__ import annotations

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from contest.extensions import limiter
from contest.services import organisers
from contest.web.organiser import bp
from contest.web.organiser.forms import LoginForm, LogoutForm, TokenForm


def _safe_next(target: str | None) -> str:
    """Only a local path: never bounce a fresh login to another site."""
    if target and urlsplit(target).netloc == "" and target.startswith("/"):
        return target
    return url_for("organiser.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("10/minute", methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("organiser.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        organiser = organisers.authenticate(form.name.data, form.password.data)
        if organiser:
            login_user(organiser)
            return redirect(_safe_next(request.args.get("next")))
        flash(_("Sai tên đăng nhập hoặc mật khẩu."), "error")
    return render_template("organiser/login.html", form=form)


@bp.post("/logout")
def logout():
    if LogoutForm().validate_on_submit():
        logout_user()
    return redirect(url_for("organiser.login"))


@bp.route("/tokens", methods=["GET", "POST"])
def tokens():
    form = TokenForm()
    token = None
    if form.validate_on_submit():
        token = organisers.issue_token(current_user.id, label="web")
    return render_template("organiser/tokens.html", form=form, token=token)
