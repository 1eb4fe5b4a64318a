from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.errors import DomainError
from contest.i18n import current_lang
from contest.services import access, audit, banks, contests
from contest.web.organiser import actor, bp
from contest.web.organiser.forms import ActionForm, ContestForm, RoundForm

# Organisers type local times; the server keeps epoch milliseconds.
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _visible_banks() -> list[dict]:
    return banks.list_banks(access.visible_bank_ids(current_user))


@bp.get("/")
def dashboard():
    return render_template("organiser/dashboard.html", contests=contests.list_contests(current_user),
                           banks=_visible_banks(), form=ContestForm(),
                           can_create=current_user.role != access.VIEWER)


@bp.post("/contests")
def contest_create():
    access.require_editor(current_user)
    form = ContestForm()
    if form.validate_on_submit():
        contest = contests.create_contest(form.title.data, current_user.id)
        return redirect(url_for("organiser.contest_detail", contest_id=contest.id))
    flash(_("Cần nhập tên cuộc thi."), "error")
    return redirect(url_for("organiser.dashboard"))


def _round_form() -> RoundForm:
    form = RoundForm()
    form.bank_id.choices = [(b["bank_id"], f'{b["name"]} ({b["count"]})') for b in _visible_banks()]
    return form


def _to_ms(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.replace(tzinfo=LOCAL_TZ).timestamp() * 1000)


def _round_body(form: RoundForm) -> dict:
    body = {name: form[name].data for name in (
        "title", "mode", "bank_id", "question_count", "scoring", "registration",
        "seconds_per_question", "advance", "duration_seconds", "max_attempts", "score_min_answered")}
    body["opens_at_ms"] = _to_ms(form.opens_at.data)
    body["closes_at_ms"] = _to_ms(form.closes_at.data)
    return {k: v for k, v in body.items() if v is not None}


@bp.route("/contests/<int:contest_id>", methods=["GET", "POST"])
def contest_detail(contest_id: int):
    contest = access.contest_for(current_user, contest_id)
    form = _round_form()
    if form.validate_on_submit():
        access.contest_for(current_user, contest_id, change=True)
        try:
            round_ = contests.create_round(contest_id, _round_body(form), organiser=current_user)
            flash(_("Đã tạo vòng thi, mã tham gia %(code)s.", code=round_.join_code), "success")
            return redirect(url_for("organiser.contest_detail", contest_id=contest_id))
        except DomainError as exc:
            flash(exc.message(current_lang()), "error")
    return render_template("organiser/contest.html", contest=contest, form=form, action=ActionForm(),
                           can_change=current_user.role == access.ADMIN or (
                               current_user.role == access.ORGANISER and contest.organiser_id == current_user.id))


@bp.post("/contests/<int:contest_id>/display-token")
def contest_display_token(contest_id: int):
    """A new address for the screens: the old one stops at the screens' next reconnect."""
    access.contest_for(current_user, contest_id, change=True)
    if ActionForm().validate_on_submit():
        contests.rotate_display_token(contest_id)
        audit.record("display_token_rotated", actor(), f"contest {contest_id}")
        flash(_("Đã đổi địa chỉ màn hình trình chiếu: mở lại các màn hình bằng địa chỉ mới."), "success")
    return redirect(url_for("organiser.contest_detail", contest_id=contest_id))
