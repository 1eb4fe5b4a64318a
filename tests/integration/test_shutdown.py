"""SIGTERM, a planned restart: the process stops conducting and gives its leases back,
commits and acknowledges the answers it received, closes its sockets and exits within
10 s. Restarted on the same database, the round goes on from its stored deadlines; with
two processes the other one takes the round over at once, not a lease later."""
from __future__ import annotations

import asyncio
import hashlib
import signal
import time
from collections import Counter
from dataclasses import dataclass, field

import aiohttp
import pytest
import redis
from test_scale_out import scale_out_database

import question_bank as qb

from factories import question_rows
from players import Player, now_ms
from server import ServerProcess
from services import require_postgres, require_redis

pytestmark = pytest.mark.server
PLAYERS = 40


@dataclass
class Official(Player):
    """A phone that reconnects by itself, to whichever server of `urls` answers."""

    urls: list[str] = field(default_factory=list)
    reconnected: int = 0
    leaving: bool = False

    async def connect(self) -> None:
        await super().connect()
        self.sio.on("disconnect", self._lost, namespace="/play")

    async def _lost(self, *_: object) -> None:
        for attempt in range(160):
            if self.leaving:
                return
            self.url = self.urls[attempt % len(self.urls)]
            try:
                await self.connect()
                self.reconnected += 1
                return
            except Exception:
                await asyncio.sleep(0.25)

    async def answer(self, question: dict, option_id: int) -> None:
        try:
            await super().answer(question, option_id)
        except Exception:  # the connection closed with the answer in flight: not acknowledged
            pass

    def states(self) -> list[dict]:
        return [d for _, e, d in self.frames if e == "state"]


def setup_round(server: ServerProcess, seconds: int) -> tuple[int, str, list[int]]:
    roster = qb.Roster(agencies=[qb.AgencyRow("T", "Tỉnh", None, None),
                                 qb.AgencyRow("SNV", "Sở Nội vụ", "T", 60)], officials=[])
    assert server.api("post", "/agencies/import", files={"file": ("ds.xlsx", qb.write_roster(roster))}).ok
    agencies = [a["agency_id"] for a in server.api("get", "/agencies").json() if a["code"] != "T"]
    bank = server.api("post", "/question-banks", files={"file": ("b.xlsx", qb.write_bank(question_rows(6)))},
                      data={"name": "Ngân hàng"}).json()
    contest = server.api("post", "/contests", json={"title": "Hội thi khởi động lại"}).json()
    created = server.api("post", f"/contests/{contest['contest_id']}/rounds", json={
        "title": "Chung kết", "mode": "live", "bank_id": bank["bank_id"], "question_count": 3,
        "seconds_per_question": seconds, "advance": "auto", "reveal_seconds": 2}).json()
    return created["round_id"], created["join_code"], agencies


def terminate(server: ServerProcess) -> float:
    """SIGTERM; returns the seconds the process took to exit (it must, by itself)."""
    began = time.monotonic()
    server.proc.send_signal(signal.SIGTERM)
    server.proc.wait(20)
    return time.monotonic() - began


async def wait_for(predicate, seconds: float, players: list[Official] = ()) -> None:
    deadline = time.time() + seconds
    while not predicate():
        assert time.time() < deadline, "timed out: " + "; ".join(
            f"{p.name} on {p.url} reconnected {p.reconnected}: {[(e, d.get('status')) for _, e, d in p.frames[-4:]]}"
            for p in players if not any(e == "finished" for _, e, _ in p.frames))[:3000]
        await asyncio.sleep(0.1)


def questions_seen(player: Player) -> dict[int, int]:
    return {data["question_id"]: data["index"] for _, event, data in player.frames if event == "question"}


def assert_every_ack_stored_once(server: ServerProcess, round_id: int, players: list[Official]) -> None:
    stored = server.api("get", f"/rounds/{round_id}/answers").json()
    keys = Counter((a["participant_id"], a["question_id"]) for a in stored)
    acked = {(p.participant_id, q) for p in players for q in p.acked}
    assert acked and max(keys.values()) == 1
    assert acked <= set(keys), f"acknowledged, not stored: {acked - set(keys)}"


@pytest.mark.parametrize("mode", ["eventlet", "gevent"])
def test_sigterm_mid_question_loses_no_answer_and_the_round_resumes_after_a_restart(tmp_path, mode):
    server = ServerProcess(tmp_path, mode=mode).prepare().start()
    try:
        round_id, code, agencies = setup_round(server, seconds=8)
        exit_s, players, restarted_ms = asyncio.run(
            restart_mid_question(server, round_id, code, agencies))
        assert exit_s < 10, f"SIGTERM took {exit_s:.1f} s"
        assert "shutting down" in server.log_tail()
        assert_every_ack_stored_once(server, round_id, players)
        # everyone came back to the right phase and played the round to its end
        assert all(p.reconnected >= 1 for p in players)
        for p in players:
            assert set(questions_seen(p).values()) == {0, 1, 2}, [(t - restarted_ms, e, d.get("status") if isinstance(d, dict) else d) for t, e, d in p.frames]
            assert any(e == "finished" for _, e, _ in p.frames)
            back = [d for t, e, d in p.frames if e == "state" and t >= restarted_ms][0]
            assert back["status"] in ("question", "reveal") and back["question"]["index"] == 0
        assert server.api("get", f"/rounds/{round_id}").json()["status"] == "finished"
    finally:
        server.stop()


async def restart_mid_question(server, round_id, code, agencies):
    players = [Official(server.url, code, f"Cán bộ {i}", agencies[0], urls=[server.url]) for i in range(PLAYERS)]
    async with aiohttp.ClientSession() as http:
        await asyncio.gather(*(p.join(http) for p in players))
    await asyncio.gather(*(p.connect() for p in players))
    assert server.api("post", f"/rounds/{round_id}/start").json()["status"] == "question"
    await wait_for(lambda: all(questions_seen(p) for p in players), 30)
    await asyncio.sleep(0.5)  # answers (0-1 s after the question) are arriving
    exit_s = await asyncio.get_running_loop().run_in_executor(None, terminate, server)
    server.start()  # the same database: the round goes on from its stored deadlines
    restarted_ms = now_ms()
    await wait_for(lambda: all(any(e == "finished" for _, e, _ in p.frames) for p in players), 90, players)
    for p in players:
        p.leaving = True
    await asyncio.gather(*(p.sio.disconnect() for p in players))
    return exit_s, players, restarted_ms


@pytest.mark.services
def test_the_other_process_takes_the_round_over_at_once_after_a_sigterm(tmp_path):
    database, queue = scale_out_database(require_postgres()), require_redis()
    env = {"CONTEST_MESSAGE_QUEUE": queue, "CONTEST_LEASE_SECONDS": "6"}
    first = ServerProcess(tmp_path, database_url=database, extra_env=env).prepare()
    second = ServerProcess(tmp_path, database_url=database, extra_env=env)
    second.token = first.token
    servers = [first.start(), second.start()]
    try:
        round_id, code, agencies = setup_round(servers[0], seconds=4)
        result = asyncio.run(take_over(servers, database, queue, round_id, code, agencies))
        players, victim, survivor, termed_ms, taken_ms, deadline_ms, exit_s = result
        assert exit_s < 10
        assert taken_ms - termed_ms < 3_000  # not the 6 s lease: it was released
        first_reveal = min(t for p in players for t, e, d in p.frames
                           if e == "reveal" and d["question_id"] == deadline_ms[0])
        assert first_reveal <= deadline_ms[1] + 500 + 2_000  # the reveal on time, by the survivor
        assert_every_ack_stored_once(survivor, round_id, players)
        assert survivor.api("get", f"/rounds/{round_id}").json()["status"] == "finished"
    finally:
        for server in servers:
            server.stop()


async def take_over(servers, database, queue, round_id, code, agencies):
    urls = [s.url for s in servers]
    players = [Official(urls[i % 2], code, f"Cán bộ {i}", agencies[0], urls=urls[::-1] if i % 2 else urls)
               for i in range(PLAYERS)]
    async with aiohttp.ClientSession() as http:
        await asyncio.gather(*(p.join(http) for p in players))
    await asyncio.gather(*(p.connect() for p in players))
    assert servers[1].api("post", f"/rounds/{round_id}/start").json()["status"] == "question"
    key = f"contest:lease:{hashlib.sha1(database.encode()).hexdigest()[:12]}:round:{round_id}"
    client = redis.Redis.from_url(queue)
    await wait_for(lambda: client.get(key) is not None, 10)
    holder = int(client.get(key).decode().split(":")[1])
    victim = next(s for s in servers if s.proc.pid == holder)
    survivor = servers[1 - servers.index(victim)]
    await wait_for(lambda: all(questions_seen(p) for p in players), 30)
    question = next(d for _, e, d in players[0].frames if e == "question")
    await asyncio.sleep(0.5)
    termed_ms = now_ms()
    exit_task = asyncio.get_running_loop().run_in_executor(None, terminate, victim)

    def survivor_holds() -> bool:
        owner = client.get(key)
        return owner is not None and int(owner.decode().split(":")[1]) == survivor.proc.pid

    await wait_for(survivor_holds, 10)
    taken_ms = now_ms()
    exit_s = await exit_task
    await wait_for(lambda: all(any(e == "finished" for _, e, _ in p.frames) for p in players), 90, players)
    for p in players:
        p.leaving = True
    await asyncio.gather(*(p.sio.disconnect() for p in players))
    return (players, victim, survivor, termed_ms, taken_ms,
            (question["question_id"], question["deadline_ms"]), exit_s)
