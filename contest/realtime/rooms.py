"""A python-socketio client manager that knows the rooms of each socket.

The library finds a leaving socket's rooms by looking into every room of the
namespace, and every socket is a room of its own: a disconnection costs the number
of sockets, and 5,000 officials dropping at once (a hall's Wi-Fi, a proxy reload)
held the event loop for a second (10,000: four). Here each socket's rooms are
indexed as they are entered, so a disconnection costs its own few rooms.
"""
from __future__ import annotations

from typing import Any

import socketio


class RoomIndex:
    """Mixin for a python-socketio manager: `basic_disconnect` without the full scan."""

    def _sid_rooms(self) -> dict[tuple[str, str], set]:
        index = self.__dict__.get("_rooms_of")
        if index is None:
            index = self.__dict__["_rooms_of"] = {}
        return index

    def basic_enter_room(self, sid, namespace, room, eio_sid=None):
        super().basic_enter_room(sid, namespace, room, eio_sid=eio_sid)
        self._sid_rooms().setdefault((namespace, sid), set()).add(room)

    def basic_leave_room(self, sid, namespace, room):
        super().basic_leave_room(sid, namespace, room)
        rooms = self._sid_rooms().get((namespace, sid))
        if rooms is not None:
            rooms.discard(room)
            if not rooms:
                del self._sid_rooms()[(namespace, sid)]

    def basic_disconnect(self, sid, namespace, **kwargs):
        for room in list(self._sid_rooms().get((namespace, sid), ())):
            self.basic_leave_room(sid, namespace, room)
        self.callbacks.pop(sid, None)
        for pending in (self.pending_connect, self.pending_disconnect):
            if namespace in pending and sid in pending[namespace]:
                pending[namespace].remove(sid)
                if not pending[namespace]:
                    del pending[namespace]


class IndexedManager(RoomIndex, socketio.Manager):
    pass


class IndexedRedisManager(RoomIndex, socketio.RedisManager):
    pass


def client_manager(message_queue: str | None) -> Any:
    """The manager for one process, or for several on a Redis message queue."""
    if message_queue:
        return IndexedRedisManager(message_queue, channel="flask-socketio")
    return IndexedManager()
