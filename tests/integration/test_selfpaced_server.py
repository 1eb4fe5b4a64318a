"""Self-paced round on the real server process: officials start papers within a short window,
answer (changing some answers), reload mid-paper, predict; some submit, the others let the
time run out. Then every acked answer must be stored as last sent, and the standings and the
results workbook must match what is recomputed here from the stored answers.

SELFPACED_OFFICIALS=2000 runs it at the size of the issue's check (default 300).
"""
from __future__ import annotations

import asyncio
import io
import os
import random
import time

import aiohttp
import openpyxl
import pytest
import socketio

from scenario import setup_round

pytestmark = [pytest.mark.server]
OFFICIALS = int(os.environ.get("SELFPACED_OFFICIALS", "300"))
# The shortest paper the settings allow, so the time-outs come quickly; a big crowd in this one
# client process needs longer to get through its papers.
DURATION_S = max(30, OFFICIALS // 15)
WINDOW_S = 15         # every paper starts within this window


class Official:
    def __init__(self, url: str, code: str, index: int, agency_id: int, rng: random.Random):
        self.url, self.code, self.index, self.agency_id, self.rng = url, code, index, agency_id, rng
        self.sio: socketio.AsyncClient | None = None
        self.token, self.pid = "", 0
        self.chosen: dict[int, list[int]] = {}   # question_id -> last acked options
        self.prediction: int | None = None
        self.result: dict | None = None
        self.problems: list[str] = []
        self.states: list[dict] = []
        self.started = self.deadline = 0

    async def connect(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        self.sio.on("state", self.states.append, namespace="/play")
        await self.sio.connect(self.url, namespaces=["/play"], auth={"token": self.token},
                               transports=["websocket"], wait_timeout=60)

    async def call(self, event: str, payload: dict) -> dict:
        return await self.sio.call(event, payload, namespace="/play", timeout=60)

    async def play(self, http: aiohttp.ClientSession, start_at: float) -> None:
        async with http.post(self.url + "/api/v1/join", json={
                "join_code": self.code, "name": f"Cán bộ {self.index:05d}", "agency_id": self.agency_id}) as r:
            body = await r.json()
        self.token, self.pid = body["participant_token"], body["participant_id"]
        await self.connect()
        await asyncio.sleep(max(start_at - time.time(), 0))
        attempt = await self.call("start_attempt", {})
        if not attempt.get("ok"):
            self.problems.append(f"start: {attempt}")
            return
        self.started, self.deadline = attempt["started_ms"], attempt["deadline_ms"]
        questions = attempt["questions"][:]
        self.rng.shuffle(questions)  # any order
        reload_at = self.rng.randrange(len(questions)) if self.rng.random() < 0.25 else -1
        for i, q in enumerate(questions):
            for _ in range(1 + (self.rng.random() < 0.3)):  # some change their answer
                await self.answer(attempt["attempt_id"], q)
            if i == reload_at:
                await self.reload(attempt)
        if self.rng.random() < 0.9:
            self.prediction = self.rng.randint(0, 5)
            ack = await self.call("predict", {"attempt_id": attempt["attempt_id"], "value": self.prediction})
            if not ack.get("ok"):
                self.problems.append(f"predict: {ack}")
        if self.rng.random() < 0.7:
            self.result = await self.call("submit", {"attempt_id": attempt["attempt_id"]})
        await self.sio.disconnect()

    async def answer(self, attempt_id: int, q: dict) -> None:
        options = [self.rng.choice(q["options"])["id"]]
        ack = await self.call("answer", {"attempt_id": attempt_id, "question_id": q["question_id"],
                                         "options": options})
        if ack.get("ok"):
            self.chosen[q["question_id"]] = options
        else:
            self.problems.append(f"answer: {ack}")

    async def reload(self, attempt: dict) -> None:
        await self.sio.disconnect()
        self.states.clear()
        await self.connect()
        for _ in range(100):
            if self.states:
                break
            await asyncio.sleep(0.05)
        resumed = self.states[0]["attempt"] if self.states else None
        expected = {str(q): o for q, o in self.chosen.items()}
        if not resumed or resumed["attempt_id"] != attempt["attempt_id"] or resumed["answers"] != expected:
            self.problems.append(f"resume: {resumed and resumed['answers']} != {expected}")


async def crowd(url: str, code: str, agencies: list[int]) -> list[Official]:
    rng = random.Random(11)
    officials = [Official(url, code, i, agencies[i % len(agencies)], random.Random(rng.random()))
                 for i in range(OFFICIALS)]
    t0 = time.time() + 3
    limits = aiohttp.TCPConnector(limit=200)
    async with aiohttp.ClientSession(connector=limits) as http:
        await asyncio.gather(*(o.play(http, t0 + rng.uniform(0, WINDOW_S)) for o in officials))
    return officials


def expected_ranking(officials: list[Official], stored: list[dict]) -> list[int]:
    """Participant ids in the order of the rule, from the stored answers and what was sent."""
    score = {o.pid: 0 for o in officials}
    for row in stored:
        score[row["participant_id"]] += row["points"]
    perfect = sum(1 for o in officials if score[o.pid] == 5)

    def rule(o: Official) -> tuple:
        error = None if o.prediction is None else abs(o.prediction - perfect)
        used = o.result["time_used_ms"] if o.result else o.deadline - o.started
        submitted = o.result["submitted_ms"] if o.result else o.deadline  # the time-outs
        return -score[o.pid], error is None, error or 0, used, submitted, o.pid

    return [o.pid for o in sorted(officials, key=rule)]


def test_many_papers_at_once_then_standings_and_workbook_from_the_stored_answers(server):
    now = int(time.time() * 1000)
    round_id, code, agencies = setup_round(server, mode="self_paced", question_count=5,
                                           duration_seconds=DURATION_S, opens_at_ms=now,
                                           closes_at_ms=now + 3_600_000, score_min_answered=0)
    officials = asyncio.run(crowd(server.url, code, agencies))
    problems = [p for o in officials for p in o.problems]
    assert not problems, problems[:10]

    time.sleep(DURATION_S + 3)  # the papers left open run out; the server submits them
    stored = server.api("get", f"/rounds/{round_id}/answers").json()
    mine = {(a["participant_id"], a["question_id"]): a["options"] for a in stored}
    for o in officials:  # acked means stored, as last sent
        for qid, options in o.chosen.items():
            assert mine[(o.pid, qid)] == options
    assert len(stored) == sum(len(o.chosen) for o in officials)
    for o in officials:
        if o.result:
            assert o.result["score"] == sum(a["points"] for a in stored if a["participant_id"] == o.pid)

    assert server.api("post", f"/rounds/{round_id}/finish").ok
    board = server.api("get", f"/rounds/{round_id}/leaderboard?limit=100000").json()["participants"]
    expected = expected_ranking(officials, stored)
    assert [p["participant_id"] for p in board] == expected
    book = openpyxl.load_workbook(io.BytesIO(server.api("get", f"/rounds/{round_id}/results.xlsx").content))
    sheet = [[c.value for c in row] for row in book["Thí sinh"].iter_rows(min_row=6)]
    names = {o.pid: f"Cán bộ {o.index:05d}" for o in officials}
    predictions = {o.pid: o.prediction for o in officials}
    assert [(row[0], row[1], row[5]) for row in sheet] == \
        [(rank, names[pid], predictions[pid]) for rank, pid in enumerate(expected, start=1)]
    assert [row[3] for row in sheet] == [p["score"] for p in board]
