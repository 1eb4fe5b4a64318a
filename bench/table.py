"""The benchmark reports (`--json`) as Markdown tables, for docs/benchmarks.md.

    .venv/bin/python -m bench.table label=report.json [label=report.json ...]

A side-by-side report (`bench.live --reference`) gives two rows, the Node reference
(the ceiling) and the project, and a second table of the ratios; reports with a
take-over (`--takeover-after-ms`) a table of their own after the first.
"""
from __future__ import annotations

import json
import sys

COLUMNS = ("officials", "joins s (/s)", "connects s (/s)", "delivery p50/p99 ms", "ack p50/p99 ms",
           "acked / stored", "errors", "server peak RSS MB", "server CPU s", "load client CPU s", "load client lag max ms")


def row(label: str, report: dict) -> str:
    def pair(a: str, b: str) -> str:
        return f"{report[a]:,.0f} / {report[b]:,.0f}" if report.get(a) is not None else "–"

    def phase(name: str) -> str:
        seconds = report.get(f"{name}_seconds")
        return f"{seconds:.1f} ({report[f'{name}_rate']:,.0f}/s)" if seconds else "–"

    servers = report["server"].values()
    phases = report.get("phases")
    load_cpu = sum(p["load_cpu_s"] for p in phases.values()) if phases else sum(report["load_cpu_seconds"])
    cells = [f"{report['connected']:,}", phase("join"), phase("connect"),
             pair("delivery_p50_ms", "delivery_p99_ms"), pair("ack_p50_ms", "ack_p99_ms"),
             f"{report.get('acked_count', 0):,} / {report.get('stored', '–'):,}",
             str(sum(report["errors"].values())) if report["errors"] else "0",
             " + ".join(f"{u['peak_rss_mb']:,.0f}" for u in servers),
             " + ".join(f"{u['cpu_seconds']:.1f}" for u in servers),
             f"{load_cpu:.1f} ({report.get('client', '?')})",
             " / ".join(f"{v:,.0f}" for v in report.get("load_loop_lag_max_ms") or ()) or "–"]
    return f"| {label} | " + " | ".join(cells) + " |"


TAKEOVER_COLUMNS = ("killed", "after open ms", "dropped / reconnected", "reconnect p50 / last ms",
                    "in flight: in state / resent (ok, already)", "acked / stored / lost", "unconfirmed",
                    "reveals missing", "conducted by", "server tracebacks")


def takeover_row(label: str, report: dict) -> str:
    t = report["takeover"]
    if "error" in t:
        return f"| {label} | not done: {t['error']} |"
    lease = "conductor" if t["held_lease"] else "not the conductor"
    cells = [f"#{t['server']} of {len(report['server'])}, SIG{t['signal'].upper()}, {lease}",
             str(t.get("killed_after_open_ms", "–")), f"{t['dropped']:,} / {t['reconnected']:,}",
             f"{t['reconnect_p50_ms'] or 0:,} / {t['last_reconnect_ms'] or 0:,}",
             f"{t['pending_at_drop']}: {t['found_in_state']} / {t['resent']} ({t['resent_ok']}, "
             f"{t['resent_already_answered']})",
             f"{report['acked_count']:,} / {report['stored']:,} / {report['lost']}",
             f"{report['unconfirmed']:,}", f"{report['reveals_missing']:,}",
             ", ".join(f"#{c['server']}" for c in t["conductors"]) or "–",
             " + ".join(map(str, report.get("server_tracebacks") or ())) or "–"]
    return f"| {label} | " + " | ".join(cells) + " |"


def header(columns: tuple[str, ...]) -> str:
    return "| run | " + " | ".join(columns) + " |\n" + "|---" * (len(columns) + 1) + "|"


def main() -> None:
    print(header(COLUMNS))
    ratio_rows, takeovers = [], []
    for arg in sys.argv[1:]:
        label, _, path = arg.partition("=")
        with open(path) as f:
            report = json.load(f)
        if "reference" in report:  # side by side
            print(row(f"{label}, ceiling", report["reference"]))
            print(row(f"{label}, this project", report["project"]))
            ratio_rows.append((label, report["ratios"]))
        else:
            print(row(label, report))
            if report.get("takeover"):
                takeovers.append(takeover_row(label, report))
    if takeovers:
        print("\nThe take-over:\n")
        print(header(TAKEOVER_COLUMNS))
        print("\n".join(takeovers))
    if ratio_rows:
        names = tuple(ratio_rows[0][1])
        print("\nThe project's figure / the ceiling's (lower is better, 1.0 = as good):\n")
        print(header(names))
        for label, ratios in ratio_rows:
            print(f"| {label} | " + " | ".join(f"{ratios[n]:.1f}×" if ratios[n] else "–" for n in names) + " |")


if __name__ == "__main__":
    main()
