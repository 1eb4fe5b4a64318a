from __future__ import annotations

import time

from flask import current_app, g, jsonify, request

import question_bank as qb
from contest.api import bp
from contest.api.auth import actor, token_required
from contest.api.banks import xlsx_response
from contest.api.request_data import json_body, uploaded_file
from contest.extensions import limiter
from contest.i18n import current_lang
from contest.services import access, agencies

SEARCH_TTL_S = 60        # a roster import is seen by the join page within a minute
SEARCH_CACHE_SIZE = 5000
_search_cache: dict[str, tuple[float, list]] = {}


@bp.post("/agencies/import")
@token_required
def import_agencies():
    """The agency tree is the province's, shared by every contest: admins import it."""
    access.require_admin(g.organiser)
    counts = agencies.import_roster(uploaded_file(), current_lang(), actor())
    _search_cache.clear()
    return counts, 201


@bp.get("/agencies")
@token_required
def list_agencies():
    return jsonify(agencies.list_agencies())


@bp.get("/agencies/template.xlsx")
@token_required
def roster_template():
    return xlsx_response(qb.build_roster_template(), "mau-danh-sach-don-vi.xlsx")


@bp.post("/agencies/pin-slips")
@token_required
def pin_slips():
    """``{"agency_code"?, "reissue"?: bool}``: the PIN slips workbook (admins only)."""
    access.require_admin(g.organiser)
    body = json_body()
    code = body.get("agency_code") if isinstance(body.get("agency_code"), str) else None
    workbook, _ = agencies.issue_pin_slips(code, body.get("reissue") is True, public_base(), actor())
    return xlsx_response(workbook, f"phieu-pin-{code or 'tat-ca'}.xlsx")


def public_base() -> str:
    """Where phones reach the server: PUBLIC_URL, else the address of this request."""
    return current_app.config.get("PUBLIC_URL") or request.host_url


def _search_limit() -> str:
    return f"{current_app.config['SEARCH_LIMIT']}/minute"


@bp.get("/agencies/search")
@limiter.limit(_search_limit)
def search_agencies():
    """Public: the join page's agency picker (names only, no personal data). A hall types
    the same few prefixes: answers are kept a minute, so a search is a dictionary lookup."""
    query = request.args.get("q", "")[:100]
    key = " ".join(query.casefold().split())
    now = time.monotonic()
    hit = _search_cache.get(key)
    if hit is None or hit[0] < now:
        if len(_search_cache) >= SEARCH_CACHE_SIZE:
            _search_cache.clear()
        hit = (now + SEARCH_TTL_S, agencies.search_agencies(query, limit=20))
        _search_cache[key] = hit
    response = jsonify(hit[1])
    response.headers["Cache-Control"] = f"public, max-age={SEARCH_TTL_S}"
    return response
