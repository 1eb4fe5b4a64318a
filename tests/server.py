"""The real server process, started as a user would start it (python run.py)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import requests

from bench.server import ROOT, Spawned


class ServerProcess(Spawned):
    """One server on a temporary SQLite database (or the URL given), with an API token."""

    def __init__(self, workdir: Path, mode: str = "eventlet", database_url: str | None = None,
                 extra_env: dict | None = None):
        env = {
            **os.environ,
            "CONTEST_ASYNC_MODE": mode,
            "CONTEST_INSTANCE_DIR": str(workdir),
            "CONTEST_DATABASE_URL": database_url or f"sqlite:///{workdir / 'contest.db'}",
            **(extra_env or {}),
        }
        super().__init__(env, workdir)
        self.workdir = workdir
        self.token: str | None = None

    def flask(self, *args: str) -> str:
        result = subprocess.run([sys.executable, "-m", "flask", "--app", "contest", *args], cwd=ROOT,
                                env=self.env, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout

    def prepare(self, demo: bool = False) -> ServerProcess:
        self.flask("demo" if demo else "init-db")
        # an admin: it sees the demo's contest and bank, which belong to the demo's account
        self.flask("organiser", "create", f"bantochuc{self.port}", "--password", "mat-khau-dai-1",
                   "--role", "admin")
        self.token = self.flask("organiser", "token", f"bantochuc{self.port}").strip().splitlines()[-1]
        return self

    def kill(self) -> None:
        """As a crash would: no clean shutdown."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def api(self, method: str, path: str, **kw) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.token}", **kw.pop("headers", {})}
        return requests.request(method, self.url + "/api/v1" + path, headers=headers, timeout=30, **kw)
