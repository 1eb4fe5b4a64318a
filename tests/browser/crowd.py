"""A hall of simulated officials for the browser tests: they join over HTTP, listen on
/play and answer each question after a human delay, right with a given probability.

The correct options are read from the server's SQLite file: the simulation needs to
choose right or wrong on purpose, the server never tells before the deadline."""
from __future__ import annotations

import asyncio
import random
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import socketio

NAMES = [
    "Nguyễn Thị Thu Hà", "Trần Văn Minh", "Lê Hoàng Phúc", "Phạm Ngọc Ánh", "Huỳnh Thanh Tâm",
    "Võ Thị Kim Ngân", "Đặng Quốc Bảo", "Thạch Sô Phanh", "Lâm Thị Mỹ Linh", "Bùi Đức Trọng",
    "Trương Minh Khoa", "Dương Thị Bích Trâm", "Lý Hoàng Nam", "Sơn Thị Sa Rươne", "Hồ Văn Lợi",
    "Châu Ngọc Diễm", "Kim Văn Sóc", "Mai Thị Hồng Nhung", "Tô Quốc Việt", "Đoàn Thị Lan Anh",
]


@dataclass
class Official:
    name: str
    agency_id: int
    accuracy: float
    token: str = ""
    sio: socketio.AsyncClient | None = None


class Crowd:
    def __init__(self, url: str, join_code: str, database: Path, officials: list[Official]):
        self.url, self.join_code, self.database = url, join_code, database
        self.officials = officials
        self.answered = 0

    async def join(self) -> None:
        async with aiohttp.ClientSession() as http:
            for official in self.officials:
                async with http.post(self.url + "/api/v1/join", json={
                        "join_code": self.join_code, "name": official.name,
                        "agency_id": official.agency_id}) as response:
                    assert response.status == 200, await response.text()
                    official.token = (await response.json())["participant_token"]

    async def connect(self) -> None:
        await asyncio.gather(*(self._connect(o) for o in self.officials))

    async def _connect(self, official: Official) -> None:
        official.sio = socketio.AsyncClient(reconnection=False)
        official.sio.on("question", lambda q, o=official: asyncio.ensure_future(self._play(o, q)),
                        namespace="/play")
        await official.sio.connect(self.url, namespaces=["/play"], auth={"token": official.token},
                                   transports=["websocket"], wait_timeout=30)

    async def _play(self, official: Official, question: dict) -> None:
        await asyncio.sleep(random.uniform(0.4, 3.5))
        right = self._correct(question["question_id"])
        options = [o["id"] for o in question["options"]]
        wrong = [o for o in options if o not in right] or options
        choice = sorted(right) if random.random() < official.accuracy else [random.choice(wrong)]
        ack = await official.sio.call("answer", {"question_id": question["question_id"], "options": choice},
                                      namespace="/play", timeout=30)
        if ack.get("ok"):
            self.answered += 1

    def _correct(self, question_id: int) -> set[int]:
        with sqlite3.connect(self.database) as conn:
            rows = conn.execute('SELECT id FROM "option" WHERE question_id = ? AND is_correct', (question_id,))
            return {row[0] for row in rows}

    async def close(self) -> None:
        await asyncio.gather(*(o.sio.disconnect() for o in self.officials if o.sio and o.sio.connected))
