from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

import question_bank as qb
from contest.errors import DomainError
from contest.i18n import current_lang
from contest.services import access, audit, banks, contests
from contest.web.organiser import actor, bp
from contest.web.organiser.forms import (
    LOCAL_TZ,
    OTHER_MODE_FIELDS,
    QUOTA_LEVELS,
    QUOTA_TOPICS,
    ActionForm,
    ContestForm,
    RoundForm,
    quota_name,
)


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


# The settings' field names (PROTOCOL.md) where the form's differ.
FORM_FIELDS = {"opens_at_ms": "opens_at", "closes_at_ms": "closes_at"}


def _round_body(form: RoundForm) -> dict:
    """The round settings of the API; the other mode's fields are left out, so a value typed
    there before switching mode does nothing."""
    skipped = OTHER_MODE_FIELDS.get(form.mode.data, ())
    body = {name: form[name].data for name in (
        "title", "mode", "bank_id", "question_count", "scoring", "registration",
        "seconds_per_question", "advance", "duration_seconds", "max_attempts", "score_min_answered")
        if name not in skipped}
    if form.mode.data == "self_paced":
        body["opens_at_ms"] = _to_ms(form.opens_at.data)
        body["closes_at_ms"] = _to_ms(form.closes_at.data)
    body["quotas"] = form.quotas() or None
    return {k: v for k, v in body.items() if v is not None}


def _show_at_field(form: RoundForm, exc: DomainError) -> bool:
    """Puts the refusal under the field it is about; False when it names no field of the form."""
    message = exc.message(current_lang())
    name = FORM_FIELDS.get(exc.extra.get("field"), exc.extra.get("field"))
    if name == "quotas":
        form.quota_errors.append(message)
        quota = getattr(exc.detail, "quota", None)
        if isinstance(exc.detail, qb.NotEnoughQuestions) and quota is not None:
            cell = quota_name(QUOTA_TOPICS.index(quota.get("topic")), quota.get("difficulty") or 0)
            form[cell].errors = [*form[cell].errors, _("Không đủ câu hỏi.")]
        return True
    if name in form and name != "submit":
        form[name].errors = [*form[name].errors, message]
        return True
    return False


@bp.route("/contests/<int:contest_id>", methods=["GET", "POST"])
def contest_detail(contest_id: int):
    contest = access.contest_for(current_user, contest_id)
    form = _round_form()
    form.quota_errors = []
    if form.validate_on_submit():
        access.contest_for(current_user, contest_id, change=True)
        try:
            round_ = contests.create_round(contest_id, _round_body(form), organiser=current_user)
            flash(_("Đã tạo vòng thi, mã tham gia %(code)s.", code=round_.join_code), "success")
            return redirect(url_for("organiser.contest_detail", contest_id=contest_id))
        except DomainError as exc:
            if not _show_at_field(form, exc):
                flash(exc.message(current_lang()), "error")
    return render_template("organiser/contest.html", contest=contest, form=form, action=ActionForm(),
                           quota_topics=QUOTA_TOPICS, quota_levels=QUOTA_LEVELS,
                           difficulties=qb.DIFFICULTIES,
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
