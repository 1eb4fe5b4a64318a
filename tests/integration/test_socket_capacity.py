"""A process that is full refuses new sockets (503) instead of running out of file
descriptors under everyone already connected: they keep answering and being stored."""
from __future__ import annotations

import asyncio

import aiohttp
import pytest
import socketio

from players import Player
from scenario import setup_round
from server import ServerProcess

pytestmark = pytest.mark.server
CAPACITY = 20


@pytest.fixture
def server(tmp_path):
    proc = ServerProcess(tmp_path, extra_env={"CONTEST_MAX_SOCKETS": str(CAPACITY)}).prepare()
    proc.start()
    yield proc
    proc.stop()


async def hall(server: ServerProcess, round_id: int, code: str, agencies: list[int]):
    players = [Player(server.url, code, f"Cán bộ {i}", agencies[i % 2]) for i in range(CAPACITY + 5)]
    async with aiohttp.ClientSession() as http:
        await asyncio.gather(*(p.join(http) for p in players))
    outcomes = await asyncio.gather(*(p.connect() for p in players), return_exceptions=True)
    inside = [p for p, o in zip(players, outcomes) if o is None]
    outside = [p for p, o in zip(players, outcomes) if o is not None]
    assert all(isinstance(o, socketio.exceptions.ConnectionError) for o in outcomes if o is not None)
    for p in outside:  # a refused client keeps its HTTP session: closed here, not at exit
        await p.sio.eio.http.close()
    assert server.api("post", f"/rounds/{round_id}/start").json()["status"] == "question"
    for _ in range(40):
        if all(p.acked for p in inside):
            break
        await asyncio.sleep(0.25)
    await inside[0].sio.disconnect()
    await asyncio.sleep(0.3)
    await outside[0].connect()  # room again: the next phone gets in
    await asyncio.gather(*(p.sio.disconnect() for p in inside[1:] + outside[:1]))
    return inside, outside


def test_a_full_process_refuses_new_sockets_and_the_hall_inside_keeps_answering(server):
    round_id, code, agencies = setup_round(server, question_count=1, seconds_per_question=5)
    inside, outside = asyncio.run(hall(server, round_id, code, agencies))
    assert len(inside) == CAPACITY and len(outside) == 5
    stored = {a["participant_id"] for a in server.api("get", f"/rounds/{round_id}/answers").json()}
    assert stored == {p.participant_id for p in inside if p.acked}
    assert all(p.acked for p in inside if p.behaviour == "normal")
    assert any(event == "state" for _, event, _ in outside[0].frames)
