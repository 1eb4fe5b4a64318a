"""Simulated officials for the integration tests: python-socketio asyncio clients that
record every frame they receive, with the local time of receipt."""
from __future__ import annotations

import asyncio
import random
import time
from dataclasses import dataclass, field

import aiohttp
import socketio


def now_ms() -> int:
    return int(time.time() * 1000)


@dataclass
class Player:
    url: str
    join_code: str
    name: str
    agency_id: int
    behaviour: str = "normal"   # normal, late, twice, garbage, reconnect, silent
    token: str = ""
    participant_id: int = 0
    frames: list[tuple[int, str, object]] = field(default_factory=list)
    acked: dict[int, dict] = field(default_factory=dict)       # question_id -> ok ack
    refusals: list[tuple[int, str]] = field(default_factory=list)  # (question_id, error)
    sio: socketio.AsyncClient | None = None

    async def join(self, http: aiohttp.ClientSession) -> None:
        async with http.post(self.url + "/api/v1/join", json={
                "join_code": self.join_code, "name": self.name, "agency_id": self.agency_id}) as r:
            body = await r.json()
            assert r.status == 200, body
        self.token, self.participant_id = body["participant_token"], body["participant_id"]

    async def connect(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        for event in ("state", "question", "reveal", "finished"):
            self.sio.on(event, self._recorder(event), namespace="/play")
        await self.sio.connect(self.url, namespaces=["/play"], auth={"token": self.token},
                               transports=["websocket"], wait_timeout=30)

    def _recorder(self, event: str):
        async def record(data):
            self.frames.append((now_ms(), event, data))
            if event == "question":
                asyncio.ensure_future(self.play(data))
        return record

    async def send(self, payload: object) -> dict:
        return await self.sio.call("answer", payload, namespace="/play", timeout=30)

    async def answer(self, question: dict, option_id: int) -> None:
        ack = await self.send({"question_id": question["question_id"], "options": [option_id]})
        if ack.get("ok"):
            self.acked[question["question_id"]] = ack
        else:
            self.refusals.append((question["question_id"], ack["error"]))

    async def play(self, question: dict) -> None:
        choice = random.choice(question["options"])["id"]
        if self.behaviour == "silent":
            return
        if self.behaviour == "late":
            await asyncio.sleep(max(question["deadline_ms"] - now_ms(), 0) / 1000 + 1.5)
            return await self.answer(question, choice)
        await asyncio.sleep(random.uniform(0, 1.0))
        if self.behaviour == "garbage":
            for junk in ("rác", {"question_id": "x"}, {"question_id": question["question_id"], "options": [-5]}):
                ack = await self.send(junk)
                self.refusals.append((question["question_id"], ack["error"]))
        if self.behaviour == "reconnect":
            await self.sio.disconnect()
            await self.connect()
        await self.answer(question, choice)
        if self.behaviour == "twice":
            await self.answer(question, random.choice(question["options"])["id"])
