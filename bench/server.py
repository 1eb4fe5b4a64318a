"""Server processes for a benchmark: started here (`python run.py`) or given by URL."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

from bench.stats import raise_fd_limit

ROOT = Path(__file__).resolve().parent.parent


# Every official of a benchmark joins from 127.0.0.1: no join limit per client address.
BENCH_ENV = {"CONTEST_JOIN_LIMIT": "0"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def reset_postgres(url: str) -> None:
    """An empty public schema, so the migrations start from nothing."""
    import psycopg2

    with psycopg2.connect(url) as conn, conn.cursor() as cur:
        cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")


class Spawned:
    """`python run.py` (or `command`) on a port of its own, with the benchmark's environment."""

    def __init__(self, env: dict, workdir: Path, command: list[str] | None = None):
        self.command = command or [sys.executable, "run.py"]
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # CONTEST_NODE as in docs/deployment.md: each process tags its session ids.
        self.env = {**env, "CONTEST_PORT": str(self.port), "CONTEST_NODE": f"p{self.port}"}
        self.log_path = workdir / f"server-{self.port}.log"
        self.proc: subprocess.Popen | None = None

    def start(self) -> Spawned:
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(self.command, cwd=ROOT, env=self.env,
                                     stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_tail()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.log_tail()}")

    def log_tail(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:] if self.log_path.exists() else ""

    def kill(self, sig: int) -> None:
        """A crash (SIGKILL) or a planned stop (SIGTERM) in the middle of a run."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@dataclass
class Servers:
    """The servers under test: their URLs, pids (for psutil) and an organiser token."""

    urls: list[str]
    token: str
    pids: list[int]
    spawned: list[Spawned] = field(default_factory=list)
    workdir: Path | None = None
    kind: str = "project"  # or "reference": the Node ceiling (bench/reference.py)
    killed: set[int] = field(default_factory=set)  # indices of the servers a take-over killed

    def api(self, method: str, path: str, **kw) -> requests.Response:
        """Through the first server still alive (any process answers the organiser API)."""
        headers = {"Authorization": f"Bearer {self.token}"}
        url = next(u for i, u in enumerate(self.urls) if i not in self.killed)
        return requests.request(method, url + "/api/v1" + path, headers=headers, timeout=120, **kw)

    def kill(self, index: int, sig: int) -> None:
        self.killed.add(index)
        self.spawned[index].kill(sig)

    def tracebacks(self) -> list[int]:
        """Tracebacks in each started server's log: an error no ack may show."""
        return [s.log_path.read_text(errors="replace").count("Traceback (most recent call last)")
                if s.log_path.exists() else 0 for s in self.spawned]

    def stop(self) -> None:
        for server in self.spawned:
            server.stop()


def _flask(env: dict, *args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "contest", *args], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return result.stdout


def spawn(count: int, mode: str, database_url: str | None, queue_url: str | None,
          extra_env: dict | None = None) -> Servers:
    """Fresh database, an organiser with a token, then `count` server processes."""
    workdir = Path(tempfile.mkdtemp(prefix="contest-bench-"))
    if database_url and database_url.startswith("postgresql"):
        reset_postgres(database_url)
    if count > 1 and not (database_url and queue_url):
        raise SystemExit("several server processes need --database postgresql://... and --queue redis://...")
    raise_fd_limit()  # before the servers start: they inherit it
    env = {**os.environ, **BENCH_ENV, "CONTEST_ASYNC_MODE": mode, "CONTEST_INSTANCE_DIR": str(workdir),
           "CONTEST_DATABASE_URL": database_url or f"sqlite:///{workdir / 'contest.db'}",
           **({"CONTEST_MESSAGE_QUEUE": queue_url} if queue_url else {}), **(extra_env or {})}
    if not queue_url:
        env.pop("CONTEST_MESSAGE_QUEUE", None)
    _flask(env, "init-db")
    _flask(env, "organiser", "create", "bench", "--password", "mat-khau-bench-1")
    token = _flask(env, "organiser", "token", "bench").strip().splitlines()[-1]
    spawned = []
    try:
        for _ in range(count):
            spawned.append(Spawned(env, workdir).start())
    except Exception:
        for server in spawned:
            server.stop()
        raise
    return Servers([s.url for s in spawned], token, [s.proc.pid for s in spawned], spawned, workdir)


class Monitor:
    """Samples the servers' memory and CPU with psutil until stopped."""

    def __init__(self, pids: list[int], interval: float = 0.2):
        import psutil

        self.procs = [psutil.Process(pid) for pid in pids if pid]
        self.interval = interval
        self.peak_rss = {p.pid: 0 for p in self.procs}
        self.peak_cpu = {p.pid: 0.0 for p in self.procs}
        self._cpu0 = {p.pid: self._cpu_seconds(p) for p in self.procs}
        self._cpu_last = dict(self._cpu0)  # a killed process keeps the CPU it had used
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def _cpu_seconds(proc) -> float:
        times = proc.cpu_times()
        return times.user + times.system

    def _cpu_now(self, proc) -> float:
        try:
            self._cpu_last[proc.pid] = self._cpu_seconds(proc)
        except Exception:  # gone (a take-over killed it): its last reading
            pass
        return self._cpu_last[proc.pid]

    def start(self) -> Monitor:
        for p in self.procs:
            p.cpu_percent(None)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            for p in self.procs:
                try:
                    self.peak_rss[p.pid] = max(self.peak_rss[p.pid], p.memory_info().rss)
                    self.peak_cpu[p.pid] = max(self.peak_cpu[p.pid], p.cpu_percent(None))
                except Exception:  # the process may be gone (a kill test)
                    pass
                self._cpu_now(p)

    def cpu_seconds(self) -> float:
        """The CPU all the servers have used so far (for the figures of one phase)."""
        return sum(self._cpu_now(p) for p in self.procs)

    def stop(self) -> dict:
        self._stop.set()
        self._thread.join(2)
        report = {}
        for p in self.procs:
            cpu = self._cpu_now(p) - self._cpu0[p.pid]
            report[p.pid] = {"peak_rss_mb": self.peak_rss[p.pid] / 2**20,
                             "peak_cpu_percent": self.peak_cpu[p.pid], "cpu_seconds": cpu}
        return report
