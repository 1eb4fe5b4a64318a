"""Socket.IO: /play for participants, /host for organisers, /display for screens.

The namespaces are python-socketio `Namespace` classes registered on the python-socketio
server itself (no Flask request context per event): `answer` is the hot path of the
whole product. This layer carries messages; services decide (round transitions reach it
through `services.publisher`).
"""
from __future__ import annotations

import logging
import time

from flask import Flask

from contest import asyncmode, database
from contest.extensions import socketio

log = logging.getLogger(__name__)


def init_app(app: Flask) -> None:
    from contest.realtime.display import DisplayNamespace
    from contest.realtime.group_commit import GroupCommit
    from contest.realtime.host import HostNamespace
    from contest.realtime.hub import Hub
    from contest.realtime.packets import Packet
    from contest.realtime.play import PlayNamespace
    from contest.realtime.rooms import client_manager
    from contest.realtime.selfpaced import Papers
    from contest.services.door import Door
    from contest.services.publisher import publisher_of

    mode = app.config["ASYNC_MODE"] if app.testing else asyncmode.current_mode()
    socketio.init_app(app, async_mode=mode, message_queue=app.config["MESSAGE_QUEUE"],
                      client_manager=client_manager(app.config["MESSAGE_QUEUE"]),
                      serializer=Packet, ping_interval=25, ping_timeout=30,
                      max_http_buffer_size=64 * 1024)
    app.wsgi_app = _without_websocket_compression(app.wsgi_app)
    app.wsgi_app = _refuse_new_sessions(app, app.wsgi_app)
    if app.config.get("NODE_NAME"):
        from contest.realtime.session_ids import tag_session_ids

        tag_session_ids(socketio.server, app.config["NODE_NAME"])
    commits = GroupCommit(database.writer_engine(app), app.config["COMMIT_INTERVAL_MS"])
    hub = Hub(app, socketio.server, commits)
    papers, door = Papers(hub), Door()
    app.extensions["contest_hub"], app.extensions["contest_papers"] = hub, papers
    app.extensions["contest_commits"], app.extensions["contest_door"] = commits, door
    publisher_of(app).subscribe(hub.on_transitions)
    for namespace in (PlayNamespace(hub, papers, door), HostNamespace(hub), DisplayNamespace(hub)):
        socketio.server.register_namespace(namespace)


def start_background(app: Flask) -> None:
    """In the serving process only: GC pacing, the group commit and the engine loop."""
    from contest.realtime.gc_pacing import GcPacing
    from contest.realtime.loop import Loop

    hub = app.extensions["contest_hub"]
    pacing = GcPacing(hub.registry)
    pacing.install()
    socketio.start_background_task(pacing.run, socketio.sleep)
    hub.commits.start(socketio.start_background_task, socketio.sleep)
    leases = None
    if app.config["MESSAGE_QUEUE"]:  # several processes: one conducts each round (a lease)
        from contest.services.leases import Leases

        leases = Leases.from_app(app)
    loop = app.extensions["contest_loop"] = Loop(hub, app.extensions["contest_papers"], leases)
    socketio.start_background_task(loop.run, socketio.sleep)
    asyncmode.on_sigterm(lambda: shutdown(app), app.config["SHUTDOWN_SECONDS"])


def shutdown(app: Flask) -> None:
    """SIGTERM (a planned restart): stop conducting and give the leases back, commit and
    acknowledge every answer already received, then close every connection, so that the
    clients reconnect (to another process, or to this one once restarted)."""
    loop, hub = app.extensions["contest_loop"], app.extensions["contest_hub"]
    print("Máy chủ đang dừng / contest server shutting down", flush=True)
    app.extensions["contest_closing"] = True  # new sessions go to another process
    loop.running = False
    if loop.leases is not None:
        loop.leases.stop()
    deadline = time.monotonic() + 3
    while hub.commits.busy() and time.monotonic() < deadline:
        socketio.sleep(0.01)
    socketio.sleep(0.2)  # the acks of the last answers leave before the sockets close
    socketio.server.eio.disconnect()  # a transport close: clients reconnect by themselves
    socketio.sleep(0.2)
    log.info("shut down: leases released, answers committed, sockets closed")


def _refuse_new_sessions(flask_app: Flask, wsgi_app):
    """No new Socket.IO session here (503, retry in a second) while shutting down, or when
    the process is full: at `MAX_SOCKETS` sessions (by default what its file descriptor
    limit holds), one more would take the descriptors the database and the answers of
    everyone already connected need. Sessions that exist go on; a reconnecting client
    reaches another process, or this one once restarted or emptier."""
    capacity = flask_app.config.get("MAX_SOCKETS") or asyncmode.socket_capacity()
    warned = False

    def refusal() -> str | None:
        nonlocal warned
        if flask_app.extensions.get("contest_closing"):
            return "shutting down"
        if len(socketio.server.eio.sockets) >= capacity:
            if not warned:  # once: a full hall would otherwise log every retry
                warned = True
                log.warning("socket capacity reached: new sessions refused", extra={"capacity": capacity})
            return "full"
        return None

    def app(environ, start_response):
        if environ.get("PATH_INFO", "").startswith("/socket.io") and "sid=" not in environ.get("QUERY_STRING", ""):
            reason = refusal()
            if reason is not None:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain"), ("Retry-After", "1")])
                return [reason.encode()]
        return wsgi_app(environ, start_response)

    return app


def _without_websocket_compression(wsgi_app):
    """Refuse permessage-deflate, which browsers offer: a zlib context per socket costs
    about 100 KB (5,000 officials: 1 GB instead of 0.5) and CPU on every frame, for
    messages of a few hundred bytes."""
    def app(environ, start_response):
        environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return wsgi_app(environ, start_response)

    return app
