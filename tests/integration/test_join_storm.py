"""9:00, the contest opens: hundreds of officials press "Vào thi" in the same second on the
real server, some twice from the same phone. Every one gets a token that plays, the same
person is one participant however the presses interleave, and the round runs for all."""
from __future__ import annotations

import asyncio
from collections import Counter

import aiohttp
import pytest

from players import Player
from scenario import setup_round
from server import ServerProcess

pytestmark = pytest.mark.server
PEOPLE = 400
TWICE = 60  # of them press twice at once from the same phone (one device cookie)


@pytest.fixture(params=["eventlet", "gevent"])
def server(request, tmp_path):
    proc = ServerProcess(tmp_path, mode=request.param, extra_env={"CONTEST_JOIN_LIMIT": "0"}).prepare()
    proc.start()
    yield proc
    proc.stop()


async def press(url: str, code: str, name: str, agency_id: int, times: int) -> list[dict]:
    """One phone (one cookie jar) pressing "Vào thi" ``times`` times at once."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as phone:  # 127.0.0.1
        first = await phone.post(url + "/api/v1/join", json={"join_code": code, "name": name,
                                                              "agency_id": agency_id})
        bodies = [await first.json()]
        assert first.status == 200, bodies
        if times > 1:  # the same phone again while the others are still joining
            again = await asyncio.gather(*(phone.post(url + "/api/v1/join", json={
                "join_code": code, "name": name, "agency_id": agency_id}) for _ in range(times - 1)))
            bodies += [await r.json() for r in again]
    return bodies


async def storm(server: ServerProcess, code: str, agencies: list[int]) -> list[list[dict]]:
    return await asyncio.gather(*(press(server.url, code, f"Cán bộ {i:03d}", agencies[i % 2],
                                        3 if i < TWICE else 1) for i in range(PEOPLE)))


async def play(server: ServerProcess, round_id: int, code: str, tokens: dict[int, str]) -> list[Player]:
    players = [Player(server.url, code, "", 0, token=token, participant_id=pid) for pid, token in tokens.items()]
    await asyncio.gather(*(p.connect() for p in players))
    assert server.api("post", f"/rounds/{round_id}/start").json()["status"] == "question"
    for _ in range(80):
        if all(any(f[1] == "finished" for f in p.frames) for p in players):
            break
        await asyncio.sleep(0.5)
    await asyncio.gather(*(p.sio.disconnect() for p in players))
    return players


def test_a_join_storm_gives_everyone_one_participant_and_a_round_to_play(server):
    round_id, code, agencies = setup_round(server, question_count=2, seconds_per_question=4,
                                           advance="auto", reveal_seconds=1)
    presses = asyncio.run(storm(server, code, agencies))

    for i, bodies in enumerate(presses):  # every press answered, the same person each time
        assert all(b.get("participant_token") for b in bodies), bodies
        assert len({b["participant_id"] for b in bodies}) == 1, (i, bodies)
        assert {b["name"] for b in bodies} == {f"Cán bộ {i:03d}"}
    tokens = {bodies[0]["participant_id"]: bodies[0]["participant_token"] for bodies in presses}
    assert len(tokens) == PEOPLE  # nobody shares an entry with somebody else
    assert server.api("get", f"/rounds/{round_id}").json()["joined"] == PEOPLE

    players = asyncio.run(play(server, round_id, code, tokens))
    for p in players:  # the first state (from memory, for those just joined): the lobby, nothing yet
        first = next(data for _, event, data in p.frames if event == "state")
        assert first["status"] == "lobby" and first["my"] == {"score": 0, "answered": [], "rank": None}
    stored = server.api("get", f"/rounds/{round_id}/answers").json()
    keys = Counter((a["participant_id"], a["question_id"]) for a in stored)
    acked = {(p.participant_id, q) for p in players for q in p.acked}
    assert max(keys.values()) == 1 and set(keys) == acked
    assert len(acked) == PEOPLE * 2  # everyone answered both questions, within a second of each
    assert all(any(event == "finished" for _, event, _ in p.frames) for p in players)
