"""The display screen of a contest, for halls and agencies: `/display/<display_token>`.

The token in the address is the screen's only credential (read-only). The page itself is
static; everything it shows arrives on the `/display` Socket.IO namespace.
"""
from __future__ import annotations

import io
from urllib.parse import urlsplit

import segno
import sqlalchemy as sa
from flask import Blueprint, Response, abort, current_app, render_template, request

from contest.extensions import db
from contest.models import Agency, Contest, Round
from contest.services.contests import contest_for_display
from contest.services.screens import current_round_id, round_info

bp = Blueprint("display", __name__, url_prefix="/display")


def _contest_or_404(token: str) -> Contest:
    contest = contest_for_display(token)
    if contest is None:
        abort(Response(render_template("display/missing.html"), status=404))
    return contest


def _agency_or_404(code: str | None) -> Agency | None:
    if not code:
        return None
    agency = db.session.scalar(sa.select(Agency).where(Agency.code == code))
    if agency is None:
        abort(Response(render_template("display/missing.html", agency=code), status=404))
    return agency


def join_base() -> str:
    """Where phones reach the server: PUBLIC_URL when the hall's address differs from the
    one the screen was opened with (a projector laptop often opens localhost)."""
    return (current_app.config.get("PUBLIC_URL") or request.host_url).rstrip("/")


@bp.get("/<token>")
def screen(token: str):
    contest = _contest_or_404(token)
    agency = _agency_or_404(request.args.get("agency"))
    pinned = request.args.get("round", type=int)
    round_id = current_round_id(contest.id, pinned)
    if pinned is not None and round_id is None:
        abort(404)
    info = round_info(round_id) if round_id else None
    base = join_base()
    return render_template("display/screen.html", contest=contest, agency=agency, info=info, pinned=pinned,
                           token=token, join_base=base, join_base_is_local=_is_loopback(base))


def _is_loopback(url: str) -> bool:
    """A QR code of 127.0.0.1 opens nothing on a phone: the screen says so to the organiser."""
    host = urlsplit(url).hostname or ""
    return host == "localhost" or host.startswith("127.") or host == "::1"


@bp.get("/<token>/qr.svg")
def join_qr(token: str):
    """The QR code of a round's join link, as a scalable SVG."""
    contest = _contest_or_404(token)
    round_id = request.args.get("round", type=int) or current_round_id(contest.id)
    round_ = db.session.get(Round, round_id) if round_id else None
    if round_ is None or round_.contest_id != contest.id:
        abort(404)
    return Response(qr_svg(f"{join_base()}/join/{round_.join_code}"), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-cache"})


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", border=2, omitsize=True, dark="#000", light="#fff", xmldecl=False)
    # crisp edges: no hairline seams between modules when a projector scales it up
    return buffer.getvalue().decode().replace("<svg ", '<svg shape-rendering="crispEdges" ', 1)
