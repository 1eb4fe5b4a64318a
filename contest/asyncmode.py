"""Every line that depends on the async server (eventlet or gevent) lives here.

Import this module before anything else in a server process: `patch()` must run
before Flask, SQLAlchemy or the socket libraries are imported.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

MODES = ("eventlet", "gevent")
LISTEN_BACKLOG = 4096  # a hall of officials joins in the same second
MAX_CONNECTIONS = 100_000  # eventlet's WSGI server stops at 1,024 unless told otherwise

_mode: str | None = None


def selected_mode() -> str:
    from dotenv import load_dotenv

    load_dotenv(Path(__file__).resolve().parent.parent / ".env")
    mode = os.environ.get("CONTEST_ASYNC_MODE", "eventlet")
    if mode not in MODES:
        raise SystemExit(f"CONTEST_ASYNC_MODE must be one of {MODES}, not {mode!r}")
    return mode


def patch(mode: str | None = None) -> str:
    """Monkey-patch the standard library for the chosen mode; returns the mode."""
    global _mode
    _mode = mode or selected_mode()
    raise_descriptor_limit()
    if _mode == "eventlet":
        import eventlet

        eventlet.monkey_patch()
        _unmask_frames_at_once()
    else:
        from gevent import monkey

        monkey.patch_all()
        from psycogreen.gevent import patch_psycopg  # psycopg2 waits cooperatively

        patch_psycopg()
    return _mode


def apply_mask(data, mask, length=None, offset=0):
    """eventlet's `RFC6455WebSocket._apply_mask`, XORing the whole frame as one integer."""
    length = len(data) if length is None else length
    key = bytes(mask[(offset + i) % 4] for i in range(4)) * (length // 4 + 1)
    value = int.from_bytes(data[:length], "little") ^ int.from_bytes(key[:length], "little")
    return value.to_bytes(length, "little")


# (data, mask, length, offset) of the self-check: lengths around the word size and the
# offsets eventlet passes when a frame arrives in pieces
MASK_SAMPLES = [(bytes(range(n % 256)) * 3, b"\x9f\x01\xe2\x5a", length, offset)
                for n in (1, 5, 64, 300) for length in (None, n % 7) for offset in (0, 1, 3)]


def _unmask_frames_at_once() -> None:
    """eventlet unmasks every client frame byte by byte in Python (11 µs for a 60-byte
    answer on the benchmark machine): XOR the whole frame as one integer (1.4 µs).

    Checked at start-up against eventlet's own method: if an upgrade changed what it
    computes, the server keeps the original (slower, never wrong) and says so."""
    import logging

    from eventlet.websocket import RFC6455WebSocket

    original = RFC6455WebSocket._apply_mask
    if all(bytes(original(*sample)) == apply_mask(*sample) for sample in MASK_SAMPLES):
        RFC6455WebSocket._apply_mask = staticmethod(apply_mask)
    else:
        logging.getLogger(__name__).warning("eventlet's _apply_mask changed: frames unmasked by it")


def current_mode() -> str:
    """The patched mode, or 'threading' in tests and commands that never patched."""
    return _mode or "threading"


def raise_descriptor_limit() -> None:
    """Every official is a descriptor: take the hard limit, not the soft one (often 1,024)."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def descriptors_per_websocket() -> int:
    """gevent's WebSocket (simple_websocket) duplicates the connection's socket."""
    return 2 if current_mode() == "gevent" else 1


def socket_capacity(reserve: int = 256) -> int:
    """How many Socket.IO sessions fit in this process's file descriptor limit, keeping
    ``reserve`` for the database, the log, the joins in flight and the listener."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max((soft - reserve) // descriptors_per_websocket(), 0)


def serve(app: Any, host: str, port: int) -> None:
    """Listen with a large backlog and no connection cap, then serve forever."""
    if current_mode() == "eventlet":
        import eventlet
        import eventlet.wsgi

        sock = eventlet.listen((host, port), backlog=LISTEN_BACKLOG)
        eventlet.wsgi.server(sock, app, max_size=MAX_CONNECTIONS, log_output=False)
    else:
        from gevent import socket
        from gevent.pool import Pool
        from gevent.pywsgi import WSGIServer

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(LISTEN_BACKLOG)
        WSGIServer(sock, app, log=None, spawn=Pool(MAX_CONNECTIONS)).serve_forever()


def on_sigterm(shutdown: Callable[[], None], seconds: int) -> None:
    """On SIGTERM: run `shutdown` in a green thread, then exit; exit anyway after
    `seconds` (a watchdog alarm) if it hangs."""
    import signal

    def stop() -> None:
        try:
            shutdown()
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(0)

    def on_signal(*_: Any) -> None:
        signal.alarm(seconds + 1)  # SIGALRM's default action ends the process
        spawn(stop)

    if current_mode() == "gevent":
        import gevent

        gevent.signal_handler(signal.SIGTERM, on_signal)
    else:
        signal.signal(signal.SIGTERM, on_signal)


def spawn(fn: Callable[[], Any]) -> None:
    if current_mode() == "eventlet":
        import eventlet

        eventlet.spawn(fn)
    elif current_mode() == "gevent":
        import gevent

        gevent.spawn(fn)
    else:
        fn()


def run_in_os_thread(fn: Callable[..., Any], *args: Any) -> Any:
    """Run blocking C code (SQLite) in a real thread; only the calling greenlet waits."""
    mode = current_mode()
    if mode == "eventlet":
        from eventlet import tpool

        return tpool.execute(fn, *args)
    if mode == "gevent":
        import gevent

        return gevent.get_hub().threadpool.apply(fn, args)
    return fn(*args)
