from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.errors import DomainError
from contest.i18n import current_lang
from contest.services import banks, contests
from contest.web.organiser import bp
from contest.web.organiser.forms import ContestForm, RoundForm

# Organisers type local times; the server keeps epoch milliseconds.
LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@bp.get("/")
def dashboard():
    return render_template("organiser/dashboard.html", contests=contests.list_contests(),
                           banks=banks.list_banks(), form=ContestForm())


@bp.post("/contests")
def contest_create():
    form = ContestForm()
    if form.validate_on_submit():
        contest = contests.create_contest(form.title.data, current_user.id)
        return redirect(url_for("organiser.contest_detail", contest_id=contest.id))
    flash(_("Cần nhập tên cuộc thi."), "error")
    return redirect(url_for("organiser.dashboard"))


def _round_form() -> RoundForm:
    form = RoundForm()
    form.bank_id.choices = [(b["bank_id"], f'{b["name"]} ({b["count"]})') for b in banks.list_banks()]
    return form


def _to_ms(moment: datetime | None) -> int | None:
    return None if moment is None else int(moment.replace(tzinfo=LOCAL_TZ).timestamp() * 1000)


def _round_body(form: RoundForm) -> dict:
    body = {name: form[name].data for name in (
        "title", "mode", "bank_id", "question_count", "scoring", "registration",
        "seconds_per_question", "advance", "duration_seconds", "max_attempts")}
    body["opens_at_ms"] = _to_ms(form.opens_at.data)
    body["closes_at_ms"] = _to_ms(form.closes_at.data)
    return {k: v for k, v in body.items() if v is not None}


@bp.route("/contests/<int:contest_id>", methods=["GET", "POST"])
def contest_detail(contest_id: int):
    contest = contests.get_contest(contest_id)
    form = _round_form()
    if form.validate_on_submit():
        try:
            round_ = contests.create_round(contest_id, _round_body(form))
            flash(_("Đã tạo vòng thi, mã tham gia %(code)s.", code=round_.join_code), "success")
            return redirect(url_for("organiser.contest_detail", contest_id=contest_id))
        except DomainError as exc:
            flash(exc.message(current_lang()), "error")
    return render_template("organiser/contest.html", contest=contest, form=form)
