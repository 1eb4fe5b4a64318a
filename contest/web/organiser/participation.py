"""Participation in a round by agency, against headcount: who to call while the window is
open. And the results workbook, for any round."""
from __future__ import annotations

from flask import flash, render_template, request
from flask_babel import gettext as _

from contest.api.banks import xlsx_response
from contest.services import leaderboard, papers
from contest.services.clock import now_ms
from contest.services.contests import get_round
from contest.services.results_sheets import local_time, prize_count, results_workbook
from contest.web.organiser import bp

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
    round_ = get_round(round_id)
    threshold = _threshold()
    return render_template(
        "organiser/participation.html", round=round_, contest=round_.contest, threshold=threshold,
        counts=papers.counts(round_id, now_ms()), tree=leaderboard.agency_table(round_id),
        below=leaderboard.agencies_below_rate(round_id, threshold / 100),
        opens=local_time(round_.opens_at_ms), closes=local_time(round_.closes_at_ms))


@bp.get("/rounds/<int:round_id>/results.xlsx")
def round_results_download(round_id: int):
    get_round(round_id)
    top = prize_count(request.args.get("top", type=int))
    return xlsx_response(results_workbook(round_id, top), f"ket-qua-vong-thi-{round_id}.xlsx")
