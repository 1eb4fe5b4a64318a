"""Socket.IO packets as this server reads them: a frame it cannot decode (nested
thousands deep, not JSON, not an event list) becomes the event `MALFORMED`, which the
namespaces answer `bad_payload`, instead of an exception with a traceback in the log
for every frame. Given to python-socketio as its `serializer` (a public option)."""
from __future__ import annotations

import json

from socketio import packet

MALFORMED = "\x00malformed"


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
        return attachments
