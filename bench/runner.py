"""What every scenario shares: options, the servers, the load processes, the report."""
from __future__ import annotations

import argparse
import json
import multiprocessing
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from bench import scenario, takeover
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
    ap.add_argument("--client", default="wire", choices=("wire", "sio", "node"),
                    help="wire: a lean Socket.IO client over WebSocket (bench/wire.py), light enough "
                    "to leave the CPU to the server; sio: python-socketio's AsyncClient; node: "
                    "socket.io-client 4 in Node (bench/reference/load.js, `npm ci` done when needed)")
    ap.add_argument("--transport", default="websocket", choices=("websocket", "polling", "upgrade"),
                    help="upgrade: long-polling first, then WebSocket, as browsers do")
    ap.add_argument("--concurrency", type=int, default=100, help="joins/connects in flight per process")
    ap.add_argument("--json", help="write the full report to this file")
    ap.add_argument("--profile", help="record the first server with py-spy (speedscope JSON written "
                    "here; needs `pip install py-spy` and one --pid or a started server)")
    ap.add_argument("--profile-phases", default="play",
                    help="which phases to record, comma-separated: join, connect, play (several: "
                    "one file each, FILE-join.json ...)")
    ap.add_argument("--profile-seconds", type=int, default=25, help="at most this long in the play phase")
    return ap


def on_servers(args, play) -> dict:
    """``play(args, servers)`` on the servers of ``args`` (started here, or given), stopped after."""
    servers = servers_from(args)
    try:
        return play(args, servers)
    finally:
        servers.stop()


def servers_from(args) -> Servers:
    if args.url:
        if not args.token:
            raise SystemExit("--url needs --token (flask --app contest organiser token NAME)")
        return Servers(args.url, args.token, args.pid)
    return spawn(args.servers, args.mode, args.database, args.queue)


PHASES = ("join", "connect", "play")


def _profiled(args) -> list[str]:
    return getattr(args, "profile_phases", "play").split(",")


def _profile_path(args, phase: str) -> str:
    if len(_profiled(args)) == 1:
        return args.profile
    path = Path(args.profile)
    return str(path.with_name(f"{path.stem}-{phase}{path.suffix}"))


def _profiler(args, servers: Servers, phase: str = "play"):
    """py-spy on the first server for one phase (`--profile-phases`), stopped at its end."""
    if not args.profile or not servers.pids or servers.kind != "project" or phase not in _profiled(args):
        return None
    spy = Path(sys.executable).with_name("py-spy")
    duration = args.profile_seconds if phase == "play" else 3600
    proc = subprocess.Popen([str(spy), "record", "--pid", str(servers.pids[0]), "--rate", "100", "--nonblocking",
                             "--duration", str(duration), "--format", "speedscope",
                             "--output", _profile_path(args, phase)], stdout=subprocess.DEVNULL)
    time.sleep(1.5)  # attaching takes a moment
    return proc


def _stop_profiler(proc) -> None:
    """py-spy writes its file when interrupted, as after Ctrl-C."""
    if proc is None:
        return
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
    try:
        proc.wait(120)
    except subprocess.TimeoutExpired:
        proc.kill()


def _recv(conn, timeout: float):
    if not conn.poll(timeout):
        raise RuntimeError("a load process did not answer in time")
    return conn.recv()


def _start_load(ctx, args, params: dict):
    """One load process and its pipe: Python (multiprocessing) or Node (bench/nodeload.py)."""
    if args.client == "node":
        from bench.nodeload import NodeLoad

        load = NodeLoad(params)
        return load, load
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=worker_main, daemon=True, args=(child, params))
    proc.start()
    return proc, parent


def _gather(workers: list, kind: str, timeout: float) -> list[dict]:
    """Every load process's `kind` message, in order."""
    found = []
    for _, conn in workers:
        got, data = _recv(conn, timeout)
        if got != kind:
            raise RuntimeError(f"a load process failed: {data}")
        found.append(data)
    return found


def _tell(workers: list, message: dict) -> None:
    for _, conn in workers:
        conn.send(message)


def drive(args, servers: Servers, round_: scenario.Round, params: dict,
          start, timeout_s: float) -> dict:
    """Spawn the load processes; let them all join, then all connect (a phase at a time,
    each measured alone); `start()` the round, let them play, and gather what every
    process measured, with the CPU the servers and the load processes spent per phase."""
    if args.client in ("wire", "node") and args.transport != "websocket":
        raise SystemExit("--transport polling/upgrade needs --client sio")
    raise_fd_limit()
    monitor = Monitor(servers.pids).start()
    ctx = multiprocessing.get_context("spawn")
    share, rest = divmod(args.players, args.processes)
    workers, first = [], 0
    for i in range(args.processes):
        count = share + (1 if i < rest else 0)
        workers.append(_start_load(ctx, args, {
            **params, "urls": servers.urls, "join_code": round_.join_code, "agency_ids": round_.agency_ids,
            "first": first, "count": count, "deflate": args.deflate, "transport": args.transport,
            "client": args.client, "concurrency": args.concurrency,
            "timeout_s": timeout_s}))
        first += count
    load_cpu = {"loaded": _gather(workers, "loaded", 120)}
    server_cpu = {"loaded": monitor.cpu_seconds()}
    for phase, command, answer, timeout in (("join", {"phase": "join"}, "joined", 1800),
                                            ("connect", {"phase": "connect"}, "ready", 900)):
        profiler = _profiler(args, servers, phase)
        _tell(workers, command)
        load_cpu[answer] = _gather(workers, answer, timeout)
        server_cpu[answer] = monitor.cpu_seconds()
        _stop_profiler(profiler)
    ready = load_cpu["ready"]
    profiler = _profiler(args, servers, "play")
    play_t0 = time.time()
    go = start()  # a live round's first question opens in this call
    killer = takeover.begin(args, servers, round_.round_id, time.time() * 1000)
    _tell(workers, go)
    results = _gather(workers, "done", timeout_s + 120)
    play_seconds = time.time() - play_t0
    for proc, _ in workers:
        proc.join(30)
    server_cpu["done"] = monitor.cpu_seconds()
    load_cpu["done"] = results
    server_usage = monitor.stop()
    _stop_profiler(profiler)
    fatal = [r["fatal"] for r in results if "fatal" in r]
    if fatal:
        raise RuntimeError(f"a load process failed: {fatal}")
    report = merge(ready, results, server_usage)
    report["takeover"] = takeover.summary(killer, servers, round_.round_id, results)
    report["server_tracebacks"] = servers.tracebacks()
    report["client"] = args.client
    report["phases"] = _phases(report, server_cpu, load_cpu)
    report["phases"]["play"]["seconds"] = round(play_seconds, 2)
    return report


def _phases(report: dict, server_cpu: dict, load_cpu: dict) -> dict:
    """Seconds, server CPU and load-process CPU of each phase: who was busy."""
    marks = ("loaded", "joined", "ready", "done")
    phases = {}
    for phase, (a, b) in zip(PHASES, zip(marks, marks[1:])):
        phases[phase] = {
            "server_cpu_s": round(server_cpu[b] - server_cpu[a], 2),
            "load_cpu_s": round(sum(y["cpu_seconds"] - x["cpu_seconds"]
                                    for x, y in zip(load_cpu[a], load_cpu[b])), 2)}
    phases["join"]["seconds"] = report["join_seconds"]
    phases["connect"]["seconds"] = report["connect_seconds"]
    return phases


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
    join_s, connect_s = max((join1 - join0) / 1000, 1e-3), max((conn1 - conn0) / 1000, 1e-3)
    return {
        "joined": joined, "connected": connected,
        "join_seconds": round(join_s, 2), "connect_seconds": round(connect_s, 2),
        "join_rate": joined / join_s, "connect_rate": connected / connect_s,
        "delivery": [v for r in results for v in r["delivery"]],
        "ack_ms": [v for r in results for v in r["ack_ms"]],
        "reveal": [v for r in results for v in r["reveal"]],
        "acked": [tuple(k) for r in results for k in r["acked"]],
        "sent": sum(r["sent"] for r in results),
        "in_state": [tuple(k) for r in results for k in r.get("in_state", ())],
        "reveals_missing": sum(r.get("reveals_missing", 0) for r in results),
        "connected_per_server": [sum(r["by_url"].get(u, 0) for r in ready) for u in ready[0]["by_url"]]
        if ready and "by_url" in ready[0] else None,
        "errors": dict(errors),
        "load_cpu_seconds": [round(r["cpu_seconds"], 1) for r in results],
        "load_max_rss_mb": [round(r["max_rss_mb"]) for r in results],
        "load_loop_lag_p99_ms": [r.get("loop_lag_p99_ms") for r in results],
        "load_loop_lag_max_ms": [r.get("loop_lag_max_ms") for r in results],
        "server": server_usage,
    }


def print_report(title: str, report: dict) -> None:
    print(f"\n=== {title} ===")
    print(f"officials joined {report['joined']} in {report['join_seconds']:.1f} s "
          f"({report['join_rate']:.0f}/s), connected {report['connected']} in "
          f"{report['connect_seconds']:.1f} s ({report['connect_rate']:.0f}/s)")
    for name, key in (("question delivery", "delivery"), (report.get("ack_label", "answer ack"), "ack_ms"),
                      ("reveal after deadline", "reveal")):
        if report.get(key):
            print(latency_line(name, report[key]))
    if report.get("connected_per_server") and len(report["connected_per_server"]) > 1:
        print(f"connected per server   {' / '.join(map(str, report['connected_per_server']))}")
    for name in ("sent", "acked_count", "stored", "stored_duplicates", "acked_not_stored",
                 "stored_not_acked", "lost", "unconfirmed", "reveals_missing"):
        if name in report:
            print(f"{name:<22} {report[name]}")
    print(f"errors                 {report['errors'] or 'none'}")
    if any(report.get("server_tracebacks") or ()):
        print(f"tracebacks in the server logs (per server): {report['server_tracebacks']}")
    if report.get("takeover"):
        takeover.print_summary(report["takeover"])
    for pid, usage in report["server"].items():
        print(f"server pid {pid}: peak RSS {usage['peak_rss_mb']:.0f} MB, peak CPU "
              f"{usage['peak_cpu_percent']:.0f}%, CPU {usage['cpu_seconds']:.1f} s")
    print(f"load processes ({report.get('client', '?')}): CPU {report['load_cpu_seconds']} s, "
          f"max RSS {report['load_max_rss_mb']} MB, own loop late by p99 {report['load_loop_lag_p99_ms']} "
          f"max {report['load_loop_lag_max_ms']} ms while playing")
    print(f"{'phase':<10} {'seconds':>8} {'server CPU s':>13} {'load CPU s':>11}")
    for phase, figures in report.get("phases", {}).items():
        print(f"{phase:<10} {figures['seconds']:8.1f} {figures['server_cpu_s']:13.1f} {figures['load_cpu_s']:11.1f}")


def peak_rss_mb(report: dict) -> float:
    return sum(u["peak_rss_mb"] for u in report["server"].values())


# Wall-clock seconds on a shared machine move with the neighbours' load; the server CPU a
# phase took moves far less, so both are given.
RATIOS = (("joins", lambda r: r["join_seconds"]), ("connects", lambda r: r["connect_seconds"]),
          ("delivery p99", lambda r: r["delivery_p99_ms"]), ("ack p99", lambda r: r["ack_p99_ms"]),
          ("RSS", peak_rss_mb), ("join CPU", lambda r: r["phases"]["join"]["server_cpu_s"]),
          ("connect CPU", lambda r: r["phases"]["connect"]["server_cpu_s"]))


def ratios(project: dict, reference: dict) -> dict:
    """How many times the reference's figure the project's is (seconds, ms, MB: lower is better)."""
    return {name: round(of(project) / of(reference), 2) if of(reference) else None for name, of in RATIOS}


def print_ratios(found: dict) -> None:
    print("\n=== the project / the reference (1.0 = as fast or as small as the ceiling) ===")
    print("   ".join(f"{name} {value:.1f}×" if value is not None else f"{name} –" for name, value in found.items()))


def slim(report: dict) -> dict:
    """The report without the raw samples (what `--json` writes)."""
    return {k: v for k, v in report.items() if k not in ("delivery", "ack_ms", "reveal", "acked", "in_state")}


def write_json(path: str | None, report: dict) -> None:
    if path:
        with open(path, "w") as f:
            json.dump(slim(report), f, indent=2, default=str)


def wait_until(predicate, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()
