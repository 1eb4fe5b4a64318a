"""The server's clock, in integer milliseconds since the epoch."""
import time


def now_ms() -> int:
    return int(time.time() * 1000)
