from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

import question_bank as qb
from contest.api.banks import xlsx_response
from contest.i18n import current_lang
from contest.services import access, audit, bank_quality, banks
from contest.web.organiser import actor, bp
from contest.web.organiser.bank_shares import share_form
from contest.web.organiser.forms import BankUploadForm

PREVIEW_ROWS = 50


def _upload_form() -> BankUploadForm:
    form = BankUploadForm()
    form.bank_id.choices = [(0, _("Một ngân hàng mới"))] + [
        (b["bank_id"], f'{b["name"]} ({b["count"]})') for b in _visible()
    ]
    return form


def _visible() -> list[dict]:
    return banks.list_banks(access.visible_bank_ids(current_user))


@bp.route("/banks", methods=["GET", "POST"])
def bank_list():
    form = _upload_form()
    problems, checked = None, None
    if form.validate_on_submit():
        access.require_editor(current_user)
        data = form.file.data.read()
        target = form.bank_id.data or None
        if target:
            access.bank_for(current_user, target, change=True)
        try:
            if form.preview.data:
                checked = banks.validate_workbook(data, target, current_lang())
            else:
                bank_id, count = banks.import_workbook(
                    data, form.name.data or form.file.data.filename, current_user.id, target,
                    current_lang())
                audit.record("bank_imported", actor(), f"bank {bank_id}", questions=count)
                flash(_("Đã nhập %(count)d câu hỏi.", count=count), "success")
                return redirect(url_for("organiser.bank_detail", bank_id=bank_id))
        except qb.WorkbookInvalid as exc:
            problems = exc.problems
    return render_template("organiser/banks.html", form=form, banks=_visible(),
                           problems=problems, checked=checked, preview_rows=PREVIEW_ROWS,
                           letters=qb.OPTION_LETTERS, difficulties=qb.DIFFICULTIES)


@bp.get("/banks/<int:bank_id>")
def bank_detail(bank_id: int):
    bank = access.bank_for(current_user, bank_id)
    return render_template("organiser/bank_detail.html", bank=banks.describe_bank(bank_id),
                           rows=banks.bank_rows(bank_id),
                           documents=banks.bank_documents(banks.get_bank(bank_id)),
                           letters=qb.OPTION_LETTERS, difficulties=qb.DIFFICULTIES, **share_form(bank))


@bp.get("/banks/<int:bank_id>/quality")
def bank_quality_page(bank_id: int):
    access.bank_for(current_user, bank_id)
    return render_template("organiser/bank_quality.html",
                           quality=bank_quality.bank_quality(bank_id, lang=current_lang()),
                           expiring_days=bank_quality.EXPIRING_DAYS, min_asked=bank_quality.MIN_ASKED)


@bp.get("/banks/template.xlsx")
def bank_template():
    return xlsx_response(qb.build_template(), "mau-ngan-hang-cau-hoi.xlsx")


@bp.get("/banks/<int:bank_id>/export.xlsx")
def bank_export(bank_id: int):
    access.bank_for(current_user, bank_id)
    workbook = banks.export_workbook(bank_id)
    audit.record("bank_exported", actor(), f"bank {bank_id}")
    return xlsx_response(workbook, f"ngan-hang-{bank_id}.xlsx")
