"""The JSON organiser API of PROTOCOL.md §1, and the participant join of §2."""
from flask import Blueprint

from contest.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # bearer tokens, not cookies: CSRF cannot ride on them

from contest.api import agencies, banks, contests, errors, results, rounds  # noqa: E402,F401
