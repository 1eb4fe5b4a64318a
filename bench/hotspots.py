"""Where the server's time goes: a py-spy speedscope file, summed by function.

    .venv/bin/python -m bench.hotspots profile.json [--all-threads] [--top 40] [--lines] [--match contest/]

By default only the main thread (the event loop: the thread whose id is the pid),
which is the one whose time delays every socket; OS threads (the tpool or the
gevent thread pool doing SQLite commits) run beside it.
"""
from __future__ import annotations

import argparse
import collections
import json


def frame_name(frame: dict, lines: bool = False) -> str:
    path = frame.get("file", "")
    short = path.split("site-packages/")[-1]
    short = "contest/" + short.split("/contest/", 1)[1] if "/contest/" in short else short
    return f"{frame['name']} ({short}:{frame.get('line')})" if lines else f"{frame['name']} ({short})"


def summarise(path: str, all_threads: bool = False,
              lines: bool = False) -> tuple[float, collections.Counter, collections.Counter]:
    data = json.load(open(path))
    frames = data["shared"]["frames"]
    profiles = data["profiles"] if all_threads else data["profiles"][:1]
    inclusive, own, total = collections.Counter(), collections.Counter(), 0.0
    for profile in profiles:
        for stack, weight in zip(profile["samples"], profile["weights"]):
            if not stack:
                continue
            total += weight
            for name in {frame_name(frames[i], lines) for i in stack}:
                inclusive[name] += weight
            own[frame_name(frames[stack[-1]], lines)] += weight
    return total, inclusive, own


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("profile")
    ap.add_argument("--all-threads", action="store_true")
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--lines", action="store_true", help="by line (file:line) instead of by function")
    ap.add_argument("--match", help="only names containing this (e.g. contest/)")
    args = ap.parse_args()
    total, inclusive, own = summarise(args.profile, args.all_threads, args.lines)
    if args.match:
        inclusive = collections.Counter({k: v for k, v in inclusive.items() if args.match in k})
        own = collections.Counter({k: v for k, v in own.items() if args.match in k})
    print(f"sampled seconds: {total:.1f}\n--- inclusive (the function and what it calls)")
    for name, weight in inclusive.most_common(args.top):
        print(f"{weight / total * 100:5.1f}%  {name}")
    print("--- own time")
    for name, weight in own.most_common(args.top // 2):
        print(f"{weight / total * 100:5.1f}%  {name}")


if __name__ == "__main__":
    main()
