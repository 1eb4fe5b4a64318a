"""A server process lost mid-question, and its officials moving to another one.

`bench.live --servers K --takeover-after-ms MS` kills one of the started servers MS after
the question opened: SIGKILL by default (a crash: no lease released, no ack flushed),
SIGTERM with `--takeover-signal term` (a planned stop). `--takeover-target other` (the
default) picks the first server after #1 that does not hold the round's lease in Redis
(#1 is where the round was started; the organiser API stays on the first live one);
`conductor` kills the lease holder, so the round's conducting moves too.

The dropped officials reconnect to the next server in the list with the same token, as a
phone does through nginx's `least_conn` (docs/deployment.md), read `state.my.answered`,
and send again an answer that was in flight and is not there (`bench/officials.py`).
"""
from __future__ import annotations

import json
import signal
import threading
import time
from pathlib import Path

from bench.server import Servers
from bench.stats import percentile

SIGNALS = {"kill": signal.SIGKILL, "term": signal.SIGTERM}


def add_options(ap) -> None:
    ap.add_argument("--takeover-after-ms", type=int,
                    help="kill one server process this long after the question opened; its officials "
                    "reconnect to the next server (needs --servers 2 or more, --client wire)")
    ap.add_argument("--takeover-signal", default="kill", choices=tuple(SIGNALS),
                    help="kill: SIGKILL, a crash (default); term: SIGTERM, a planned stop")
    ap.add_argument("--takeover-target", default="other", choices=("other", "conductor"),
                    help="other: a server that does not hold the round's lease; conductor: the one that does")
    ap.add_argument("--reconnect-to", default="next", choices=("next", "spread"),
                    help="next: every dropped official to the following server in the list; spread: "
                    "over all the other servers (as nginx's least_conn would)")
    ap.add_argument("--reconnect-delay-ms", type=int, default=1000,
                    help="first reconnection delay, ±50 %%, doubling up to 5 s (socket.io-client's defaults)")


def check(args) -> None:
    if args.takeover_after_ms is None:
        return
    if args.url or args.servers < 2 or getattr(args, "reference", False):
        raise SystemExit("--takeover-after-ms needs servers the bench starts itself, --servers 2 or more, "
                         "and no --reference")
    if args.client != "wire":
        raise SystemExit("--takeover-after-ms needs --client wire (the client that reconnects)")


def now_ms() -> float:
    return time.time() * 1000


def lease_holder(queue_url: str, round_id: int, pids: list[int]) -> int | None:
    """The index of the server holding the round's lease (`contest/services/leases.py`: the
    value is `host:pid:uuid`), or None while nobody holds it."""
    import redis

    client = redis.Redis.from_url(queue_url, socket_timeout=2)
    for key in client.scan_iter(match=f"contest:lease:*:round:{round_id}"):
        value = client.get(key)
        pid = int(value.decode().rsplit(":", 2)[1]) if value else None
        if pid in pids:  # another database's round of the same id may share the Redis
            return pids.index(pid)
    return None


def victim(target: str, holder: int | None, count: int) -> int:
    if target == "conductor":
        if holder is None:
            raise RuntimeError("take-over: no server holds the round's lease yet")
        return holder
    return next(i for i in range(1, count) if i != holder)


class Takeover(threading.Thread):
    """Waits for the moment, then kills the chosen server (beside the main thread, which
    waits for the load processes)."""

    def __init__(self, args, servers: Servers, round_id: int, opened_ms: float):
        super().__init__(daemon=True)
        self.args, self.servers, self.round_id, self.opened_ms = args, servers, round_id, opened_ms
        self.found: dict = {}

    def run(self) -> None:
        time.sleep(max(self.opened_ms + self.args.takeover_after_ms - now_ms(), 0) / 1000)
        try:
            holder = lease_holder(self.args.queue, self.round_id, self.servers.pids)
            index = victim(self.args.takeover_target, holder, len(self.servers.urls))
        except Exception as exc:  # reported, and the run goes on without a kill
            self.found = {"error": f"{type(exc).__name__}: {exc}"}
            return
        killed_ms = now_ms()
        self.servers.kill(index, SIGNALS[self.args.takeover_signal])
        self.found = {"server": index + 1, "pid": self.servers.pids[index], "url": self.servers.urls[index],
                      "held_lease": holder == index,
                      "lease_holder_at_kill": None if holder is None else holder + 1,
                      "killed_ms": killed_ms}


def begin(args, servers: Servers, round_id: int, opened_ms: float) -> Takeover | None:
    if getattr(args, "takeover_after_ms", None) is None:
        return None
    killer = Takeover(args, servers, round_id, opened_ms)
    killer.start()
    return killer


def conductors(servers: Servers, round_id: int) -> list[dict]:
    """Who took the round's lease, and when (the servers' own log lines, in time order)."""
    found = []
    for number, spawned in enumerate(servers.spawned, 1):
        for line in Path(spawned.log_path).read_text(errors="replace").splitlines():
            if f'"conducting round {round_id} (' in line:
                found.append({"server": number, "time": json.loads(line)["time"]})
    return sorted(found, key=lambda c: c["time"])


def _sum(results: list[dict], key: str) -> int:
    return sum(r["takeover"][key] for r in results)


def summary(killer: Takeover | None, servers: Servers, round_id: int, results: list[dict]) -> dict | None:
    """The take-over's figures: what was killed, who reconnected and how fast, what was resent."""
    if killer is None:
        return None
    killer.join(60)
    found = {"signal": killer.args.takeover_signal, "target": killer.args.takeover_target,
             "reconnect_to": killer.args.reconnect_to,
             "after_ms": killer.args.takeover_after_ms, **killer.found}
    opens = [r["opens_ms"] for r in results if r.get("opens_ms")]
    killed = found.get("killed_ms")
    if opens and killed:
        found["killed_after_open_ms"] = round(killed - min(opens))
    since_kill = [t - killed for r in results for t in r["takeover"]["reconnected_at"]] if killed else []
    found.update({key: _sum(results, key) for key in (
        "dropped", "reconnected", "reconnect_failed", "reconnect_attempts_refused", "pending_at_drop",
        "found_in_state", "resent", "resent_ok", "resent_already_answered", "reconnected_revealed",
        "questions_repeated")})
    found.update({
        "reconnect_p50_ms": round(percentile(since_kill, 50)) if since_kill else None,
        "reconnect_p99_ms": round(percentile(since_kill, 99)) if since_kill else None,
        "last_reconnect_ms": round(max(since_kill)) if since_kill else None,
        "conductors": conductors(servers, round_id)})
    return found


def print_summary(found: dict) -> None:
    if "error" in found:
        print(f"take-over: not done: {found['error']}")
        return
    lease = "held the round's lease" if found["held_lease"] else "did not hold the round's lease"
    print(f"take-over: SIG{found['signal'].upper()} to server #{found['server']} (pid {found['pid']}, {lease}) "
          f"{found.get('killed_after_open_ms', '?')} ms after the question opened")
    print(f"  dropped {found['dropped']}, reconnected {found['reconnected']} (failed {found['reconnect_failed']}, "
          f"refused attempts {found['reconnect_attempts_refused']}), from the kill p50 "
          f"{found['reconnect_p50_ms']} p99 {found['reconnect_p99_ms']} last {found['last_reconnect_ms']} ms")
    print(f"  answers in flight at the drop {found['pending_at_drop']}: found stored in state "
          f"{found['found_in_state']}, resent {found['resent']} (ok {found['resent_ok']}, already_answered "
          f"{found['resent_already_answered']}); reconnected officials who got every reveal "
          f"{found['reconnected_revealed']}; questions sent again after reconnecting {found['questions_repeated']}")
    print("  conducted by: " + ", ".join(f"#{c['server']} from {c['time'][11:23]}" for c in found["conductors"]))
