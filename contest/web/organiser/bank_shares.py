"""Sharing a question bank with another organiser (read it, draw rounds from it)."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.errors import DomainError
from contest.i18n import current_lang
from contest.models import QuestionBank
from contest.services import access, audit, organisers
from contest.web.organiser import actor, bp
from contest.web.organiser.forms import ActionForm, ShareForm


def share_form(bank: QuestionBank) -> dict:
    """What the bank page needs to show and change its shares (its owner or an admin)."""
    owner = current_user.role == access.ADMIN or bank.organiser_id == current_user.id
    shared = access.bank_shares(bank.id)
    form = None
    if owner:
        form = ShareForm()
        taken = {o.id for o in shared} | {bank.organiser_id}
        form.organiser.choices = [(o.name, o.name) for o in organisers.list_organisers()
                                  if o.role == access.ORGANISER and o.id not in taken]
    return {"shared": shared, "share": form, "unshare": ActionForm(), "owner": owner}


@bp.post("/banks/<int:bank_id>/shares")
def bank_share(bank_id: int):
    if ActionForm().validate_on_submit():
        try:
            other = access.share_bank(current_user, bank_id, request.form.get("organiser", ""))
            audit.record("bank_shared", actor(), f"bank {bank_id}", organiser=other.name)
            flash(_("Đã chia sẻ ngân hàng câu hỏi với %(name)s.", name=other.name), "success")
        except DomainError as exc:
            if exc.code == "not_found" and exc.extra.get("field") == "bank_id":
                raise
            flash(exc.message(current_lang()), "error")
    return redirect(url_for("organiser.bank_detail", bank_id=bank_id))


@bp.post("/banks/<int:bank_id>/shares/<int:organiser_id>/delete")
def bank_unshare(bank_id: int, organiser_id: int):
    if ActionForm().validate_on_submit():
        access.unshare_bank(current_user, bank_id, organiser_id)
        audit.record("bank_unshared", actor(), f"bank {bank_id}", organiser_id=organiser_id)
        flash(_("Đã thôi chia sẻ."), "success")
    return redirect(url_for("organiser.bank_detail", bank_id=bank_id))
