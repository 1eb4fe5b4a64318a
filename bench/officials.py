"""One load-generating process: simulated officials on python-socketio asyncio clients.

On the parent's word, phase by phase, it joins over HTTP (all load processes
together), then connects to /play over WebSocket, tells the parent it is ready, then
plays: in a live round each official answers every question at an absolute
moment (`opens_ms` + `answer_after_ms` + a random part of `burst_ms`), so that all
of them answer within the same second whatever the delivery spread was; in a
self-paced round each one calls `start_attempt` at a random moment of the window.

With `reconnect` (a take-over, `bench/takeover.py`) an official whose socket drops
reconnects to the next server with the same token, as the participant page does
(socket.io-client's delays), reads `state.my.answered`, and sends again an answer that
was in flight and is not among them; the page treats `already_answered` as recorded.
"""
from __future__ import annotations

import asyncio
import random
import resource
import time
from collections import Counter

import aiohttp
import socketio

from bench.stats import percentile, raise_fd_limit
from bench.wire import WireClient

PLAY = "/play"
TRANSPORTS = {"websocket": ["websocket"], "polling": ["polling"], "upgrade": ["polling", "websocket"]}
RECONNECT_ATTEMPTS = 8
DROPPED = object()  # what `call` returns when the socket went away before the ack


def now_ms() -> float:
    return time.time() * 1000


class Official:
    def __init__(self, worker: Worker, index: int, url: str):
        self.w, self.index, self.url = worker, index, url
        self.token, self.participant_id = "", 0
        self.sio: socketio.AsyncClient | None = None
        self.finished = asyncio.Event()
        self.deadlines: dict[int, int] = {}
        self.online = asyncio.Event()  # connected, and after a reconnection resynchronised
        self.resynced = asyncio.Event()
        self.answered: set[int] = set()  # what the last `state` read said was stored
        self.reconnects = 0
        self.reveals = 0

    async def join(self, http: aiohttp.ClientSession) -> None:
        p = self.w.params
        body = {"join_code": p["join_code"], "name": f"Cán bộ {p['first'] + self.index:05d}",
                "agency_id": p["agency_ids"][(p["first"] + self.index) % len(p["agency_ids"])]}
        async with http.post(self.url + "/api/v1/join", json=body) as r:
            data = await r.json()
            if r.status != 200:
                raise RuntimeError(f"join {r.status}: {data}")
        self.token, self.participant_id = data["participant_token"], data["participant_id"]

    async def connect(self, http: aiohttp.ClientSession) -> None:
        await self.open(http, self.url)
        self.online.set()

    async def open(self, http: aiohttp.ClientSession, url: str, resync: bool = False) -> None:
        if self.w.params["client"] == "wire":
            self.sio = WireClient(http, self.w.params["deflate"])
        else:
            extra = {"compress": 15} if self.w.params["deflate"] else {}
            self.sio = socketio.AsyncClient(reconnection=False, handle_sigint=False, http_session=http,
                                            websocket_extra_options=extra)
        self.sio.on("question", self.on_question, namespace=PLAY)
        self.sio.on("reveal", self.on_reveal, namespace=PLAY)
        self.sio.on("finished", self.on_finished, namespace=PLAY)
        self.sio.on("disconnect", self.on_disconnect, namespace=PLAY)
        if resync:
            self.sio.on("state", self.on_state, namespace=PLAY)
        await self.sio.connect(url, namespaces=[PLAY], auth={"token": self.token},
                               transports=TRANSPORTS[self.w.params["transport"]], wait_timeout=60)

    async def on_question(self, q: dict) -> None:
        if q["question_id"] in self.deadlines:  # sent again (seen after a reconnection): answered once
            self.w.questions_repeated += 1
            return
        self.w.opens_ms = self.w.opens_ms or q["opens_ms"]
        self.w.delivery.append(now_ms() - q["opens_ms"])
        self.deadlines[q["question_id"]] = q["deadline_ms"]
        asyncio.ensure_future(self.answer(q))

    async def answer(self, q: dict) -> None:
        p = self.w.params
        at = q["opens_ms"] + p["answer_after_ms"] + random.uniform(0, p["burst_ms"])
        await asyncio.sleep(max(at - now_ms(), 0) / 1000)
        payload = {"question_id": q["question_id"], "options": [random.choice(q["options"])["id"]]}
        resend = False
        while True:
            await self.online.wait()
            if q["question_id"] in self.answered:  # stored before the drop; its ack went with the socket
                self.w.found_in_state += 1
                self.w.in_state.append((self.participant_id, q["question_id"]))
                return
            if await self.call("answer", payload, q["question_id"], resend) is not DROPPED:
                return
            self.w.pending_at_drop += not resend
            resend = True
            # As the page does (`setTimeout(send, 1000)`); a write to a closing socket fails
            # at once, before the reader has seen the close: without a pause this would spin.
            await asyncio.sleep(1)

    async def call(self, event: str, payload: dict, key: int, resend: bool = False) -> object:
        self.w.sent += 1
        self.w.resent += resend
        t0 = now_ms()
        try:
            ack = await self.sio.call(event, payload, namespace=PLAY, timeout=self.w.params["ack_timeout_s"])
        except (ConnectionError, aiohttp.ClientError) as exc:
            if self.w.closing:  # still waiting for its ack when the round was over
                self.w.errors[f"{event}: no ack by the end"] += 1
                return None
            if self.w.params.get("reconnect"):
                return DROPPED  # sent again once reconnected, unless `state` says it is stored
            self.w.errors[f"{event}: {type(exc).__name__}"] += 1
            return None
        except Exception as exc:  # a timeout: counted, never hidden
            self.w.errors[f"{event}: {type(exc).__name__}"] += 1
            return None
        self.w.ack_ms.append(now_ms() - t0)
        if isinstance(ack, dict) and (ack.get("ok") or "attempt_id" in ack):
            self.w.acked.append((self.participant_id, key))
            self.w.resent_ok += resend
            return ack
        if resend and isinstance(ack, dict) and ack.get("error") == "already_answered":
            self.w.acked.append((self.participant_id, key))  # the server says it has it
            self.w.resent_already_answered += 1
            return ack
        self.w.errors[f"{event}: {ack.get('error') if isinstance(ack, dict) else ack}"] += 1
        return ack

    async def on_reveal(self, data: dict) -> None:
        deadline = self.deadlines.get(data["question_id"])
        if deadline:
            self.w.reveal.append(now_ms() - deadline)
            self.reveals += 1

    async def on_finished(self, _data: dict) -> None:
        self.finished.set()

    async def on_disconnect(self, *_: object) -> None:
        if self.w.closing:
            return
        if not self.w.params.get("reconnect"):
            self.w.errors["unexpected disconnect"] += 1
            self.finished.set()
            return
        self.online.clear()
        self.w.dropped += 1
        asyncio.ensure_future(self.reconnect())

    async def on_state(self, state: dict) -> None:
        self.answered = set((state.get("my") or {}).get("answered") or ())
        self.sio.handlers.pop("state", None)  # the later ones are not needed: not decoded
        self.resynced.set()

    async def reconnect(self) -> None:
        """To the next server in the list (then the one after), with socket.io-client's
        schedule: the delay ±50 %, doubling, at most 5 s."""
        urls, delay = self.w.params["urls"], self.w.params["reconnect_delay_ms"]
        # `next`: all to the following server; `spread`: over the others, as least_conn would
        first = urls.index(self.url) + (1 if self.w.params["reconnect_to"] == "next"
                                        else 1 + (self.w.params["first"] + self.index) % (len(urls) - 1))
        for attempt in range(RECONNECT_ATTEMPTS):
            await asyncio.sleep(random.uniform(0.5, 1.5) * min(delay * 2 ** attempt, 5000) / 1000)
            url = urls[(first + attempt) % len(urls)]
            self.resynced.clear()
            try:
                await self.open(self.w.http, url, resync=True)
                await asyncio.wait_for(self.resynced.wait(), 60)
            except Exception:  # that server is gone too, or refused: the next one
                self.w.reconnect_attempts_refused += 1
                continue
            self.url, self.reconnects = url, self.reconnects + 1
            self.w.reconnected_at.append(now_ms())
            self.online.set()
            return
        self.w.reconnect_failed += 1
        self.finished.set()

    async def start_paper(self, t0_ms: float) -> None:
        await asyncio.sleep(max(t0_ms + random.uniform(0, self.w.params["window_ms"]) - now_ms(), 0) / 1000)
        await self.call("start_attempt", {}, 0)
        self.finished.set()


class Worker:
    def __init__(self, conn, params: dict):
        self.conn, self.params = conn, params
        self.delivery: list[float] = []
        self.ack_ms: list[float] = []
        self.reveal: list[float] = []
        self.acked: list[tuple[int, int]] = []
        self.errors: Counter = Counter()
        self.sent = 0
        self.closing = False
        self.connect_window = (0.0, 0.0)
        self.lag: list[float] = []
        self.http: aiohttp.ClientSession | None = None
        self.opens_ms = 0
        # the take-over's counts (bench/takeover.py)
        self.dropped = self.reconnect_failed = self.reconnect_attempts_refused = 0
        self.pending_at_drop = self.found_in_state = 0
        self.resent = self.resent_ok = self.resent_already_answered = 0
        self.questions_repeated = 0
        self.reconnected_at: list[float] = []
        self.in_state: list[tuple[int, int]] = []

    async def watch_lag(self, every_s: float = 0.01) -> None:
        """How late this process's own loop runs while the round is played: when it is
        late, the latencies it measures are partly its own (a client-bound run)."""
        while not self.closing:
            t0 = time.perf_counter()
            await asyncio.sleep(every_s)
            self.lag.append((time.perf_counter() - t0 - every_s) * 1000)

    async def bounded(self, coros, limit: int, what: str) -> None:
        gate = asyncio.Semaphore(limit)

        async def one(coro):
            async with gate:
                try:
                    await coro
                except Exception as exc:
                    self.errors[f"{what}: {type(exc).__name__}: {str(exc)[:80]}"] += 1

        await asyncio.gather(*(one(c) for c in coros))

    async def run(self) -> dict:
        """Phase by phase, each on the parent's word (so that the joins of every load
        process happen together, then the connects): loaded, joined, ready, done."""
        p = self.params
        loop = asyncio.get_running_loop()

        async def told():
            return await loop.run_in_executor(None, self.conn.recv)

        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar()) as http:
            self.http = http
            officials = [Official(self, i, p["urls"][(p["first"] + i) % len(p["urls"])])
                         for i in range(p["count"])]
            self.conn.send(("loaded", {"cpu_seconds": cpu_seconds()}))
            await told()
            t0 = now_ms()
            await self.bounded([o.join(http) for o in officials], p["concurrency"], "join")
            t1 = now_ms()
            ready = [o for o in officials if o.token]
            self.conn.send(("joined", {"joined": len(ready), "cpu_seconds": cpu_seconds()}))
            await told()
            t2 = now_ms()
            await self.bounded([o.connect(http) for o in ready], p["concurrency"], "connect")
            t3 = now_ms()
            connected = [o for o in ready if o.sio and o.sio.connected]
            by_url = Counter(o.url for o in connected)
            self.conn.send(("ready", {"joined": len(ready), "connected": len(connected),
                                      "by_url": {u: by_url[u] for u in p["urls"]},
                                      "join_window": (t0, t1), "connect_window": (t2, t3),
                                      "cpu_seconds": cpu_seconds()}))
            go = await told()
            lag = asyncio.ensure_future(self.watch_lag())
            if p["scenario"] == "selfpaced":
                for o in connected:
                    asyncio.ensure_future(o.start_paper(go["t0_ms"]))
            try:
                await asyncio.wait_for(asyncio.gather(*(o.finished.wait() for o in connected)),
                                       p["timeout_s"])
            except TimeoutError:
                self.errors["timed out waiting for the end"] += sum(not o.finished.is_set() for o in connected)
            await asyncio.sleep(0.2)  # the last acks of a self-paced start
            self.closing = True
            await lag
            try:  # a server that stopped answering must not hold the report back
                await asyncio.wait_for(self.bounded([o.sio.disconnect() for o in connected], p["concurrency"],
                                                    "disconnect"), 30)
            except TimeoutError:
                self.errors["disconnect: timed out"] += 1
        return {"delivery": self.delivery, "ack_ms": self.ack_ms, "reveal": self.reveal,
                "acked": self.acked, "errors": dict(self.errors), "sent": self.sent,
                "opens_ms": self.opens_ms, "in_state": self.in_state,
                "reveals_missing": self.reveals_missing(connected),
                **({"takeover": self.takeover_figures(connected)} if p.get("reconnect") else {}),
                "cpu_seconds": cpu_seconds(), **lag_figures(self.lag),
                "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


    def reveals_missing(self, officials: list[Official]) -> int:
        """Reveals an official should have had (one per question) and did not get."""
        questions = self.params.get("questions", 0)
        return sum(max(questions - o.reveals, 0) for o in officials)

    def takeover_figures(self, officials: list[Official]) -> dict:
        moved = [o for o in officials if o.reconnects]
        return {"dropped": self.dropped, "reconnected": len(moved), "reconnected_at": self.reconnected_at,
                "reconnect_failed": self.reconnect_failed,
                "reconnect_attempts_refused": self.reconnect_attempts_refused,
                "pending_at_drop": self.pending_at_drop, "found_in_state": self.found_in_state,
                "resent": self.resent, "resent_ok": self.resent_ok,
                "resent_already_answered": self.resent_already_answered,
                "questions_repeated": self.questions_repeated,
                "reconnected_revealed": sum(o.reveals >= self.params.get("questions", 0) for o in moved)}


def lag_figures(lag: list[float]) -> dict:
    return {"loop_lag_p99_ms": round(percentile(lag, 99), 1) if lag else 0.0,
            "loop_lag_max_ms": round(max(lag), 1) if lag else 0.0}


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def worker_main(conn, params: dict) -> None:
    """The entry point of one load process (multiprocessing, spawn)."""
    raise_fd_limit()
    try:
        result = asyncio.run(Worker(conn, params).run())
    except Exception as exc:  # the parent must hear about it, not wait forever
        result = {"fatal": f"{type(exc).__name__}: {exc}"}
    conn.send(("done", result))
