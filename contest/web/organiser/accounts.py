"""Accounts and the audit log: administrators only."""
from __future__ import annotations

import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.errors import DomainError
from contest.i18n import current_lang
from contest.models import ROLES
from contest.services import access, audit, organisers
from contest.services.results_sheets import local_time
from contest.web.organiser import actor, bp
from contest.web.organiser.forms import AccountForm, ActionForm


def _admin_only() -> None:
    if current_user.role != access.ADMIN:
        abort(404)  # as a page that does not exist: an organiser need not know of it


@bp.route("/accounts", methods=["GET", "POST"])
def accounts():
    _admin_only()
    form = AccountForm()
    shown = None  # a new password, shown this once
    if form.validate_on_submit():
        password = secrets.token_urlsafe(12)
        try:
            created = organisers.create_organiser(form.name.data, password, form.role.data)
            audit.record("account_created", actor(), f"organiser {created.id}", name=created.name,
                         role=created.role)
            shown = (created.name, password)
        except DomainError as exc:
            flash(exc.message(current_lang()), "error")
    return render_template("organiser/accounts.html", form=form, action=ActionForm(), shown=shown,
                           accounts=organisers.list_organisers(), roles=ROLES)


@bp.post("/accounts/<int:organiser_id>/<any(role, enable, disable, password):change>")
def account_change(organiser_id: int, change: str):
    _admin_only()
    if not ActionForm().validate_on_submit():
        return redirect(url_for("organiser.accounts"))
    shown = None
    try:
        if change == "role":
            account = organisers.set_role(organiser_id, request.form.get("role", ""))
        elif change == "password":
            password = organisers.reset_password(organiser_id)
            account = organisers.get_organiser(organiser_id)
            shown = (account.name, password)
        else:
            account = organisers.set_active(organiser_id, change == "enable")
        audit.record("account_changed", actor(), f"organiser {organiser_id}", change=change,
                     role=account.role, active=account.active)
    except DomainError as exc:
        flash(exc.message(current_lang()), "error")
        return redirect(url_for("organiser.accounts"))
    if shown is None:
        flash(_("Đã cập nhật tài khoản %(name)s.", name=account.name), "success")
        return redirect(url_for("organiser.accounts"))
    return render_template("organiser/accounts.html", form=AccountForm(), action=ActionForm(),
                           shown=shown, accounts=organisers.list_organisers(), roles=ROLES)


@bp.get("/audit")
def audit_log():
    _admin_only()
    action = request.args.get("action") or None
    before = request.args.get("before", type=int)
    events = audit.events(action if action in audit.ACTIONS else None, before)
    return render_template("organiser/audit.html", events=events, actions=audit.ACTIONS, action=action,
                           local_time=local_time, page=audit.PAGE)
