"""Socket.IO: /play for participants, /host for organisers, /display for screens."""
from __future__ import annotations

from flask import Flask

from contest import asyncmode
from contest.extensions import socketio


def init_app(app: Flask) -> None:
    mode = app.config["ASYNC_MODE"] if app.testing else asyncmode.current_mode()
    socketio.init_app(
        app,
        async_mode=mode,
        message_queue=app.config["MESSAGE_QUEUE"],
        ping_interval=25,
        ping_timeout=30,
        max_http_buffer_size=64 * 1024,
    )
