"""The benchmark reports (`--json`) as one Markdown table, for docs/benchmarks.md.

    .venv/bin/python -m bench.table label=report.json [label=report.json ...]
"""
from __future__ import annotations

import json
import sys

COLUMNS = ("connected", "delivery p50/p99 ms", "ack p50/p99 ms", "acked / stored", "errors",
           "server peak RSS MB", "server CPU s")


def row(label: str, report: dict) -> str:
    def pair(a: str, b: str) -> str:
        return f"{report[a]:.0f} / {report[b]:.0f}" if report.get(a) is not None else "–"

    servers = report["server"].values()
    cells = [str(report["connected"]), pair("delivery_p50_ms", "delivery_p99_ms"), pair("ack_p50_ms", "ack_p99_ms"),
             f"{report.get('acked_count', 0)} / {report.get('stored', '–')}",
             str(sum(report["errors"].values())) if report["errors"] else "0",
             " + ".join(f"{u['peak_rss_mb']:.0f}" for u in servers),
             " + ".join(f"{u['cpu_seconds']:.0f}" for u in servers)]
    return f"| {label} | " + " | ".join(cells) + " |"


def main() -> None:
    print("| run | " + " | ".join(COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 1) + "|")
    for arg in sys.argv[1:]:
        label, _, path = arg.partition("=")
        with open(path) as f:
            print(row(label, json.load(f)))


if __name__ == "__main__":
    main()
