"""What `/healthz` checks beside the database: the Redis message queue of several processes."""
from __future__ import annotations


def message_queue_reachable(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        return False
