"""A five-question live round on the real server process, under eventlet and gevent,
with 200 simulated officials: some late, some twice, some with garbage, one reconnecting."""
from __future__ import annotations

import asyncio
import json
from collections import Counter

import aiohttp
import pytest

from players import Player, now_ms
from scenario import setup_round
from server import ServerProcess

pytestmark = pytest.mark.server
PLAYERS = 200
QUESTIONS = 5


def behaviour(i: int) -> str:
    if i == 0:
        return "reconnect"
    return {0: "late", 1: "twice", 2: "garbage", 3: "silent"}.get(i % 10, "normal")


@pytest.fixture(params=["eventlet", "gevent"])
def server(request, tmp_path):
    proc = ServerProcess(tmp_path, mode=request.param).prepare()
    proc.start()
    yield proc
    proc.stop()


async def play_round(server: ServerProcess, round_id: int, code: str, agencies: list[int]) -> list[Player]:
    players = [Player(server.url, code, f"Cán bộ số {i}", agencies[i % 2], behaviour(i)) for i in range(PLAYERS)]
    async with aiohttp.ClientSession() as http:
        await asyncio.gather(*(p.join(http) for p in players))
    await asyncio.gather(*(p.connect() for p in players))
    assert server.api("post", f"/rounds/{round_id}/start").json()["status"] == "question"
    for _ in range(120):
        if all(any(f[1] == "finished" for f in p.frames) for p in players):
            break
        await asyncio.sleep(0.5)
    await asyncio.sleep(0.5)
    await asyncio.gather(*(p.sio.disconnect() for p in players))
    return players


def test_live_round_end_to_end(server):
    round_id, code, agencies = setup_round(server, question_count=QUESTIONS, seconds_per_question=3,
                                           advance="auto", reveal_seconds=1)
    players = asyncio.run(play_round(server, round_id, code, agencies))
    stored = server.api("get", f"/rounds/{round_id}/answers").json()

    # every acknowledged answer stored exactly once, nothing unacknowledged stored
    acked = {(p.participant_id, q) for p in players for q in p.acked}
    keys = Counter((a["participant_id"], a["question_id"]) for a in stored)
    assert max(keys.values()) == 1
    assert set(keys) == acked
    assert len(acked) > PLAYERS * QUESTIONS * 0.6

    # every player got every question and the end of the round
    for p in players:
        assert sum(1 for f in p.frames if f[1] == "question") >= QUESTIONS - (1 if p.behaviour == "reconnect" else 0)
        assert any(f[1] == "finished" for f in p.frames)

    # the refusals are the ones the protocol promises
    refusals = Counter(e for p in players for _, e in p.refusals)
    assert refusals["late"] == sum(1 for p in players if p.behaviour == "late") * QUESTIONS
    assert refusals["already_answered"] == sum(1 for p in players if p.behaviour == "twice") * QUESTIONS
    assert refusals["bad_payload"] >= 2 * sum(1 for p in players if p.behaviour == "garbage") * QUESTIONS
    assert set(refusals) <= {"late", "already_answered", "bad_payload", "invalid_option"}

    # correctness and scores recomputed from the stored answers and the revealed keys
    reveals = {}
    for p in players:
        for _, event, data in p.frames:
            if event == "reveal":
                reveals[data["question_id"]] = set(data["correct"])
    assert len(reveals) == QUESTIONS
    score = Counter()
    for a in stored:
        assert a["correct"] == (set(a["options"]) == reveals[a["question_id"]])
        assert a["points"] == (1 if a["correct"] else 0)
        score[a["participant_id"]] += a["points"]
    board = server.api("get", f"/rounds/{round_id}/leaderboard?limit=1000").json()
    assert {e["participant_id"]: e["score"] for e in board["participants"]} == \
        {p.participant_id: score[p.participant_id] for p in players}
    assert [e["rank"] for e in board["participants"]] == list(range(1, PLAYERS + 1))

    # no frame before a deadline holds that question's correct options
    deadlines = {}
    for p in players:
        for _, event, data in p.frames:
            if event == "question":
                deadlines[data["question_id"]] = data["deadline_ms"]
    for p in players:
        for received, event, data in p.frames:
            text = json.dumps(data)
            revealed = data.get("reveal") if event == "state" else data if event == "reveal" else None
            if revealed is None and event in ("question", "state"):
                assert '"correct"' not in text
            if revealed is not None:  # a reveal, or a state during one: only past the deadline
                assert data.get("status", "reveal") == "reveal"
                assert received >= deadlines[revealed["question_id"]]
    assert now_ms() > max(deadlines.values())
