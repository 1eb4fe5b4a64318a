"""What every scenario shares: options, the servers, the load processes, the report."""
from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from collections import Counter

from bench import scenario
from bench.officials import worker_main
from bench.server import Monitor, Servers, spawn
from bench.stats import latency_line, raise_fd_limit


def common_options(description: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--players", type=int, default=1000, help="simulated officials")
    ap.add_argument("--processes", type=int, default=2, help="load-generating OS processes")
    ap.add_argument("--url", action="append", help="a running server (repeat for several); "
                    "without it the bench starts its own")
    ap.add_argument("--token", help="organiser API token of the running servers")
    ap.add_argument("--pid", type=int, action="append", default=[], help="server pid(s) to measure")
    ap.add_argument("--servers", type=int, default=1, help="server processes to start")
    ap.add_argument("--mode", default="eventlet", choices=("eventlet", "gevent"))
    ap.add_argument("--database", help="CONTEST_DATABASE_URL for started servers (default: SQLite)")
    ap.add_argument("--queue", help="CONTEST_MESSAGE_QUEUE for started servers")
    ap.add_argument("--no-deflate", dest="deflate", action="store_false",
                    help="do not offer permessage-deflate (browsers and Node clients offer it)")
    ap.add_argument("--client", default="wire", choices=("wire", "sio"),
                    help="wire: a lean Socket.IO client over WebSocket (bench/wire.py), light enough "
                    "to leave the CPU to the server; sio: python-socketio's AsyncClient")
    ap.add_argument("--transport", default="websocket", choices=("websocket", "polling", "upgrade"),
                    help="upgrade: long-polling first, then WebSocket, as browsers do")
    ap.add_argument("--concurrency", type=int, default=100, help="joins/connects in flight per process")
    ap.add_argument("--json", help="write the full report to this file")
    ap.add_argument("--profile", help="record the server with py-spy while the round is played "
                    "(speedscope JSON written here; needs `pip install py-spy` and one --pid or a "
                    "started server)")
    ap.add_argument("--profile-seconds", type=int, default=25)
    return ap


def servers_from(args) -> Servers:
    if args.url:
        if not args.token:
            raise SystemExit("--url needs --token (flask --app contest organiser token NAME)")
        return Servers(args.url, args.token, args.pid)
    return spawn(args.servers, args.mode, args.database, args.queue)


def _profiler(args, servers: Servers):
    """py-spy on the first server, for the play phase only (not the joins)."""
    if not args.profile or not servers.pids:
        return None
    import subprocess
    import sys
    from pathlib import Path

    spy = Path(sys.executable).with_name("py-spy")
    proc = subprocess.Popen([str(spy), "record", "--pid", str(servers.pids[0]), "--rate", "100", "--nonblocking",
                             "--duration", str(args.profile_seconds), "--format", "speedscope",
                             "--output", args.profile], stdout=subprocess.DEVNULL)
    time.sleep(1.5)  # attaching takes a moment
    return proc


def _recv(conn, timeout: float):
    if not conn.poll(timeout):
        raise RuntimeError("a load process did not answer in time")
    return conn.recv()


def drive(args, servers: Servers, round_: scenario.Round, params: dict,
          start, timeout_s: float) -> dict:
    """Spawn the load processes, wait until all officials are connected, `start()` the
    round, let them play, and gather what every process measured."""
    if args.client == "wire" and args.transport != "websocket":
        raise SystemExit("--transport polling/upgrade needs --client sio")
    raise_fd_limit()
    monitor = Monitor(servers.pids).start()
    ctx = multiprocessing.get_context("spawn")
    share, rest = divmod(args.players, args.processes)
    workers, first = [], 0
    for i in range(args.processes):
        count = share + (1 if i < rest else 0)
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=worker_main, daemon=True, args=(child, {
            **params, "urls": servers.urls, "join_code": round_.join_code, "agency_ids": round_.agency_ids,
            "first": first, "count": count, "deflate": args.deflate, "transport": args.transport,
            "client": args.client, "concurrency": args.concurrency,
            "timeout_s": timeout_s}))
        proc.start()
        workers.append((proc, parent))
        first += count
    ready = []
    for _, conn in workers:
        kind, data = _recv(conn, 900)
        if kind != "ready":
            raise RuntimeError(f"a load process failed: {data}")
        ready.append(data)
    profiler = _profiler(args, servers)
    go = start()
    for _, conn in workers:
        conn.send(go)
    results = [_recv(conn, timeout_s + 120)[1] for _, conn in workers]
    for proc, _ in workers:
        proc.join(30)
    server_usage = monitor.stop()
    if profiler:
        profiler.wait(args.profile_seconds + 60)
    fatal = [r["fatal"] for r in results if "fatal" in r]
    if fatal:
        raise RuntimeError(f"a load process failed: {fatal}")
    return merge(ready, results, server_usage)


def merge(ready: list[dict], results: list[dict], server_usage: dict) -> dict:
    errors = Counter()
    for r in results:
        errors.update(r["errors"])
    join0 = min(r["join_window"][0] for r in ready)
    join1 = max(r["join_window"][1] for r in ready)
    conn0 = min(r["connect_window"][0] for r in ready)
    conn1 = max(r["connect_window"][1] for r in ready)
    connected = sum(r["connected"] for r in ready)
    joined = sum(r["joined"] for r in ready)
    return {
        "joined": joined, "connected": connected,
        "join_rate": joined / max((join1 - join0) / 1000, 1e-3),
        "connect_rate": connected / max((conn1 - conn0) / 1000, 1e-3),
        "delivery": [v for r in results for v in r["delivery"]],
        "ack_ms": [v for r in results for v in r["ack_ms"]],
        "reveal": [v for r in results for v in r["reveal"]],
        "acked": [tuple(k) for r in results for k in r["acked"]],
        "sent": sum(r["sent"] for r in results),
        "errors": dict(errors),
        "load_cpu_seconds": [round(r["cpu_seconds"], 1) for r in results],
        "load_max_rss_mb": [round(r["max_rss_mb"]) for r in results],
        "server": server_usage,
    }


def print_report(title: str, report: dict) -> None:
    print(f"\n=== {title} ===")
    print(f"officials joined {report['joined']}, connected {report['connected']}")
    print(f"join rate {report['join_rate']:.0f}/s, connect rate {report['connect_rate']:.0f}/s")
    for name, key in (("question delivery", "delivery"), (report.get("ack_label", "answer ack"), "ack_ms"),
                      ("reveal after deadline", "reveal")):
        if report.get(key):
            print(latency_line(name, report[key]))
    for name in ("sent", "acked_count", "stored", "stored_duplicates", "acked_not_stored",
                 "stored_not_acked"):
        if name in report:
            print(f"{name:<22} {report[name]}")
    print(f"errors                 {report['errors'] or 'none'}")
    for pid, usage in report["server"].items():
        print(f"server pid {pid}: peak RSS {usage['peak_rss_mb']:.0f} MB, peak CPU "
              f"{usage['peak_cpu_percent']:.0f}%, CPU {usage['cpu_seconds']:.1f} s")
    print(f"load processes: CPU {report['load_cpu_seconds']} s, max RSS {report['load_max_rss_mb']} MB")


def write_json(path: str | None, report: dict) -> None:
    if path:
        slim = {k: v for k, v in report.items() if k not in ("delivery", "ack_ms", "reveal", "acked")}
        with open(path, "w") as f:
            json.dump(slim, f, indent=2, default=str)


def wait_until(predicate, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
