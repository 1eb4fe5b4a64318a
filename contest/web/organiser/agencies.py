from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

import question_bank as qb
from contest.api.banks import xlsx_response
from contest.i18n import current_lang
from contest.services import agencies
from contest.web.organiser import bp
from contest.web.organiser.forms import RosterUploadForm


@bp.route("/agencies", methods=["GET", "POST"])
def agency_list():
    form = RosterUploadForm()
    problems = None
    if form.validate_on_submit():
        try:
            counts = agencies.import_roster(form.file.data.read(), current_lang())
            flash(_("Đã nhập %(agencies)d cơ quan, đơn vị và %(officials)d cán bộ.", **counts),
                  "success")
            return redirect(url_for("organiser.agency_list"))
        except qb.WorkbookInvalid as exc:
            problems = exc.problems
    return render_template("organiser/agencies.html", form=form, problems=problems,
                           tree=agencies.agency_tree())


@bp.get("/agencies/template.xlsx")
def roster_template():
    return xlsx_response(qb.build_roster_template(), "mau-danh-sach-don-vi.xlsx")
