from __future__ import annotations

from flask import jsonify, request

from contest.api import bp
from contest.api.auth import token_required
from contest.api.banks import xlsx_response
from contest.api.request_data import uploaded_file
from contest.extensions import limiter
from contest.i18n import current_lang
from contest.services import agencies
import question_bank as qb


@bp.post("/agencies/import")
@token_required
def import_agencies():
    return agencies.import_roster(uploaded_file(), current_lang()), 201


@bp.get("/agencies")
@token_required
def list_agencies():
    return jsonify(agencies.list_agencies())


@bp.get("/agencies/template.xlsx")
@token_required
def roster_template():
    return xlsx_response(qb.build_roster_template(), "mau-danh-sach-don-vi.xlsx")


@bp.get("/agencies/search")
@limiter.limit("120/minute")
def search_agencies():
    """Public: the join page's agency picker (names only, no personal data)."""
    return jsonify(agencies.search_agencies(request.args.get("q", ""), limit=20))
