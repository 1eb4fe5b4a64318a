"""Every API failure is the error object of PROTOCOL.md; an unexpected one is internal_error."""
from __future__ import annotations

from flask import current_app, jsonify
from werkzeug.exceptions import HTTPException

import question_bank as qb
from contest.api import bp
from contest.errors import HTTP_STATUS, DomainError, error_from, error_object
from contest.i18n import current_lang

HTTP_CODES = {400: "bad_payload", 401: "unauthorized", 403: "forbidden", 404: "not_found",
              405: "bad_payload", 413: "payload_too_large", 429: "rate_limited",
              500: "internal_error"}


@bp.errorhandler(DomainError)
def _domain_error(exc: DomainError):
    response = jsonify(error_from(exc, current_lang()))
    if "retry_after" in exc.extra:
        response.headers["Retry-After"] = str(exc.extra["retry_after"])
    return response, HTTP_STATUS.get(exc.code, 400)


@bp.errorhandler(qb.WorkbookInvalid)
def _invalid_workbook(exc: qb.WorkbookInvalid):
    body = error_object("invalid_workbook", current_lang(),
                        errors=[p.as_dict() for p in exc.problems])
    return jsonify(body), 422


@bp.errorhandler(HTTPException)
def _http_error(exc: HTTPException):
    code = HTTP_CODES.get(exc.code or 400, "bad_payload")
    response = jsonify(error_object(code, current_lang()))
    if exc.code == 429 and exc.response is not None and "Retry-After" in exc.response.headers:
        response.headers["Retry-After"] = exc.response.headers["Retry-After"]
    return response, exc.code


@bp.errorhandler(Exception)
def _unexpected(exc: Exception):
    """A bug or a broken dependency: logged with its traceback, never called bad_payload."""
    current_app.logger.exception("unexpected error in the API")
    return jsonify(error_object("internal_error", current_lang())), 500
