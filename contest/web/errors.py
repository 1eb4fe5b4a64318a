"""Error pages for humans; the API answers with JSON on its own."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError

from contest.errors import HTTP_STATUS, N_, DomainError, error_from, error_object
from contest.i18n import current_lang


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


# HTTP status -> (error code for the API, reason shown on the page)
PAGE_ERRORS = {404: ("not_found", "not_found"), 413: ("payload_too_large", "too_large"),
               429: ("rate_limited", "rate_limited")}


def _page_error(status: int, code: str, reason: str):
    def handler(exc):
        if _wants_json():
            return jsonify(error_object(code, current_lang())), status
        return render_template("error.html", code=status, reason=reason), status
    return handler


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc):
        if _wants_json():
            # Flask-WTF's own description is English only
            stale = N_("Thiếu hoặc sai mã bảo vệ biểu mẫu (CSRF): hãy tải lại trang rồi gửi lại.")
            return jsonify(error_object("forbidden", current_lang(), stale)), 400
        return render_template("error.html", code=400, reason="csrf"), 400

    for status, (code, reason) in PAGE_ERRORS.items():
        app.register_error_handler(status, _page_error(status, code, reason))

    @app.errorhandler(500)
    def _internal(exc):  # an unexpected failure outside the API (which answers on its own)
        if _wants_json():
            return jsonify(error_object("internal_error", current_lang())), 500
        return render_template("error.html", code=500, reason="internal"), 500

    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        status = HTTP_STATUS.get(exc.code, 400)
        if _wants_json():
            return jsonify(error_from(exc, current_lang())), status
        message = exc.message(current_lang())
        return render_template("error.html", code=status, reason="domain", message=message), status
