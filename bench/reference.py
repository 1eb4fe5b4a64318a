"""The ceiling: the Node socket.io server of bench/reference/, started by the bench.

It speaks the live-round subset of docs/protocol.md (join, the organiser calls the
bench makes, /play with `state`, `question`, `answer` acks, `reveal`, `finished`)
and keeps everything in memory, so the contest server can be put beside it, played
by the same load client in the same run. It does not read workbooks: it is started
with the agencies and questions that `bench.scenario` uploads, as a JSON file.
"""
from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import tempfile
from dataclasses import asdict
from pathlib import Path

from bench import scenario
from bench.server import ROOT, Servers, Spawned
from bench.stats import raise_fd_limit

NODE_DIR = ROOT / "bench" / "reference"
FIXTURE_QUESTIONS = 200


def node() -> str:
    found = shutil.which("node")
    if not found:
        raise SystemExit("the Node parts of the bench need Node.js 18+ (apt-get install nodejs npm)")
    return found


def ensure_installed() -> None:
    """`npm ci` in bench/reference when its node_modules is missing or older than the lock."""
    marker = NODE_DIR / "node_modules" / ".package-lock.json"
    lock = NODE_DIR / "package-lock.json"
    if marker.exists() and marker.stat().st_mtime >= lock.stat().st_mtime:
        return
    npm = shutil.which("npm")
    if not npm:
        raise SystemExit("the Node parts of the bench need npm (apt-get install nodejs npm)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=NODE_DIR, check=True,
                   timeout=600)


def write_fixture(path: Path) -> None:
    agencies = [{"code": a.code, "name": a.name, "parent_code": a.parent_code, "headcount": a.headcount}
                for a in scenario.agency_rows()]
    questions = [{k: v for k, v in asdict(q).items() if k in ("text", "kind", "options", "correct")}
                 for q in scenario.question_rows(FIXTURE_QUESTIONS)]
    path.write_text(json.dumps({"agencies": agencies, "questions": questions}, ensure_ascii=False))


def start_reference(grace_ms: int = 500) -> Servers:
    """The reference on a free port, with an organiser token of its own."""
    ensure_installed()
    raise_fd_limit()
    workdir = Path(tempfile.mkdtemp(prefix="contest-bench-ref-"))
    write_fixture(workdir / "fixture.json")
    token = secrets.token_urlsafe(24)
    env = {"PATH": str(Path(node()).parent), "REFERENCE_ORGANISER_TOKEN": token,
           "REFERENCE_FIXTURE": str(workdir / "fixture.json"), "CONTEST_ANSWER_GRACE_MS": str(grace_ms),
           "CONTEST_SECRET_KEY": secrets.token_hex(32)}
    server = Spawned(env, workdir, [node(), str(NODE_DIR / "server.js")]).start()
    return Servers([server.url], token, [server.proc.pid], [server], workdir, kind="reference")
