"""Session ids that tell which server process made them, for a proxy in front of several.

A Socket.IO connection over long-polling is a series of HTTP requests that must all
reach the process holding the session. With `CONTEST_NODE=p5001` every Engine.IO
session id starts with `p5001.`, so nginx can route `?sid=p5001.…` to that process
by a `map` on `$arg_sid` (deploy/nginx.conf), while requests without a session
(the handshake, a direct WebSocket) go to the least busy process. No ip_hash: a
whole office behind one NAT address would land on one process.
"""
from __future__ import annotations

import re
from typing import Any

VALID = re.compile(r"^[A-Za-z0-9]{1,16}$")


def tag_session_ids(server: Any, node: str) -> None:
    """Prefix the session ids of this python-socketio server with `node` and a dot."""
    if not VALID.match(node):
        raise SystemExit(f"CONTEST_NODE must be 1-16 letters or digits, not {node!r}")
    eio = server.eio
    plain = eio.generate_id

    def generate_id() -> str:
        return f"{node}.{plain()}"

    eio.generate_id = generate_id
