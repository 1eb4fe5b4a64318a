"""The real PostgreSQL and Redis of the machine, or a clear reason to skip."""
from __future__ import annotations

import os

import pytest

from bench.server import reset_postgres  # noqa: F401  (one place drops the schema)

POSTGRES_URL = os.environ.get("CONTEST_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("CONTEST_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
REQUIRED = os.environ.get("CONTEST_REQUIRE_SERVICES") == "1"  # CI: never skip these


def _unavailable(what: str, why: Exception) -> None:
    message = f"{what} is not reachable ({why}); start it to run the scale-out tests"
    if REQUIRED:
        pytest.fail(message)
    pytest.skip(message)


def require_postgres() -> str:
    import psycopg2

    try:
        psycopg2.connect(POSTGRES_URL, connect_timeout=3).close()
    except psycopg2.Error as exc:
        _unavailable("PostgreSQL at " + POSTGRES_URL, exc)
    return POSTGRES_URL


def require_redis() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=3).ping()
    except redis.RedisError as exc:
        _unavailable("Redis at " + REDIS_URL, exc)
    return REDIS_URL
