"""Socket.IO packets as this server reads them: a frame it cannot decode (nested
thousands deep, not JSON, not an event list) becomes the event `MALFORMED`, which the
namespaces answer `bad_payload`, instead of an exception with a traceback in the log
for every frame. Given to python-socketio as its `serializer` (a public option).

An event's payload object is stamped with the moment its frame was read (`Received`):
python-socketio decodes in the connection's reader, before the handler waits its turn,
so under a burst an answer is judged by when it arrived, not by when the loop reached
its handler. A client cannot forge the stamp: JSON never makes that class."""
from __future__ import annotations

import json

from socketio import packet

from contest.services.clock import now_ms

MALFORMED = "\x00malformed"


class Received(dict):
    """An event's object payload, with the server's time of reading it (ms)."""

    __slots__ = ("received_ms",)


def received_ms(payload: object) -> int:
    """When the payload's frame was read; now for a payload that was not stamped."""
    return payload.received_ms if isinstance(payload, Received) else now_ms()


class _JSON:
    dumps = staticmethod(json.dumps)

    @staticmethod
    def loads(text, **kwargs):
        return json.loads(text, **kwargs)


class Packet(packet.Packet):
    json = _JSON

    def decode(self, encoded_packet):
        try:
            attachments = super().decode(encoded_packet)
        except (ValueError, RecursionError, TypeError):
            self.packet_type, self.data, self.id = packet.EVENT, [MALFORMED], None
            return 0
        if self.packet_type in (packet.EVENT, packet.BINARY_EVENT) and not (
                isinstance(self.data, list) and self.data and isinstance(self.data[0], str)):
            self.data = [MALFORMED]
        elif self.packet_type == packet.EVENT and len(self.data) > 1 and isinstance(self.data[1], dict):
            self.data[1] = Received(self.data[1])
            self.data[1].received_ms = now_ms()
        return attachments
