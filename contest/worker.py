"""A worker process: runs one job for `contest.offload` and writes back how it ended.

    python -m contest.worker MEMORY_MB CPU_SECONDS < job > outcome

It is a new interpreter, never a fork of the server: it inherits no monkey-patched module,
no socket and no database connection, and imports only what the job's function needs
(`question_bank`, openpyxl). The job is a pickle of `(function, args, kwargs)`; the outcome a
pickle of `("ok", value)` or `("raised", exception)`. It runs at a lower CPU priority than
the server, within an address-space limit and a CPU-time limit (a backstop: the server
kills it at its wall-clock limit).
"""
from __future__ import annotations

import os
import pickle
import resource
import sys


def limit(memory_mb: int, cpu_seconds: int) -> None:
    os.nice(10)  # the hall's event loop goes first on a shared core
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def outcome(job: bytes) -> tuple[str, object]:
    try:
        function, args, kwargs = pickle.loads(job)
        return "ok", function(*args, **kwargs)
    except BaseException as exc:  # the caller re-raises it: a WorkbookInvalid, a MemoryError...
        return "raised", exc


def main() -> None:
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the outcome
    limit(int(sys.argv[1]), int(sys.argv[2]))
    result = outcome(sys.stdin.buffer.read())
    try:
        data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # an exception or value that cannot be pickled
        data = pickle.dumps(("raised", RuntimeError(f"{type(result[1]).__name__}: {exc}")))
    out.write(data)
    out.flush()


if __name__ == "__main__":
    main()
