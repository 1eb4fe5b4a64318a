"""Participation in a round by agency, against headcount: who to call while the window is
open; agencies over their headcount, duplicates to merge, entries to remove, officials who
rejoined from another device. And the results workbook, for any round."""
from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from contest.api.banks import xlsx_response
from contest.errors import DomainError
from contest.i18n import current_lang
from contest.services import access, audit, leaderboard, papers, participant_admin
from contest.services.agency_stats import agencies_over_headcount
from contest.services.clock import now_ms
from contest.services.results_sheets import local_time, prize_count, results_workbook
from contest.web.organiser import actor, bp
from contest.web.organiser.forms import ActionForm

DEFAULT_THRESHOLD = 50.0  # per cent


def _threshold() -> float:
    """The participation rate (per cent) below which an agency is listed; 50 unless asked."""
    raw = request.args.get("threshold", "").strip().replace(",", ".")
    if not raw:
        return DEFAULT_THRESHOLD
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 100:
        flash(_("Ngưỡng tỷ lệ tham gia cần là một số từ 0 đến 100."), "error")
        return DEFAULT_THRESHOLD
    return value


@bp.get("/rounds/<int:round_id>/participation")
def round_participation(round_id: int):
    round_ = access.round_for(current_user, round_id)
    threshold = _threshold()
    query = request.args.get("q", "").strip()[:100]
    return render_template(
        "organiser/participation.html", round=round_, contest=round_.contest, threshold=threshold,
        counts=papers.counts(round_id, now_ms()), tree=leaderboard.agency_table(round_id),
        below=leaderboard.agencies_below_rate(round_id, threshold / 100),
        opens=local_time(round_.opens_at_ms), closes=local_time(round_.closes_at_ms),
        over=agencies_over_headcount(round_id), duplicates=participant_admin.duplicates(round_id),
        rejoined=participant_admin.rejoined(round_id), removed=participant_admin.removed(round_id),
        query=query, found=participant_admin.search(round_id, query) if query else None,
        can_change=access.can_control(current_user.id, round_id), action=ActionForm(),
        local_time=local_time)


def _forget_at_door(participant_ids: list[int]) -> None:
    """A removed entry's next connect to this process checks the database again."""
    for participant_id in participant_ids:
        current_app.extensions["contest_door"].forget(participant_id)


@bp.post("/rounds/<int:round_id>/participants/<any(remove, restore, merge):change>")
def participant_change(round_id: int, change: str):
    """remove / restore ``participant_id``; merge ``merge`` (ids) into ``keep``."""
    access.round_for(current_user, round_id, change=True)
    back = url_for("organiser.round_participation", round_id=round_id, q=request.form.get("q") or None)
    if not ActionForm().validate_on_submit():
        return redirect(back)
    try:
        if change == "merge":
            ids = [int(v) for v in request.form.getlist("merge") if v.isdigit()]
            keep = participant_admin.merge(round_id, request.form.get("keep", type=int), ids, now_ms(), actor())
            _forget_at_door(ids)
            flash(_("Đã gộp %(n)d lượt đăng ký vào %(name)s.", n=len(ids), name=keep.name), "success")
        elif change == "remove":
            gone = participant_admin.remove(round_id, request.form.get("participant_id", type=int), now_ms(), actor())
            _forget_at_door([gone.id])
            flash(_("Đã loại %(name)s khỏi vòng thi.", name=gone.name), "success")
        else:
            back_in = participant_admin.restore(round_id, request.form.get("participant_id", type=int), actor())
            flash(_("Đã khôi phục %(name)s.", name=back_in.name), "success")
    except DomainError as exc:
        flash(exc.message(current_lang()), "error")
    return redirect(back)


@bp.get("/rounds/<int:round_id>/results.xlsx")
def round_results_download(round_id: int):
    access.round_for(current_user, round_id)
    top = prize_count(request.args.get("top", type=int))
    workbook = results_workbook(round_id, top)
    audit.record("results_exported", actor(), f"round {round_id}", via="web")
    return xlsx_response(workbook, f"ket-qua-vong-thi-{round_id}.xlsx")
