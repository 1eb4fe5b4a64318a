"""The base of the three namespaces: one place where every event is limited, given its
caller's language, and where a `DomainError` becomes the error object of the ack.

A class-based python-socketio namespace, on the python-socketio server itself: no
Flask request context per event, since `answer` is the hot path of the whole product.
"""
from __future__ import annotations

import logging
from typing import Any

import socketio
from socketio.exceptions import ConnectionRefusedError

from contest.errors import N_, DomainError, error_from, error_object
from contest.realtime.limits import Limits
from contest.realtime.packets import MALFORMED

log = logging.getLogger(__name__)


def lang_of(auth: Any) -> str:
    return "en" if isinstance(auth, dict) and auth.get("lang") == "en" else "vi"


def refuse(reason: str | DomainError, lang: str) -> None:
    """Refuse a connection with the error object (of a code or a refusal) as its data."""
    error = error_from(reason, lang) if isinstance(reason, DomainError) else error_object(reason, lang)
    raise ConnectionRefusedError(error["message"], error) from None


class Channel(socketio.Namespace):
    EVENTS: tuple[str, ...] = ()  # what clients may send; each has an `on_<event>` method

    def __init__(self, namespace: str, limits: Limits):
        super().__init__(namespace)
        self.limits = limits
        self.langs: dict[str, str] = {}

    def participant_of(self, sid: str) -> int | None:
        """Whose bucket an event also takes from, besides the socket's own."""
        return None

    def trigger_event(self, event: str, *args: Any) -> Any:
        if event in ("connect", "disconnect") or event.startswith("__"):
            handler = getattr(self, "on_" + event, None)
            return handler(*args) if handler else None
        sid = args[0]
        lang = self.langs.get(sid, "vi")
        if not self.limits.allow(sid, self.participant_of(sid)):
            if self.limits.abusive(sid):
                self.drop(sid)
            return error_object("rate_limited", lang)
        if event not in self.EVENTS:
            return self.unknown(event, lang)
        try:
            return getattr(self, "on_" + event)(sid, *args[1:])
        except DomainError as exc:
            return error_from(exc, lang)
        except Exception:  # a bug: this caller gets an error ack, everyone else goes on
            log.exception("%s %s failed", self.namespace, event)
            return error_object("internal_error", lang)

    def unknown(self, event: str, lang: str) -> dict:
        if event == MALFORMED:
            return error_object("bad_payload", lang)
        return error_object("bad_payload", lang, N_("Không có sự kiện “%(event)s”.", event=event[:64]))

    def on_disconnect(self, sid: str, reason: Any = None) -> None:
        self.langs.pop(sid, None)
        self.limits.forget(sid)
        self.left(sid)

    def left(self, sid: str) -> None:
        """What a namespace forgets of a socket that went away."""

    def drop(self, sid: str) -> None:
        """Sustained abuse: leave the namespace (a client is not to reconnect after a
        server's disconnect) and close the whole connection."""
        eio_sid = self.server.manager.eio_sid_from_sid(sid, self.namespace)
        log.warning("%s: socket %s dropped for flooding", self.namespace, sid)
        self.server.disconnect(sid, namespace=self.namespace)
        if eio_sid is not None:
            self.server.eio.disconnect(eio_sid)
