"""Vietnamese by default; English when asked for (?lang=en, then a cookie)."""
from __future__ import annotations

from flask import Flask, request
from flask_babel import refresh

from contest.extensions import babel

LANG_COOKIE = "lang"


def current_lang() -> str:
    wanted = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    return "en" if wanted == "en" else "vi"


def _remember_choice(response):
    chosen = request.args.get("lang")
    if chosen in ("vi", "en"):
        response.set_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="Lax")
    return response


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=current_lang)
    # Flask-Babel caches the locale on `g`; an app context shared by several
    # requests (as in tests) must not keep the first request's language.
    app.before_request(refresh)
    app.after_request(_remember_choice)

    @app.context_processor
    def _lang():
        return {"lang": current_lang()}
