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
from collections.abc import Iterable
from typing import Any

from engineio import packet as eio_packet

YIELD_EVERY = 250
_compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode(value: Any) -> str:
    return _compact(value)


class Fanout:
    def __init__(self, server: Any, splice: bool = True):
        self.server = server  # the python-socketio Server
        # Flask-SocketIO's test client hears only python-socketio's own emits: in tests
        # each personal message is one plain emit, with the same payload.
        self.splice = splice

    def personal(self, event: str, namespace: str, shared: dict,
                 recipients: Iterable[tuple[str, dict]]) -> int:
        """Send `{**shared, **own}` as `event` to every (sid, own); returns how many.
        The keys of `own` must not be keys of `shared` and `own` must not be empty."""
        if not self.splice:
            return self._one_by_one(event, namespace, shared, recipients)
        head = f'2{namespace},["{event}",' + (encode(shared)[:-1] + "," if shared else "{")
        manager, send, sent = self.server.manager, self.server.eio.send_packet, 0
        for sid, own in recipients:
            eio_sid = manager.eio_sid_from_sid(sid, namespace)
            if eio_sid is None:  # gone since the list was made
                continue
            send(eio_sid, eio_packet.Packet(eio_packet.MESSAGE, head + encode(own)[1:] + "]"))
            sent += 1
            if sent % YIELD_EVERY == 0:
                self.server.sleep(0)
        return sent

    def _one_by_one(self, event: str, namespace: str, shared: dict,
                    recipients: Iterable[tuple[str, dict]]) -> int:
        sent = 0
        for sid, own in recipients:
            self.server.emit(event, {**shared, **own}, to=sid, namespace=namespace, ignore_queue=True)
            sent += 1
        return sent

    def pause(self) -> None:
        """Let the socket writers send what was just queued (a room broadcast)."""
        self.server.sleep(0)
