"""Two server processes on the real PostgreSQL and Redis serve one live round.

Clients on both; broadcasts reach both; every acknowledged answer is stored once;
the standings are the same whichever process is asked. Then the process that
conducts the round is killed in the middle of a question: its clients reconnect to
the other one, which takes the lease over and carries the round on.
"""
from __future__ import annotations

import asyncio
import hashlib
import time
from collections import Counter
from dataclasses import dataclass

import aiohttp
import psycopg2
import pytest
import redis
import requests

import question_bank as qb

from factories import question_rows
from players import Player, now_ms
from server import ServerProcess
from services import require_postgres, require_redis, reset_postgres

pytestmark = [pytest.mark.server, pytest.mark.services]
PLAYERS = 80
QUESTIONS = 4
LEASE_SECONDS = 3


def scale_out_database(url: str) -> str:
    """A database of its own next to the given one, emptied: other suites use theirs."""
    base, _, name = url.rpartition("/")
    target = f"{base}/{name}_scale_out"
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (f"{name}_scale_out",))
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}_scale_out"')
    conn.close()
    reset_postgres(target)
    return target


@dataclass
class Official(Player):
    """A player who, when its server goes away, reconnects to the other one."""

    fallback: str = ""
    home: str = ""
    reconnected: int = 0
    leaving: bool = False

    async def connect(self) -> None:
        self.home = self.home or self.url
        await super().connect()
        self.sio.on("disconnect", self._lost, namespace="/play")

    async def _lost(self, *_: object) -> None:
        if self.leaving:
            return
        self.url, self.fallback = self.fallback, self.url
        for _ in range(40):
            try:
                await self.connect()
                self.reconnected += 1
                return
            except Exception:
                await asyncio.sleep(0.25)

    async def answer(self, question: dict, option_id: int) -> None:
        try:
            await super().answer(question, option_id)
        except Exception:  # the server died with the answer in flight: not acknowledged
            pass


@pytest.fixture(params=["eventlet", "gevent"])
def cluster(request, tmp_path):
    database = scale_out_database(require_postgres())
    queue = require_redis()
    env = {"CONTEST_MESSAGE_QUEUE": queue, "CONTEST_LEASE_SECONDS": str(LEASE_SECONDS)}
    first = ServerProcess(tmp_path, mode=request.param, database_url=database, extra_env=env).prepare()
    second = ServerProcess(tmp_path, mode=request.param, database_url=database, extra_env=env)
    second.token = first.token  # one database, one organiser; one instance dir, one secret key
    servers = [first.start(), second.start()]
    yield servers, database, queue
    for server in servers:
        server.stop()


def setup_round(server: ServerProcess) -> tuple[int, str, list[int]]:
    roster = qb.Roster(agencies=[qb.AgencyRow("T", "Tỉnh", None, None),
                                 qb.AgencyRow("SNV", "Sở Nội vụ", "T", 60),
                                 qb.AgencyRow("X1", "Xã Long Hưng", "T", 40)], officials=[])
    assert server.api("post", "/agencies/import", files={"file": ("ds.xlsx", qb.write_roster(roster))}).ok
    agencies = [a["agency_id"] for a in server.api("get", "/agencies").json() if a["code"] != "T"]
    bank = server.api("post", "/question-banks", files={"file": ("b.xlsx", qb.write_bank(question_rows(8)))},
                      data={"name": "Ngân hàng"}).json()
    contest = server.api("post", "/contests", json={"title": "Hội thi hai máy chủ"}).json()
    created = server.api("post", f"/contests/{contest['contest_id']}/rounds", json={
        "title": "Chung kết", "mode": "live", "bank_id": bank["bank_id"], "question_count": QUESTIONS,
        "seconds_per_question": 3, "advance": "auto", "reveal_seconds": 1}).json()
    return created["round_id"], created["join_code"], agencies


def conductor_of(queue: str, database: str, round_id: int, servers: list[ServerProcess]) -> ServerProcess:
    namespace = hashlib.sha1(database.encode()).hexdigest()[:12]
    client = redis.Redis.from_url(queue)
    for _ in range(50):
        owner = client.get(f"contest:lease:{namespace}:round:{round_id}")
        if owner:
            pid = int(owner.decode().split(":")[1])
            return next(s for s in servers if s.proc.pid == pid)
        time.sleep(0.1)
    raise AssertionError("nobody holds the round's lease")


def questions_seen(player: Player) -> dict[int, int]:
    """question_id -> index, of the `question` frames a player received."""
    return {data["question_id"]: data["index"] for _, event, data in player.frames if event == "question"}


async def play(servers, database, queue, round_id, code, agencies):
    players = [Official(servers[i % 2].url, code, f"Cán bộ {i}", agencies[i % 2], fallback=servers[1 - i % 2].url)
               for i in range(PLAYERS)]
    async with aiohttp.ClientSession() as http:
        await asyncio.gather(*(p.join(http) for p in players))
    await asyncio.gather(*(p.connect() for p in players))
    assert servers[1].api("post", f"/rounds/{round_id}/start").json()["status"] == "question"

    # the second question: both processes' clients get it, answers come in, then a crash
    await wait_for(lambda: all(1 in questions_seen(p).values() for p in players), 60)
    await asyncio.sleep(1.3)  # the answers (0-1 s after the question) are in or on their way
    victim = conductor_of(queue, database, round_id, servers)
    killed_ms = now_ms()
    victim.kill()
    survivor = servers[1 - servers.index(victim)]

    await wait_for(lambda: all(any(f[1] == "finished" for f in p.frames) for p in players), 90)
    for p in players:
        p.leaving = True
    await asyncio.gather(*(p.sio.disconnect() for p in players))
    return players, victim, survivor, killed_ms


async def wait_for(predicate, seconds: float) -> None:
    deadline = time.time() + seconds
    while not predicate():
        assert time.time() < deadline, "timed out"
        await asyncio.sleep(0.1)


def test_two_processes_one_round_and_a_crash(cluster):
    servers, database, queue = cluster
    for server in servers:  # the health check covers the database and the message queue
        assert requests.get(server.url + "/healthz", timeout=5).json() == {"ok": True}
    round_id, code, agencies = setup_round(servers[0])
    players, victim, survivor, killed_ms = asyncio.run(play(servers, database, queue, round_id, code, agencies))

    # broadcasts reached the clients of both processes: every question, the end
    for p in players:
        assert set(questions_seen(p).values()) == set(range(QUESTIONS))
        assert any(f[1] == "finished" for f in p.frames)
    victims = [p for p in players if p.home == victim.url]
    assert victims and all(p.reconnected >= 1 for p in victims)

    # the round went on within 5 s of the lease running out
    deadlines = {d["question_id"]: d["deadline_ms"] for p in players for _, e, d in p.frames if e == "question"}
    cut = min((deadline, qid) for qid, deadline in deadlines.items() if deadline >= killed_ms)[1]
    lease_out = max(killed_ms + LEASE_SECONDS * 1000, deadlines[cut] + 500)
    first_reveal = min(t for p in players for t, e, d in p.frames if e == "reveal" and d["question_id"] == cut)
    assert first_reveal <= lease_out + 5000

    # every acknowledged answer stored exactly once; nothing else stored but answers in flight
    stored = survivor.api("get", f"/rounds/{round_id}/answers").json()
    keys = Counter((a["participant_id"], a["question_id"]) for a in stored)
    acked = {(p.participant_id, q) for p in players for q in p.acked}
    assert max(keys.values()) == 1
    assert acked <= set(keys)
    assert {q for _, q in set(keys) - acked} <= {cut}
    assert len(acked) > PLAYERS * (QUESTIONS - 1) * 0.8

    # the same standings whichever process is asked (the crashed one restarted)
    victim.start()
    boards = [s.api("get", f"/rounds/{round_id}/leaderboard?limit=1000").json() for s in (survivor, victim)]
    assert all("participants" in b for b in boards), boards
    assert boards[0]["participants"] == boards[1]["participants"]
    assert boards[0]["agencies"] == boards[1]["agencies"]
    assert survivor.api("get", f"/rounds/{round_id}").json()["status"] == "finished"
    score = Counter()
    for a in stored:
        score[a["participant_id"]] += a["points"]
    assert {e["participant_id"]: e["score"] for e in boards[0]["participants"]} == \
        {p.participant_id: score[p.participant_id] for p in players}
