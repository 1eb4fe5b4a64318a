"""Event-loop lag during a live round: a `/healthz` probe every 100 ms while officials
answer and, optionally, an organiser uploads a workbook on the same server process.

    .venv/bin/python -m bench.lag --players 300 --upload bank --upload bomb

The probe's round trip is the lag a request meets: a free loop answers in a millisecond
or two; a loop held by a handler answers when the handler lets go. Uploads (`--upload`,
repeatable) start `--upload-after-ms` after the question opens, one after the other:
`bank` imports a 10,000-question bank (`--bank-questions`), `bomb` dry-runs a blank-row
bomb (bench/uploads.py).
"""
from __future__ import annotations

import threading
import time

import requests

from bench import live, runner, scenario, uploads
from bench.stats import percentile

PROBE_MS = 100


class Probe:
    """GET /healthz every 100 ms in a thread, recording (sent at, round trip) in ms."""

    def __init__(self, url: str):
        self.url = url + "/healthz"
        self.samples: list[tuple[float, float]] = []
        self.failures = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> Probe:
        self._thread.start()
        return self

    def _run(self) -> None:
        http = requests.Session()
        tick = time.time()
        while not self._stop.is_set():
            sent = time.time()
            try:
                ok = http.get(self.url, timeout=30).status_code == 200
            except requests.RequestException:
                ok = False
            self.samples.append((sent * 1000, (time.time() - sent) * 1000))
            self.failures += not ok
            tick += PROBE_MS / 1000
            self._stop.wait(max(tick - time.time(), 0))
            tick = max(tick, time.time() - PROBE_MS / 1000)  # a long stall skips ticks, not bunches them

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(35)

    def lag(self, start_ms: float = 0, end_ms: float = float("inf")) -> list[float]:
        return [rtt for sent, rtt in self.samples if start_ms <= sent <= end_ms]


def options():
    ap = live.options()
    ap.description = __doc__
    ap.set_defaults(players=300, seconds=20, answer_after_ms=2000, burst_ms=8000)
    ap.add_argument("--upload", action="append", choices=("bank", "bomb"), default=[],
                    help="an upload during the question (repeat for several, in order)")
    ap.add_argument("--upload-after-ms", type=int, default=1500)
    ap.add_argument("--bank-questions", type=int, default=10_000)
    return ap


def run(args) -> dict:
    return runner.on_servers(args, play)


def _upload(servers, kind: str, data: bytes) -> dict:
    started = time.time()
    if kind == "bank":
        response = servers.api("post", "/question-banks", data={"name": "Ngân hàng lớn"},
                               files={"file": ("lon.xlsx", data)})
    else:
        response = servers.api("post", "/question-banks?dry_run=1&lang=en",
                               files={"file": ("bom.xlsx", data)})
    body = response.json()
    return {"kind": kind, "status": response.status_code, "start_ms": started * 1000,
            "seconds": round(time.time() - started, 2), "bytes": len(data),
            "result": body.get("imported") or [e["message"] for e in body.get("errors", [])][:1]}


def play(args, servers) -> dict:
    files = {"bank": uploads.large_bank(args.bank_questions), "bomb": uploads.blank_row_bomb()}
    round_ = scenario.make_round(servers, {
        "mode": "live", "question_count": args.questions, "seconds_per_question": args.seconds,
        "advance": "auto", "reveal_seconds": 2})
    params = {"scenario": "live", "answer_after_ms": args.answer_after_ms, "burst_ms": args.burst_ms,
              "ack_timeout_s": args.ack_timeout}
    probe = Probe(servers.urls[0]).start()
    done: list[dict] = []
    started: list[float] = []

    def upload_all() -> None:
        time.sleep(args.upload_after_ms / 1000)
        for kind in args.upload:
            done.append(_upload(servers, kind, files[kind]))

    def start() -> dict:
        response = servers.api("post", f"/rounds/{round_.round_id}/start")
        if not response.ok:
            raise RuntimeError(f"start: {response.status_code} {response.text[:300]}")
        started.append(time.time() * 1000)
        threading.Thread(target=upload_all, daemon=True).start()
        return {"started": True}

    try:
        report = runner.drive(args, servers, round_, params, start,
                              args.questions * (args.seconds + 3) + 60)
    finally:
        probe.stop()
    report = live.with_stored(servers, round_.round_id, report)
    report["uploads"] = done
    report["lag"] = _lag_figures(probe, started[0], done)
    return report


def _lag_figures(probe: Probe, started_ms: float, done: list[dict]) -> dict:
    windows = {"joins and connects": probe.lag(0, started_ms), "the round": probe.lag(started_ms)}
    for upload in done:
        end = upload["start_ms"] + upload["seconds"] * 1000
        windows[f"during {upload['kind']} upload"] = probe.lag(upload["start_ms"], end)
    return {name: {"samples": len(values), "p50_ms": percentile(values, 50),
                   "p99_ms": percentile(values, 99), "max_ms": max(values, default=float("nan"))}
            for name, values in windows.items()} | {"probe_failures": probe.failures}


def print_lag(report: dict) -> None:
    for upload in report["uploads"]:
        print(f"upload {upload['kind']:<5} {upload['bytes'] / 1024:7.0f} KB  HTTP {upload['status']} in "
              f"{upload['seconds']:.2f} s: {upload['result']}")
    for name, figures in report["lag"].items():
        if isinstance(figures, dict):
            print(f"/healthz lag, {name:<22} p50 {figures['p50_ms']:6.1f} ms  p99 {figures['p99_ms']:7.1f} ms  "
                  f"max {figures['max_ms']:7.1f} ms  n={figures['samples']}")
    print(f"probe failures         {report['lag']['probe_failures']}")


def main() -> None:
    args = options().parse_args()
    report = run(args)
    runner.print_report(f"event-loop lag: {args.players} officials answering, uploads {args.upload or 'none'}",
                        report)
    print_lag(report)
    runner.write_json(args.json, report)


if __name__ == "__main__":
    main()
