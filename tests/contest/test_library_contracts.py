"""Each place that leans on python-socketio, python-engineio or eventlet beyond their
documented use is pinned here: an upgrade that changes what it relies on fails loudly.

- `fanout.py` splices personal packets: they must be what python-socketio would encode;
- `rooms.py` replaces the manager's disconnect: the manager must end in upstream's state;
- `asyncmode.apply_mask` replaces eventlet's frame unmasking: same bytes as the original;
- `session_ids.py` wraps engine.io's id generator: handshakes must carry the tag;
- `packets.py` reads frames: what upstream decodes must decode the same.
"""
from __future__ import annotations

import json
import random
from types import SimpleNamespace

import engineio
import pytest
import socketio
from socketio import packet

from contest.realtime.fanout import Fanout
from contest.realtime.packets import MALFORMED, Packet
from contest.realtime.rooms import IndexedManager
from contest.realtime.session_ids import tag_session_ids

# --- fanout ------------------------------------------------------------------------------

class Wire:
    """A python-socketio server as far as Fanout uses it: the manager's sid lookup and
    engine.io's public `send_packet`."""

    def __init__(self, sids):
        self.sent = []
        self.manager = SimpleNamespace(eio_sid_from_sid=lambda sid, ns: sids.get(sid))
        self.eio = SimpleNamespace(send_packet=lambda eio_sid, pkt: self.sent.append((eio_sid, pkt)))

    def sleep(self, _):
        pass


@pytest.mark.parametrize("shared, own", [
    ({"round_id": 3, "status": "reveal", "question": None, "total": 5},
     {"my": {"score": 2, "answered": [1, 7], "rank": None}}),
    ({}, {"my": {"score": 0, "rank": 1}}),
    ({"question_id": 9, "correct": [4, 2]}, {"my": {"correct": True, "points": 1}, "reveal": {"x": [1]}}),
])
def test_fanout_packets_are_what_python_socketio_encodes(shared, own):
    wire = Wire({"a": "eio-a", "b": "eio-b"})
    assert Fanout(wire).personal("state", "/play", shared, [("a", own), ("gone", own), ("b", own)]) == 2
    expected = packet.Packet(packet.EVENT, namespace="/play", data=["state", {**shared, **own}]).encode()
    assert [(eio_sid, pkt.packet_type, pkt.data) for eio_sid, pkt in wire.sent] == [
        ("eio-a", engineio.packet.MESSAGE, expected), ("eio-b", engineio.packet.MESSAGE, expected)]


def test_fanout_keeps_vietnamese_as_utf8_and_decodes_the_same():
    wire = Wire({"a": "eio-a"})
    shared = {"text": "Thủ tục hành chính “một cửa”", "n": 1}
    own = {"my": {"name": "Nguyễn Thị Ánh"}}
    Fanout(wire).personal("reveal", "/play", shared, [("a", own)])
    text = wire.sent[0][1].data
    assert "Nguyễn" in text  # not \\u escapes: shorter on the hall's Wi-Fi
    decoded = packet.Packet(encoded_packet=text)
    assert (decoded.packet_type, decoded.namespace, decoded.data) == (
        packet.EVENT, "/play", ["reveal", {**shared, **own}])


# --- rooms -------------------------------------------------------------------------------

class Ids:
    def __init__(self):
        self.n = 0

    def generate_id(self):
        self.n += 1
        return f"s{self.n}"


def manager(cls):
    m = cls()
    m.set_server(SimpleNamespace(eio=Ids(), packet_class=packet.Packet))
    m.initialize()
    return m


def state_of(m):
    rooms = {ns: {room: dict(members) for room, members in by_room.items() if members}
             for ns, by_room in m.rooms.items()}
    callbacks = {sid: sorted(key for key in by_id if key != 0) for sid, by_id in m.callbacks.items()}
    return ({ns: r for ns, r in rooms.items() if r}, callbacks, m.pending_connect, m.pending_disconnect)


@pytest.mark.parametrize("seed", range(12))
def test_room_index_leaves_the_manager_as_upstream_does(seed):
    rng = random.Random(seed)
    ours, theirs = manager(IndexedManager), manager(socketio.Manager)
    connected: list[tuple[str, str]] = []
    for step in range(400):
        action = rng.random()
        if action < 0.25 or not connected:
            ns = rng.choice(["/play", "/display", "/host"])
            eio_sid = f"e{step}"
            sids = {m.connect(eio_sid, ns) for m in (ours, theirs)}
            assert len(sids) == 1
            connected.append((sids.pop(), ns))
        elif action < 0.55:
            sid, ns = rng.choice(connected)
            room = rng.choice(["round:1", "round:2", "contest:1", "board:1:", "board:1:SNV"])
            for m in (ours, theirs):
                m.enter_room(sid, ns, room)
        elif action < 0.7:
            sid, ns = rng.choice(connected)
            room = rng.choice(["round:1", "contest:1", "board:1:SNV", "never-entered"])
            for m in (ours, theirs):
                m.leave_room(sid, ns, room)
        elif action < 0.8:
            sid, ns = rng.choice(connected)
            for m in (ours, theirs):
                m._generate_ack_id(sid, lambda *a: None)
        elif action < 0.9:
            sid, ns = connected.pop(rng.randrange(len(connected)))
            for m in (ours, theirs):
                m.pre_disconnect(sid, ns)
                m.disconnect(sid, ns)
        else:
            sid, ns = connected.pop(rng.randrange(len(connected)))
            for m in (ours, theirs):
                m.disconnect(sid, ns)
        assert state_of(ours) == state_of(theirs), f"after step {step}"
    for sid, ns in connected:  # everyone leaves: nothing is left behind in our index either
        for m in (ours, theirs):
            m.disconnect(sid, ns)
    assert state_of(ours) == state_of(theirs)
    assert not ours.__dict__.get("_rooms_of")


# --- eventlet's frame unmasking ----------------------------------------------------------

def test_apply_mask_equals_eventlets_on_random_frames():
    from eventlet.websocket import RFC6455WebSocket

    from contest.asyncmode import MASK_SAMPLES, apply_mask

    original = RFC6455WebSocket.__dict__["_apply_mask"]
    original = getattr(original, "__func__", original)
    if original is apply_mask:  # patched in this process already: the self-check ran
        pytest.skip("eventlet patched in this process")
    rng = random.Random(7)
    samples = list(MASK_SAMPLES)
    for _ in range(300):
        data = rng.randbytes(rng.randrange(0, 2_000))
        length = rng.choice([None, len(data), rng.randrange(0, len(data) + 1)])
        samples.append((data, rng.randbytes(4), length, rng.randrange(0, 8)))
    for sample in samples:
        assert apply_mask(*sample) == bytes(original(*sample))


def test_the_start_up_self_check_keeps_the_original_when_eventlet_changed(monkeypatch):
    from eventlet.websocket import RFC6455WebSocket

    from contest import asyncmode

    changed = staticmethod(lambda data, mask, length=None, offset=0: bytes(data[:length]))
    monkeypatch.setattr(RFC6455WebSocket, "_apply_mask", changed)
    asyncmode._unmask_frames_at_once()
    assert RFC6455WebSocket.__dict__["_apply_mask"] is changed
    monkeypatch.undo()


# --- session ids -------------------------------------------------------------------------

def test_an_engine_io_handshake_carries_the_node_tag():
    server = socketio.Server(async_mode="threading")
    tag_session_ids(server, "p5001")
    status = {}
    body = server.eio.handle_request(
        {"REQUEST_METHOD": "GET", "QUERY_STRING": "EIO=4&transport=polling", "PATH_INFO": "/socket.io/",
         "wsgi.input": None, "REMOTE_ADDR": "127.0.0.1"},
        lambda code, headers: status.setdefault("code", code))
    assert status["code"].startswith("200")
    opened = json.loads(b"".join(body).decode()[1:])
    assert opened["sid"].startswith("p5001.") and opened["sid"] in server.eio.sockets


# --- packets -----------------------------------------------------------------------------

@pytest.mark.parametrize("frame", [
    '2/play,["answer",{"question_id":3,"options":[1,2]}]', '2/play,12["answer",{"q":"Thủ tục"}]',
    '0/display,{"display_token":"x"}', '3/play,5[{"ok":true}]', '1/host,', '2["x"]',
])
def test_frames_decode_as_upstream_decodes_them(frame):
    ours, theirs = Packet(encoded_packet=frame), packet.Packet(encoded_packet=frame)
    assert (ours.packet_type, ours.namespace, ours.id, ours.data) == \
        (theirs.packet_type, theirs.namespace, theirs.id, theirs.data)


@pytest.mark.parametrize("frame", ['2/play,1' + "[" * 5000, '2/play,1{"a":', '2/play,1[]', '2/play,1{}',
                                   '2/play,1[3]', "2/play,1" + "[" * 100_000 + "]" * 100_000])
def test_an_undecodable_event_becomes_the_malformed_event(frame):
    decoded = Packet(encoded_packet=frame)
    assert decoded.packet_type == packet.EVENT and decoded.data == [MALFORMED]
