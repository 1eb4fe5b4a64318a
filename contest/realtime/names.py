"""The namespaces and rooms every real-time module speaks of."""
from __future__ import annotations

PLAY, DISPLAY, HOST = "/play", "/display", "/host"


def play_room(round_id: int) -> str:
    return f"round:{round_id}"


def contest_room(contest_id: int) -> str:
    return f"contest:{contest_id}"


def board_room(contest_id: int, agency: str | None = None) -> str:
    return f"board:{contest_id}:{agency or ''}"
