from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

import question_bank as qb
from contest.api.agencies import public_base
from contest.api.banks import xlsx_response
from contest.errors import DomainError
from contest.i18n import current_lang
from contest.services import access, agencies
from contest.web.organiser import actor, bp
from contest.web.organiser.forms import PinSlipsForm, RosterUploadForm


def _slips_form() -> PinSlipsForm:
    form = PinSlipsForm()
    form.agency.choices = [("", _("Tất cả cơ quan, đơn vị"))] + [
        (a["code"], "— " * a["depth"] + a["name"]) for a in agencies.agency_tree() if a["depth"] <= 1]
    return form


@bp.route("/agencies", methods=["GET", "POST"])
def agency_list():
    form = RosterUploadForm()
    problems = None
    admin = current_user.role == access.ADMIN
    if form.validate_on_submit():
        access.require_admin(current_user)
        try:
            counts = agencies.import_roster(form.file.data.read(), current_lang(), actor())
            flash(_("Đã nhập %(agencies)d cơ quan, đơn vị và %(officials)d cán bộ.", **counts),
                  "success")
            if counts["pins_generated"]:
                flash(_("%(n)d cán bộ chưa có mã PIN: hệ thống đã tạo mã, hãy tải phiếu PIN để phát cho họ.",
                        n=counts["pins_generated"]), "success")
            return redirect(url_for("organiser.agency_list"))
        except qb.WorkbookInvalid as exc:
            problems = exc.problems
    return render_template("organiser/agencies.html", form=form, problems=problems,
                           tree=agencies.agency_tree(), admin=admin,
                           slips=_slips_form() if admin else None, pins=agencies.pin_summary())


@bp.post("/agencies/pin-slips")
def pin_slips():
    """PIN slips of one agency's officials (or all): new PINs for those nobody has seen,
    or for everyone with "reissue". Administrators only: a slip lets one play as its official."""
    if current_user.role != access.ADMIN:
        abort(404)
    form = _slips_form()
    if not form.validate_on_submit():
        return redirect(url_for("organiser.agency_list"))
    try:
        workbook, _count = agencies.issue_pin_slips(form.agency.data or None, form.reissue.data,
                                                    public_base(), actor())
    except DomainError as exc:
        flash(exc.message(current_lang()), "error")
        return redirect(url_for("organiser.agency_list"))
    return xlsx_response(workbook, f"phieu-pin-{form.agency.data or 'tat-ca'}.xlsx")


@bp.get("/agencies/template.xlsx")
def roster_template():
    return xlsx_response(qb.build_roster_template(), "mau-danh-sach-don-vi.xlsx")
