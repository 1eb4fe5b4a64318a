"""Scenario (a), a live round: N officials connected, a question broadcast, then all of
them answering within one second (the worst case).

    .venv/bin/python -m bench.live --players 5000 --processes 2
    .venv/bin/python -m bench.live --players 10000 --reference --json r.json   # beside the ceiling
"""
from __future__ import annotations

import json
import sys
from collections import Counter

from bench import reference, runner, scenario, takeover
from bench.stats import percentile


def options():
    ap = runner.common_options(__doc__)
    ap.add_argument("--questions", type=int, default=1, help="questions in the round")
    ap.add_argument("--seconds", type=int, default=15, help="seconds per question")
    ap.add_argument("--answer-after-ms", type=int, default=3000,
                    help="the burst starts this long after the question opens")
    ap.add_argument("--burst-ms", type=int, default=1000, help="every answer falls in this window")
    ap.add_argument("--ack-timeout", type=float, default=60.0)
    ap.add_argument("--reference", action="store_true",
                    help="play the same round against the Node reference first (bench/reference/, "
                    "non-durable: the ceiling), then against the project, and print the ratios")
    takeover.add_options(ap)
    return ap


def run(args) -> dict:
    return runner.on_servers(args, play)


def play(args, servers) -> dict:
    round_ = scenario.make_round(servers, {
        "mode": "live", "question_count": args.questions, "seconds_per_question": args.seconds,
        "advance": "auto", "reveal_seconds": 2})
    params = {"scenario": "live", "answer_after_ms": args.answer_after_ms, "burst_ms": args.burst_ms,
              "ack_timeout_s": args.ack_timeout, "questions": args.questions,
              "reconnect": args.takeover_after_ms is not None, "reconnect_delay_ms": args.reconnect_delay_ms,
              "reconnect_to": args.reconnect_to}

    def start() -> dict:
        response = servers.api("post", f"/rounds/{round_.round_id}/start")
        if not response.ok:
            raise RuntimeError(f"start: {response.status_code} {response.text[:300]}")
        return {"started": True}

    timeout = args.questions * (args.seconds + 3) + 60
    report = runner.drive(args, servers, round_, params, start, timeout)
    report["questions"] = args.questions
    return with_stored(servers, round_.round_id, report)


def with_stored(servers, round_id: int, report: dict) -> dict:
    """The report with what the server stored (read back) and the latency percentiles."""
    stored = servers.api("get", f"/rounds/{round_id}/answers").json()
    keys = Counter((a["participant_id"], a["question_id"]) for a in stored)
    acked = set(report["acked"])
    confirmed = acked | set(report["in_state"])  # acked, or listed in `state.my.answered` after a reconnect
    report.update({
        "lost": len(acked - set(keys)),
        "unconfirmed": report["connected"] * report.get("questions", 1) - len(confirmed),
        "round_id": round_id, "acked_count": len(report["acked"]), "stored": len(stored),
        "stored_duplicates": sum(n - 1 for n in keys.values()),
        "acked_not_stored": len(acked - set(keys)), "stored_not_acked": len(set(keys) - acked),
        "delivery_p50_ms": percentile(report["delivery"], 50),
        "delivery_p99_ms": percentile(report["delivery"], 99),
        "ack_p50_ms": percentile(report["ack_ms"], 50), "ack_p99_ms": percentile(report["ack_ms"], 99),
        "reveal_p50_ms": percentile(report["reveal"], 50), "reveal_p99_ms": percentile(report["reveal"], 99),
    })
    return report


def run_side_by_side(args) -> dict:
    """The ceiling, then the project, with the same load client and the same round."""
    servers = reference.start_reference()
    try:
        ceiling = play(args, servers)
    finally:
        servers.stop()
    project = run(args)
    return {"players": args.players, "client": args.client, "reference": ceiling, "project": project,
            "ratios": runner.ratios(project, ceiling)}


def main() -> None:
    args = options().parse_args()
    takeover.check(args)
    title = f"live round: {args.players} officials, {args.processes} load processes ({args.client})"
    if not args.reference:
        report = run(args)
        runner.print_report(title, report)
        runner.write_json(args.json, report)
        return
    both = run_side_by_side(args)
    runner.print_report(f"{title}: the Node reference", both["reference"])
    runner.print_report(f"{title}: the project ({args.mode})", both["project"])
    runner.print_ratios(both["ratios"])
    write_side_by_side(args.json, args, both)


def write_side_by_side(path: str | None, args, both: dict) -> None:
    if path:
        with open(path, "w") as f:
            json.dump({**both, "command": "python -m bench.live " + " ".join(sys.argv[1:]), "mode": args.mode,
                       "reference": runner.slim(both["reference"]), "project": runner.slim(both["project"])},
                      f, indent=2, default=str)


if __name__ == "__main__":
    main()
