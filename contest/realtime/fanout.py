"""Personal messages to thousands of sockets at once (`state`, `reveal`, `finished`).

python-socketio encodes a packet per `emit(..., to=sid)`: it scans the whole payload
for binary parts and JSON-encodes it again for every socket, although only the small
`my` part differs. Here the shared part is encoded once and each socket's packet is
that text with its own `my` spliced in. The loop also yields to the event loop every
few hundred sockets, so that the writers start sending at once and the answers and
pings of other sockets are not held up while a broadcast of 5,000 is prepared.
"""
from __future__ import annotations

import json
from typing import Any, Iterable

from engineio import packet as eio_packet

YIELD_EVERY = 250
_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode(value: Any) -> str:
    return _compact(value)


class Fanout:
    def __init__(self, server: Any):
        self.server = server  # the python-socketio Server

    def personal(self, event: str, namespace: str, shared: dict, key: str,
                 recipients: Iterable[tuple[str, Any]]) -> int:
        """Send `{**shared, key: value}` as `event` to every (sid, value); returns how many."""
        head = f'2{namespace},["{event}",' + (encode(shared)[:-1] + "," if shared else "{") + f'"{key}":'
        manager, sent = self.server.manager, 0
        for sid, value in recipients:
            eio_sid = manager.eio_sid_from_sid(sid, namespace)
            if eio_sid is None:  # gone since the list was made
                continue
            text = head + encode(value) + "}]"
            self.server._send_eio_packet(eio_sid, eio_packet.Packet(eio_packet.MESSAGE, text))
            sent += 1
            if sent % YIELD_EVERY == 0:
                self.server.sleep(0)
        return sent

    def pause(self) -> None:
        """Let the socket writers send what was just queued (a room broadcast)."""
        self.server.sleep(0)
