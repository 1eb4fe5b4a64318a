"""Bearer-token authentication: a 401 error object, never a redirect; and who acts."""
from __future__ import annotations

from functools import wraps

from flask import g, request

from contest.errors import DomainError
from contest.services.audit import Actor
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


def actor() -> Actor:
    """The organiser of this request's token, for the audit log."""
    organiser = g.get("organiser")
    return Actor(organiser.id if organiser else None, organiser.name if organiser else None,
                 request.remote_addr)
