"""Socket.IO: /play for participants, /host for organisers, /display for screens.

Handlers are registered on the python-socketio server itself (no Flask request
context per event): `answer` is the hot path of the whole product.
"""
from __future__ import annotations

from flask import Flask

from contest import asyncmode
from contest.extensions import db, socketio


def init_app(app: Flask) -> None:
    from contest.realtime import display, host, play, selfpaced
    from contest.realtime.hub import Hub
    from contest.realtime.rooms import client_manager
    from contest.realtime.writer import AnswerWriter

    mode = app.config["ASYNC_MODE"] if app.testing else asyncmode.current_mode()
    socketio.init_app(app, async_mode=mode, message_queue=app.config["MESSAGE_QUEUE"],
                      client_manager=client_manager(app.config["MESSAGE_QUEUE"]),
                      ping_interval=25, ping_timeout=30, max_http_buffer_size=64 * 1024)
    app.wsgi_app = _without_websocket_compression(app.wsgi_app)
    if app.config.get("NODE_NAME"):
        from contest.realtime.nodes import tag_session_ids

        tag_session_ids(socketio.server, app.config["NODE_NAME"])
    with app.app_context():
        writer = AnswerWriter(db.engine, app.config["COMMIT_INTERVAL_MS"], background=False)
    hub = Hub(app, socketio.server, writer)
    app.extensions["contest_hub"] = hub
    for namespace in (play, host, display, selfpaced):
        namespace.register(hub)


def start_background(app: Flask) -> None:
    """In the serving process only: the grouped-commit writer and the engine loop."""
    from contest.realtime.collector import QuietCollector
    from contest.realtime.loop import Loop

    hub = app.extensions["contest_hub"]
    collector = QuietCollector(hub.registry)
    collector.install()
    socketio.start_background_task(collector.run, socketio.sleep)
    hub.writer.background = True
    socketio.start_background_task(hub.writer.run, socketio.sleep)
    hub.loop = Loop(hub)
    if app.config["MESSAGE_QUEUE"]:  # several processes: one conducts each round (a lease)
        from contest.realtime.conductor import Conductor

        hub.loop.conductor = Conductor.from_app(app)
    socketio.start_background_task(hub.loop.run, socketio.sleep)


def _without_websocket_compression(wsgi_app):
    """Refuse permessage-deflate, which browsers offer: a zlib context per socket costs
    about 100 KB (5,000 officials: 1 GB instead of 0.5) and CPU on every frame, for
    messages of a few hundred bytes."""
    def app(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return wsgi_app(environ, start_response)

    return app
