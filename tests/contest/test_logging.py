"""Logging as the server configures it: one JSON object per line, level from the settings,
and no token, password or signature in any record."""
from __future__ import annotations

import json
import logging

import pytest

from contest import create_app, logs
from contest.config import TestConfig


class ServedConfig(TestConfig):
    TESTING = False
    LOG_LEVEL = "warning"


@pytest.fixture
def served():
    """The handler create_app installs outside tests, removed afterwards."""
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    create_app(ServedConfig)
    create_app(ServedConfig)  # a second app in the same process adds no second handler
    added = [h for h in root.handlers if h not in before]
    yield added
    for handler in added:
        root.removeHandler(handler)
    root.setLevel(level)
    logging.getLogger("contest").setLevel(logging.NOTSET)


def test_the_app_factory_installs_one_json_handler_at_the_configured_level(served):
    assert len(served) == 1 and isinstance(served[0].formatter, logs.JsonFormatter)
    assert logging.getLogger().level == logging.WARNING
    assert not logging.getLogger("contest.services.leases").isEnabledFor(logging.INFO)


def record(message: str, *args, exc: BaseException | None = None, **extra) -> dict:
    entry = logging.LogRecord("contest.test", logging.ERROR, __file__, 1, message, args,
                              (type(exc), exc, exc.__traceback__) if exc else None)
    entry.__dict__.update(extra)
    return json.loads(logs.JsonFormatter().format(entry))


def test_a_record_is_one_json_object_with_its_extra_fields():
    line = record("conducting round %s (%s)", 7, "node-a", round_id=7)
    assert line["level"] == "ERROR" and line["logger"] == "contest.test"
    assert line["message"] == "conducting round 7 (node-a)" and line["round_id"] == 7
    assert line["time"].endswith("+00:00")


@pytest.mark.parametrize("secret", [
    "Bearer ct_9oB0kLx2M4nP6qR8sT0uV2wX4yZ6aB8cD0eF2gH4iJ6",   # an API token in a header
    "ct_9oB0kLx2M4nP6qR8sT0uV2wX4yZ6aB8cD0eF2gH4iJ6",          # an API token alone
    "eyJwIjoyLCJyIjozfQ.FVN8xQ2bL9mK3pR7tY1wZ5vC8nA4sD6fG0hJ",  # a participant token
    "MQ.aXEKeA.k3J9sdfLKJ2342lkjsdfLKJ234sdfXq",                 # a console token
    "Zx8Kq2Lm9Np4Rt6Vw1Yb3Cd5Ef7Gh0Jk",                          # a display token
])
def test_tokens_never_reach_a_record(secret):
    try:
        raise ValueError(f"refused {secret}")
    except ValueError as exc:
        line = record("login with %s failed", secret, exc=exc, header=f"Authorization: {secret}")
    text = json.dumps(line)
    assert secret not in text and secret.split(".")[-1] not in text
    assert "[redacted]" in line["message"] and "[redacted]" in line["exception"]


def test_passwords_are_hidden_and_ordinary_words_kept():
    line = record("organiser create admin --password mat-khau-dai-1 password=hai2ba; "
                  "insert_ignoring_duplicates took 12 ms in sqlalchemy.engine")
    assert "mat-khau-dai-1" not in line["message"] and "hai2ba" not in line["message"]
    assert line["message"].endswith("password=[redacted]; insert_ignoring_duplicates took 12 ms in "
                                    "sqlalchemy.engine")
