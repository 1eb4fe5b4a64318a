"""Reading request bodies strictly: anything malformed is bad_payload."""
from __future__ import annotations

from flask import request

from contest.errors import N_, DomainError


def json_body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise DomainError("bad_payload", N_("Cần một đối tượng JSON."))
    return body


def uploaded_file(field: str = "file") -> bytes:
    upload = request.files.get(field)
    if upload is None or not upload.filename:
        raise DomainError("bad_payload", N_("Thiếu tệp tải lên (trường “file”)."), field=field)
    return upload.read()
