"""The real server process, started as a user would start it (python run.py)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerProcess:
    """One server on a temporary SQLite database (or the URL given), with an API token."""

    def __init__(self, workdir: Path, mode: str = "eventlet", database_url: str | None = None,
                 extra_env: dict | None = None):
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "CONTEST_PORT": str(self.port),
            "CONTEST_ASYNC_MODE": mode,
            "CONTEST_INSTANCE_DIR": str(workdir),
            "CONTEST_DATABASE_URL": database_url or f"sqlite:///{workdir / 'contest.db'}",
            **(extra_env or {}),
        }
        self.proc: subprocess.Popen | None = None
        self.token: str | None = None

    def flask(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "contest", *args], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout

    def prepare(self, demo: bool = False) -> "ServerProcess":
        self.flask("demo" if demo else "init-db")
        self.flask("organiser", "create", f"bantochuc{self.port}", "--password", "mat-khau-dai-1")
        self.token = self.flask("organiser", "token", f"bantochuc{self.port}").strip().splitlines()[-1]
        return self

    def start(self) -> "ServerProcess":
        log = open(self.workdir / f"server-{self.port}.log", "ab")
        self.proc = subprocess.Popen([sys.executable, "run.py"], cwd=ROOT, env=self.env,
                                     stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log_text()}")
            try:
                if requests.get(self.url + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.log_text()}")

    def log_text(self) -> str:
        path = self.workdir / f"server-{self.port}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def kill(self) -> None:
        """As a crash would: no clean shutdown."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def api(self, method: str, path: str, **kw) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kw.pop("headers", {})}
        return requests.request(method, self.url + "/api/v1" + path, headers=headers, timeout=30, **kw)
