"""What every response carries, and who the client is behind a proxy.

- Security headers on every page and answer: a Content-Security-Policy that allows the
  app's own scripts, styles, images and sockets only and no framing (`frame-ancestors
  'none'`: the console's buttons cannot be clicked through another site's frame),
  `nosniff`, a same-origin referrer policy (display tokens ride in addresses), and HSTS
  when the request came over TLS. Nothing inline runs or styles the page: the pages load
  external scripts and style sheets, read their data from `<script type="application/json">`
  blocks (which no browser executes), and scripts set styles through the DOM only.
- `CONTEST_TRUSTED_PROXIES`: the client address (rate limits, the audit log) and scheme
  come from `X-Forwarded-For`/`-Proto` only when the request came through a trusted proxy;
  a hop count ("1": nginx on the same host) or the proxies' addresses
  ("127.0.0.1, 10.0.0.5"). Anything else is ignored: a client cannot pick its address.
"""
from __future__ import annotations

import ipaddress
import re

from flask import Flask, Request, current_app, request
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from contest.services.throttle import Throttle

_HOST = re.compile(r"^[A-Za-z0-9.\-\[\]:]{1,255}$")
POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; "
          "img-src 'self' data:; font-src 'self'; object-src 'none'; base-uri 'self'; "
          "form-action 'self'; frame-ancestors 'none'")


class _NoCookieSessionForTheApi(SecureCookieSessionInterface):
    """The API authenticates by token, never by the sign-in cookie: its requests (the
    9:00 storm of joins among them) neither read nor write the session."""

    def open_session(self, app: Flask, request: Request):
        if request.path.startswith("/api/"):
            return self.make_null_session(app)
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.extensions["contest_throttle"] = Throttle(app.config["RATELIMIT_STORAGE_URI"])
    app.session_interface = _NoCookieSessionForTheApi()
    app.after_request(_headers)


def throttle(app: Flask) -> Throttle:
    return app.extensions["contest_throttle"]


def security_headers(host: str, secure: bool, config: dict) -> list[tuple[str, str]]:
    """The headers every response carries (pages, API, the bare join endpoint)."""
    host = host if _HOST.match(host or "") else ""
    sockets = f" ws://{host} wss://{host}" if host else ""  # older browsers: 'self' lacks ws:
    headers = [("Content-Security-Policy", f"{POLICY}; connect-src 'self'{sockets}"),
               ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"),
               ("Referrer-Policy", "same-origin")]
    hsts = config.get("HSTS_SECONDS", 0)
    if secure and hsts:
        headers.append(("Strict-Transport-Security", f"max-age={hsts}"))
    return headers


def _headers(response):
    for name, value in security_headers(request.host, request.is_secure, current_app.config):
        response.headers.setdefault(name, value)
    return response


def trust_proxies(app: Flask) -> None:
    """Wraps the whole WSGI app (Socket.IO included): call it last in create_app."""
    setting = str(app.config.get("TRUSTED_PROXIES") or "").strip()
    if setting.isdigit():
        if int(setting):
            app.wsgi_app = ProxyFix(app.wsgi_app, x_for=int(setting), x_proto=int(setting))
    elif setting:
        app.wsgi_app = _AddressedProxies(app.wsgi_app, _networks(setting))


def _networks(setting: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(part.strip(), strict=False)
            for part in setting.replace(";", ",").split(",") if part.strip()]


def _trusted(address: str, networks: list) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in networks)


class _AddressedProxies:
    """X-Forwarded-For read from the right while the hops are trusted proxies: the first
    untrusted address is the client. The scheme comes from the nearest proxy."""

    def __init__(self, app, networks: list):
        self.app, self.networks = app, networks

    def __call__(self, environ, start_response):
        peer = environ.get("REMOTE_ADDR", "")
        if _trusted(peer, self.networks):
            hops = [h.strip() for h in environ.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
            client = peer
            while hops:
                client = hops.pop()
                if not _trusted(client, self.networks):
                    break
            environ["werkzeug.proxy_fix.orig_remote_addr"] = peer
            environ["REMOTE_ADDR"] = client
            proto = environ.get("HTTP_X_FORWARDED_PROTO", "").split(",")[-1].strip().lower()
            if proto in ("http", "https"):
                environ["wsgi.url_scheme"] = proto
        return self.app(environ, start_response)
