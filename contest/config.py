"""Configuration from the environment (a .env file may add to it)."""
from __future__ import annotations

import os
import secrets
from pathlib import Path

from dotenv import load_dotenv

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("CONTEST_INSTANCE_DIR", PROJECT_ROOT / "instance"))

load_dotenv(PROJECT_ROOT / ".env")


def _persistent_secret_key() -> str:
    """A key generated once and kept in instance/, so sessions survive restarts."""
    path = INSTANCE_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def _env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


class Config:
    HOST = os.environ.get("CONTEST_HOST", "127.0.0.1")
    PORT = _env_int("CONTEST_PORT", 5000)
    ASYNC_MODE = os.environ.get("CONTEST_ASYNC_MODE", "eventlet")
    MESSAGE_QUEUE = os.environ.get("CONTEST_MESSAGE_QUEUE") or None
    PUBLIC_URL = os.environ.get("CONTEST_PUBLIC_URL") or None  # how phones reach us: the QR codes
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "CONTEST_DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'contest.db'}"
    )
    SECRET_KEY = os.environ.get("CONTEST_SECRET_KEY") or _persistent_secret_key()

    # Uploads: workbooks are small; refuse anything bigger before reading it.
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = os.environ.get("CONTEST_SECURE_COOKIES", "0") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    WTF_CSRF_TIME_LIMIT = None  # an organiser's form may stay open during a whole round

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_SUPPORTED_LOCALES = ("vi", "en")
    BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "contest" / "translations")

    # Real-time core
    ANSWER_GRACE_MS = _env_int("CONTEST_ANSWER_GRACE_MS", 500)
    ENGINE_TICK_MS = _env_int("CONTEST_ENGINE_TICK_MS", 100)
    COMMIT_INTERVAL_MS = _env_int("CONTEST_COMMIT_INTERVAL_MS", 10)
    BROADCAST_INTERVAL_MS = _env_int("CONTEST_BROADCAST_INTERVAL_MS", 500)
    LEASE_SECONDS = _env_int("CONTEST_LEASE_SECONDS", 5)
    NODE_NAME = os.environ.get("CONTEST_NODE", "")  # tags session ids for a proxy: docs/deployment.md
    # Socket.IO events per client: a token bucket per socket and per participant
    SOCKET_RATE = float(os.environ.get("CONTEST_SOCKET_RATE", 5))    # events a second
    SOCKET_BURST = _env_int("CONTEST_SOCKET_BURST", 20)               # events at once
    SOCKET_ABUSE = _env_int("CONTEST_SOCKET_ABUSE", 100)  # refusals in 10 s that disconnect
    MAX_SOCKETS = _env_int("CONTEST_MAX_SOCKETS", 0)  # Socket.IO sessions a process takes; 0: what its fd limit holds
    SHUTDOWN_SECONDS = _env_int("CONTEST_SHUTDOWN_SECONDS", 8)  # SIGTERM: at most this, then exit

    RATELIMIT_STORAGE_URI = os.environ.get("CONTEST_MESSAGE_QUEUE") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True

    LOG_LEVEL = os.environ.get("CONTEST_LOG_LEVEL", "INFO")
    # Work that would hold the event loop (contest/offload.py): workbooks are read and built
    # by a worker process, at most WORKERS at a time, each within these limits.
    OFFLOAD = os.environ.get("CONTEST_OFFLOAD", "1") != "0"
    WORKERS = _env_int("CONTEST_WORKERS", 2)
    WORKER_SECONDS = _env_int("CONTEST_WORKER_SECONDS", 60)
    WORKER_MEMORY_MB = _env_int("CONTEST_WORKER_MEMORY_MB", 1024)

    # Trust and limits (docs/deployment.md, docs/protocol.md §5.6)
    TRUSTED_PROXIES = os.environ.get("CONTEST_TRUSTED_PROXIES", "")  # "1" or "127.0.0.1, 10.0.0.5"
    JOIN_LIMIT = _env_int("CONTEST_JOIN_LIMIT", 600)      # joins per client address a minute; 0: off
    SEARCH_LIMIT = _env_int("CONTEST_SEARCH_LIMIT", 6000)  # agency searches per address a minute
    PIN_LIMIT = os.environ.get("CONTEST_PIN_LIMIT", "5 per 10 minutes")  # wrong PINs per code
    PIN_CLIENT_LIMIT = os.environ.get("CONTEST_PIN_CLIENT_LIMIT", "20 per 10 minutes")  # per address
    LOGIN_LIMIT = os.environ.get("CONTEST_LOGIN_LIMIT", "20 per 10 minutes")  # failed per address
    TOKEN_DAYS = _env_int("CONTEST_TOKEN_DAYS", 90)       # API tokens' default life; 0: no expiry
    HSTS_SECONDS = _env_int("CONTEST_HSTS_SECONDS", 31_536_000)  # sent over TLS only; 0: never


class TestConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("CONTEST_TEST_DATABASE_URL", "sqlite://")
    SECRET_KEY = "test-secret-key"
    ASYNC_MODE = "threading"
    MESSAGE_QUEUE = None
    RATELIMIT_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    OFFLOAD = False  # unit tests read workbooks in-process; tests/contest/test_offload.py does not
