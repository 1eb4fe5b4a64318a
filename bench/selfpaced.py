"""Scenario (b), the start of a self-paced round: N officials start their papers
within one window (a minute by default): each `start_attempt` draws a personal paper.

    .venv/bin/python -m bench.selfpaced --players 5000 --processes 2 --window 60
"""
from __future__ import annotations

import time

from bench import runner, scenario
from bench.stats import percentile


def options():
    ap = runner.common_options(__doc__)
    ap.add_argument("--window", type=float, default=60.0, help="seconds over which the papers start")
    ap.add_argument("--questions", type=int, default=10, help="questions per paper")
    ap.add_argument("--ack-timeout", type=float, default=60.0)
    return ap


def run(args) -> dict:
    return runner.on_servers(args, play)


def play(args, servers) -> dict:
    now = int(time.time() * 1000)
    round_ = scenario.make_round(servers, {
        "mode": "self_paced", "question_count": args.questions, "duration_seconds": 1800,
        "opens_at_ms": now, "closes_at_ms": now + 6 * 3600 * 1000, "max_attempts": 1},
        questions=max(30, args.questions * 3))
    params = {"scenario": "selfpaced", "window_ms": args.window * 1000, "ack_timeout_s": args.ack_timeout,
              "answer_after_ms": 0, "burst_ms": 0}

    def start() -> dict:
        response = servers.api("post", f"/rounds/{round_.round_id}/start")
        if not response.ok and response.json().get("error") != "conflict":  # already open by its window
            raise RuntimeError(f"start: {response.status_code} {response.text[:300]}")
        return {"t0_ms": time.time() * 1000 + 500}

    report = runner.drive(args, servers, round_, params, start, args.window + args.ack_timeout + 30)
    report.update({"round_id": round_.round_id, "acked_count": len(report["acked"]),
                   "ack_p50_ms": percentile(report["ack_ms"], 50),
                   "ack_p99_ms": percentile(report["ack_ms"], 99), "ack_label": "start_attempt ack"})
    return report


def main() -> None:
    args = options().parse_args()
    report = run(args)
    runner.print_report(f"self-paced start: {args.players} officials within {args.window:.0f} s, "
                        f"{args.processes} load processes", report)
    runner.write_json(args.json, report)


if __name__ == "__main__":
    main()
