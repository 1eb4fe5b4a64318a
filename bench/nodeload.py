"""A Node load process (`--client node`): bench/reference/load.js with socket.io-client,
behind the same interface as a multiprocessing worker and its pipe (`poll`, `recv`,
`send`; `join`), so `runner.drive` treats both alike.

The messages are JSON lines: the parameters and the commands go to its stdin, its
reports (`loaded`, `joined`, `ready`, `done`) come from its stdout as (kind, data).
"""
from __future__ import annotations

import json
import queue
import subprocess
import threading

from bench.reference import NODE_DIR, ensure_installed, node


class NodeLoad:
    def __init__(self, params: dict):
        ensure_installed()
        self.proc = subprocess.Popen([node(), str(NODE_DIR / "load.js")], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, encoding="utf-8", bufsize=1)
        self.inbox: queue.Queue = queue.Queue()
        self._next = None  # a message `poll` took out of the inbox, for `recv`
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.send(params)

    def _read(self) -> None:
        for line in self.proc.stdout:
            message = json.loads(line)
            self.inbox.put((message["kind"], message["data"]))
        self.inbox.put(("done", {"fatal": f"the Node load process exited ({self.proc.wait()})"}))

    # --- the pipe's interface ----------------------------------------------------
    def send(self, message: dict) -> None:
        self.proc.stdin.write(json.dumps(message) + "\n")
        self.proc.stdin.flush()

    def poll(self, timeout: float) -> bool:
        if self._next is None:
            try:
                self._next = self.inbox.get(timeout=timeout)
            except queue.Empty:
                return False
        return True

    def recv(self):
        if self._next is not None:
            message, self._next = self._next, None
            return message
        return self.inbox.get()

    # --- the process's interface -------------------------------------------------
    def start(self) -> None:
        pass

    def join(self, timeout: float | None = None) -> None:
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
