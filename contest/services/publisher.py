"""Where committed round transitions go: the one door from HTTP handlers and services to
the sockets. The real-time layer of the process subscribes when it starts
(`realtime.init_app`); a handler that changed a round publishes what changed and never
imports the socket layer.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contest.services.round_state import Transition

Listener = Callable[[list[Transition]], None]


class Publisher:
    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def __call__(self, transitions: list[Transition]) -> None:
        if transitions:
            for listener in self._listeners:
                listener(transitions)


def publisher_of(app: Any) -> Publisher:
    """The app's publisher (`app.extensions`), made on first use."""
    return app.extensions.setdefault("contest_transitions", Publisher())
