from __future__ import annotations

from flask import g, jsonify, request, send_file
import io

from contest.api import bp
from contest.api.auth import token_required
from contest.api.request_data import uploaded_file
from contest.i18n import current_lang
from contest.services import banks
import question_bank as qb

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str):
    return send_file(io.BytesIO(data), mimetype=XLSX, as_attachment=True, download_name=filename)


@bp.post("/question-banks")
@token_required
def import_bank():
    data = uploaded_file()
    target = request.form.get("bank_id", type=int)
    if request.args.get("dry_run") in ("1", "true"):
        checked = banks.validate_workbook(data, target, current_lang())
        return jsonify({"valid": True, "count": len(checked.questions),
                        "documents": len(checked.documents),
                        "warnings": [warning.as_dict() for warning in checked.warnings]})
    bank_id, imported = banks.import_workbook(
        data, request.form.get("name", ""), g.organiser.id, target, current_lang()
    )
    return jsonify({"bank_id": bank_id, "imported": imported}), 201


@bp.get("/question-banks")
@token_required
def list_banks():
    return jsonify(banks.list_banks())


@bp.get("/question-banks/template.xlsx")
@token_required
def bank_template():
    return xlsx_response(qb.build_template(), "mau-ngan-hang-cau-hoi.xlsx")


@bp.get("/question-banks/<int:bank_id>")
@token_required
def describe_bank(bank_id: int):
    return jsonify(banks.describe_bank(bank_id))


@bp.get("/question-banks/<int:bank_id>/export.xlsx")
@token_required
def export_bank(bank_id: int):
    return xlsx_response(banks.export_workbook(bank_id), f"ngan-hang-{bank_id}.xlsx")
