"""What goes over the wire to a phone on a weak network: compressed pages and static
files (brotli or gzip, Flask-Compress), static addresses fingerprinted with their content
(`/static/play/play.js?v=<hash>`) and cached for a year, so a returning phone asks for
nothing again until a file changes."""
from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, current_app, request
from flask_compress import Compress, DictCache

YEAR = 365 * 86400
COMPRESSIBLE = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                "image/svg+xml", "application/xml"]

# Static files are compressed once per process and kept (they change only with a deploy);
# pages and API answers are small and compressed each time.
static_compress = Compress()
page_compress = Compress()
_fingerprints: dict[str, tuple[float, str]] = {}


def fingerprint(filename: str) -> str | None:
    """A short hash of the file's content, recomputed when its modification time changes."""
    path = Path(current_app.static_folder or "") / filename
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    known = _fingerprints.get(filename)
    if known is None or known[0] != mtime:
        known = (mtime, hashlib.sha256(path.read_bytes()).hexdigest()[:12])
        _fingerprints[filename] = known
    return known[1]


def _add_fingerprint(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        version = fingerprint(values["filename"])
        if version:
            values["v"] = version


def _static_key(req) -> str:
    return req.path  # one entry per existing file: a random ?v= cannot grow the cache


def _on_the_wire(response: Response) -> Response:
    if request.endpoint != "static":
        return page_compress.after_request(response)
    if response.status_code == 200:
        wanted = request.args.get("v")
        immutable = wanted and wanted == fingerprint(request.view_args.get("filename", ""))
        response.headers["Cache-Control"] = f"public, max-age={YEAR}, immutable" if immutable else "no-cache"
        response.direct_passthrough = False
        response.make_sequence()  # a file response is streamed: read it so the cached path applies
    return static_compress.after_request(response)


def init_app(app: Flask) -> None:
    app.config.update(COMPRESS_MIMETYPES=COMPRESSIBLE, COMPRESS_ALGORITHM=["br", "gzip"],
                      COMPRESS_REGISTER=False, COMPRESS_MIN_SIZE=500, COMPRESS_BR_LEVEL=5,
                      COMPRESS_CACHE_BACKEND=DictCache, COMPRESS_CACHE_KEY=_static_key)
    static_compress.init_app(app)
    app.config.update(COMPRESS_CACHE_BACKEND=None, COMPRESS_CACHE_KEY=None)
    page_compress.init_app(app)
    app.url_defaults(_add_fingerprint)
    app.after_request(_on_the_wire)
