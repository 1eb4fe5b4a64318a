from __future__ import annotations

import io

from flask import g, jsonify, request, send_file

import question_bank as qb
from contest.api import bp
from contest.api.auth import actor, token_required
from contest.api.request_data import uploaded_file
from contest.i18n import current_lang
from contest.services import access, audit, banks

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str):
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=filename)


@bp.post("/question-banks")
@token_required
def import_bank():
    access.require_editor(g.organiser)
    data = uploaded_file()
    target = request.form.get("bank_id", type=int)
    if target is not None:  # adding to a bank: its owner (or an admin) only
        access.bank_for(g.organiser, target, change=True)
    if request.args.get("dry_run") in ("1", "true"):
        checked = banks.validate_workbook(data, target, current_lang())
        return jsonify({"valid": True, "count": len(checked.questions),
                        "documents": len(checked.documents),
                        "warnings": [warning.as_dict() for warning in checked.warnings]})
    bank_id, imported = banks.import_workbook(
        data, request.form.get("name", ""), g.organiser.id, target, current_lang()
    )
    audit.record("bank_imported", actor(), f"bank {bank_id}", questions=imported)
    return jsonify({"bank_id": bank_id, "imported": imported}), 201


@bp.get("/question-banks")
@token_required
def list_banks():
    return jsonify(banks.list_banks(access.visible_bank_ids(g.organiser)))


@bp.get("/question-banks/template.xlsx")
@token_required
def bank_template():
    return xlsx_response(qb.build_template(), "mau-ngan-hang-cau-hoi.xlsx")


@bp.get("/question-banks/<int:bank_id>")
@token_required
def describe_bank(bank_id: int):
    access.bank_for(g.organiser, bank_id)
    return jsonify(banks.describe_bank(bank_id))


@bp.get("/question-banks/<int:bank_id>/export.xlsx")
@token_required
def export_bank(bank_id: int):
    access.bank_for(g.organiser, bank_id)
    workbook = banks.export_workbook(bank_id)
    audit.record("bank_exported", actor(), f"bank {bank_id}")
    return xlsx_response(workbook, f"ngan-hang-{bank_id}.xlsx")


@bp.post("/question-banks/<int:bank_id>/shares")
@token_required
def share_bank(bank_id: int):
    """``{"organiser": NAME}``: that organiser may read the bank and draw rounds from it."""
    from contest.api.request_data import json_body

    other = access.share_bank(g.organiser, bank_id, str(json_body().get("organiser") or ""))
    audit.record("bank_shared", actor(), f"bank {bank_id}", organiser=other.name)
    return jsonify({"bank_id": bank_id, "shared_with": [o.name for o in access.bank_shares(bank_id)]})


@bp.delete("/question-banks/<int:bank_id>/shares/<int:organiser_id>")
@token_required
def unshare_bank(bank_id: int, organiser_id: int):
    access.unshare_bank(g.organiser, bank_id, organiser_id)
    audit.record("bank_unshared", actor(), f"bank {bank_id}", organiser_id=organiser_id)
    return jsonify({"bank_id": bank_id, "shared_with": [o.name for o in access.bank_shares(bank_id)]})
