"""Error pages for humans; the API answers with JSON on its own."""
from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError

from contest.errors import error_object
from contest.i18n import current_lang


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc):
        if _wants_json():
            return jsonify(error_object("forbidden", current_lang(), exc.description)), 400
        return render_template("error.html", code=400, reason="csrf"), 400

    @app.errorhandler(404)
    def _not_found(exc):
        if _wants_json():
            return jsonify(error_object("not_found", current_lang())), 404
        return render_template("error.html", code=404, reason="not_found"), 404

    @app.errorhandler(413)
    def _too_large(exc):
        if _wants_json():
            return jsonify(error_object("payload_too_large", current_lang())), 413
        return render_template("error.html", code=413, reason="too_large"), 413

    @app.errorhandler(429)
    def _rate_limited(exc):
        if _wants_json():
            return jsonify(error_object("rate_limited", current_lang())), 429
        return render_template("error.html", code=429, reason="rate_limited"), 429

    from contest.errors import HTTP_STATUS, DomainError, message_for

    @app.errorhandler(DomainError)
    def _domain(exc: DomainError):
        status = HTTP_STATUS.get(exc.code, 400)
        if _wants_json():
            return jsonify(error_object(exc.code, current_lang(), exc.detail)), status
        message = f"{message_for(exc.code, current_lang())} {exc.detail or ''}".strip()
        return render_template("error.html", code=status, reason="domain", message=message), status
