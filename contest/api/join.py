"""PROTOCOL.md §2: joining a round, with no organiser token, as a bare WSGI endpoint.

At 9:00 thousands of officials press "Vào thi" in the same minute. Through Flask a join
cost about as much again as the join itself (the request context, the limiter checked
twice, the hooks of every page), so `POST /api/v1/join` is answered here, before Flask,
with the same contract as every API route: the error object in the caller's language
(`?lang=`, then the cookie), the security headers, the `device` cookie. Joins are
limited per client address (`CONTEST_JOIN_LIMIT` a minute; 0 turns it off for load
tests; the address is the proxy-fixed one); roster joins also count wrong PINs per
official code and per address. Any other method or path goes on to Flask."""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from urllib.parse import parse_qs

from flask import Flask
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.http import dump_cookie, parse_cookie, parse_options_header

from contest.errors import HTTP_STATUS, N_, DomainError, error_from, error_object
from contest.i18n import LANG_COOKIE
from contest.security import security_headers, throttle
from contest.services import participants
from contest.services.clock import now_ms

log = logging.getLogger(__name__)
PATH = "/api/v1/join"
DEVICE_COOKIE = "device"
MAX_BYTES = 16 * 1024  # a join is a few hundred bytes: nothing big is parsed on the loop
REASONS = {200: "OK", 400: "BAD REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT FOUND",
           405: "METHOD NOT ALLOWED", 409: "CONFLICT", 413: "REQUEST ENTITY TOO LARGE", 429: "TOO MANY REQUESTS",
           500: "INTERNAL SERVER ERROR"}
WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


class JoinEndpoint:
    def __init__(self, app: Flask, inner: WSGIApp):
        self.app, self.inner = app, inner
        per_minute = app.config["JOIN_LIMIT"]
        self.limit = parse(f"{per_minute}/minute") if per_minute > 0 else None
        self.window = FixedWindowRateLimiter(storage_from_string(app.config["RATELIMIT_STORAGE_URI"]))

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") != PATH:
            return self.inner(environ, start_response)
        query, cookies = parse_qs(environ.get("QUERY_STRING", "")), parse_cookie(environ)
        chosen = (query.get("lang") or [""])[0]
        lang = "en" if (chosen or cookies.get(LANG_COOKIE)) == "en" else "vi"
        status, body, headers = self._outcome(environ, cookies, lang)
        if chosen in ("vi", "en"):
            headers.append(("Set-Cookie", dump_cookie(LANG_COOKIE, chosen, max_age=365 * 86400, samesite="Lax")))
        payload = self.app.json.dumps(body).encode()
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        headers += [("Content-Type", "application/json"), ("Content-Length", str(len(payload))),
                    *security_headers(host, environ.get("wsgi.url_scheme") == "https", self.app.config)]
        start_response(f"{status} {REASONS.get(status, '')}".strip(), headers)
        return [payload]

    def _outcome(self, environ: dict, cookies: dict, lang: str) -> tuple[int, dict, list[tuple[str, str]]]:
        """(status, body, headers) of the join: the participant, or the error object."""
        if environ.get("REQUEST_METHOD") != "POST":
            return 405, error_object("bad_payload", lang, N_("Chỉ nhận yêu cầu POST.")), [("Allow", "POST")]
        device = cookies.get(DEVICE_COOKIE) or participants.new_device_key()
        try:
            body = self._join(environ, device)
        except DomainError as exc:
            retry = [("Retry-After", str(exc.extra["retry_after"]))] if "retry_after" in exc.extra else []
            return HTTP_STATUS.get(exc.code, 400), error_from(exc, lang), retry
        except Exception:  # a bug or a broken dependency: logged, never called bad_payload
            log.exception("unexpected error in the join")
            return 500, error_object("internal_error", lang), []
        cookie = dump_cookie(DEVICE_COOKIE, device, max_age=365 * 86400, httponly=True, samesite="Lax",
                             secure=self.app.config["SESSION_COOKIE_SECURE"])
        return 200, body, [("Set-Cookie", cookie)]

    def _join(self, environ: dict, device: str) -> dict:
        client = environ.get("REMOTE_ADDR")
        if self.limit is not None and not self.window.hit(self.limit, "contest-join", client or "-"):
            reset = int(self.window.get_window_stats(self.limit, "contest-join", client or "-").reset_time)
            raise DomainError("rate_limited", retry_after=max(reset - now_ms() // 1000, 1))
        body = self._body(environ)
        with self.app.app_context():
            joined = participants.join(body, device, now_ms(), client=client, throttle=throttle(self.app),
                                       rules=participants.JoinRules(per_code=self.app.config["PIN_LIMIT"],
                                                                    per_client=self.app.config["PIN_CLIENT_LIMIT"]),
                                       door=self.app.extensions["contest_door"],
                                       write=self.app.extensions["contest_commits"].run)
        return {"participant_token": participants.make_token(self.app.config["SECRET_KEY"], joined),
                "participant_id": joined.id, "round_id": joined.round_id, "name": joined.name}

    def _body(self, environ: dict) -> dict:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length > MAX_BYTES:
            raise DomainError("payload_too_large")
        mimetype, _ = parse_options_header(environ.get("CONTENT_TYPE", ""))
        try:
            if length < 0 or not (mimetype == "application/json" or mimetype.endswith("+json")):
                raise ValueError
            body = json.loads(environ["wsgi.input"].read(length) if length else b"")
        except (ValueError, RecursionError):
            body = None
        if not isinstance(body, dict):
            raise DomainError("bad_payload", N_("Cần một đối tượng JSON."))
        return body


def init_app(app: Flask) -> None:
    app.wsgi_app = JoinEndpoint(app, app.wsgi_app)
