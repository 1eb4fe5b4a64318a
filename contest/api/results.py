"""The results workbook of a round: PROTOCOL.md §1, GET /rounds/<id>/results.xlsx."""
from __future__ import annotations

from flask import g, request

from contest.api import bp
from contest.api.auth import actor, token_required
from contest.api.banks import xlsx_response
from contest.services import access, audit
from contest.services.results_sheets import prize_count, results_workbook


@bp.get("/rounds/<int:round_id>/results.xlsx")
@token_required
def round_results_workbook(round_id: int):
    """``?top=N``: how many places the Prizes sheet lists (default 10)."""
    access.round_for(g.organiser, round_id)
    top = prize_count(request.args.get("top", type=int))
    workbook = results_workbook(round_id, top)
    audit.record("results_exported", actor(), f"round {round_id}", via="api")
    return xlsx_response(workbook, f"ket-qua-vong-thi-{round_id}.xlsx")
