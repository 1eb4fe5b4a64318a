"""Bearer-token authentication: a 401 error object, never a redirect."""
from __future__ import annotations

from functools import wraps

from flask import g, request

from contest.errors import DomainError
from contest.services.organisers import organiser_for_token


def token_required(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        organiser = organiser_for_token(token.strip()) if scheme.lower() == "bearer" and token else None
        if organiser is None:
            raise DomainError("unauthorized")
        g.organiser = organiser
        return view(*args, **kwargs)

    return wrapper
