"""Logging, configured once by the app factory: one JSON object per line on stderr.

The level comes from `CONTEST_LOG_LEVEL` (INFO by default). No secret reaches a record:
bearer tokens, API tokens, signed participant and console tokens, display tokens and
passwords are replaced by `[redacted]` in the message, its values and any traceback.
"""
from __future__ import annotations

import json
import logging
import re
import sys
from datetime import UTC, datetime

from flask import Flask

REDACTED = "[redacted]"
_SECRETS = re.compile(
    r"(?i:bearer)\s+\S+"                                   # Authorization: Bearer ...
    r"|\bct_[\w-]+"                                         # API tokens
    r"|--(?:password|token)\s+\S+"                           # command-line options
    r"|(?i:pass(?:word)?|mat_?khau|secret|token)(?P<sep>[\"']?\s*[=:]\s*[\"']?)[^\s,;\"'&]+"
    r"|(?=[\w-]*[A-Z])(?=[\w-]*[a-z])(?=[\w-]*\d)[\w-]{22,}"  # random tokens, signatures
)
# LogRecord attributes; anything else on a record came from `extra=` and is logged too.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_HANDLER_NAME = "contest"


def redact(text: str) -> str:
    def replace(match: re.Match) -> str:
        if match.group("sep") is not None:  # keep "password=" and hide what follows
            return match.group(0)[: match.start("sep") - match.start() + len(match.group("sep"))] + REDACTED
        return REDACTED
    return _SECRETS.sub(replace, text)


class JsonFormatter(logging.Formatter):
    """{"time", "level", "logger", "message"} plus the record's extra fields and traceback."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = redact(value) if isinstance(value, str) else value
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=lambda v: redact(str(v)))


def init_app(app: Flask) -> None:
    """Install the handler on the root logger, once per process; tests keep pytest's."""
    root = logging.getLogger()
    level = logging.getLevelName(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    if not isinstance(level, int):
        level = logging.INFO
    logging.getLogger("contest").setLevel(level)
    if app.testing or any(h.get_name() == _HANDLER_NAME for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    # the libraries' INFO chatter (alembic's plugins, engine.io) stays out below DEBUG
    root.setLevel(level if level < logging.INFO else max(level, logging.WARNING))
