"""Validation of the round settings of PROTOCOL.md, with their defaults."""
from __future__ import annotations

from typing import Any

from question_bank import DIFFICULTIES, TOPICS

from contest.errors import DomainError

CHOICES = {
    "mode": ("live", "self_paced"),
    "scoring": ("fixed", "speed"),
    "registration": ("open", "roster"),
    "advance": ("host", "auto"),
    "agency_rank_by": ("average_score", "participation_rate", "total_score"),
}
# field: (minimum, maximum, default)
INTEGERS = {
    "question_count": (1, 200, 10),
    "seconds_per_question": (3, 600, 20),
    "reveal_seconds": (1, 120, 5),
    "duration_seconds": (30, 24 * 3600, None),
    "max_attempts": (1, 100, 1),
    "freeze_last": (0, 200, 0),
}
DEFAULTS = {"scoring": "fixed", "registration": "open", "advance": "host",
            "agency_rank_by": "average_score"}


def _bad(field: str, why: str) -> DomainError:
    return DomainError("bad_payload", f"Trường “{field}”: {why}.", field=field)


def _integer(body: dict, field: str) -> int | None:
    low, high, default = INTEGERS[field]
    value = body.get(field, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(field, f"cần số nguyên từ {low} đến {high}")
    return value


def _choice(body: dict, field: str) -> str:
    value = body.get(field, DEFAULTS.get(field))
    if value not in CHOICES[field]:
        raise _bad(field, "cần một trong " + ", ".join(CHOICES[field]))
    return value


def _quotas(value: Any) -> list[dict] | None:
    if value in (None, []):
        return None
    if not isinstance(value, list):
        raise _bad("quotas", "cần một danh sách")
    quotas = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("count"), int) or item["count"] < 1:
            raise _bad("quotas", "mỗi phần tử cần {topic, difficulty, count ≥ 1}")
        topic, difficulty = item.get("topic"), item.get("difficulty")
        if topic is not None and topic not in TOPICS:
            raise _bad("quotas", f"chủ đề không có: {topic}")
        if difficulty is not None and difficulty not in DIFFICULTIES:
            raise _bad("quotas", "mức độ cần 1, 2 hoặc 3")
        quotas.append({"topic": topic, "difficulty": difficulty, "count": item["count"]})
    return quotas


def _time_ms(body: dict, field: str) -> int | None:
    value = body.get(field)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise _bad(field, "cần mốc thời gian tính bằng mili giây")
    return value


def parse_round_settings(body: Any) -> dict:
    """The settings as Round columns; a missing field takes its default."""
    if not isinstance(body, dict):
        raise DomainError("bad_payload", "Cần một đối tượng JSON.")
    if not isinstance(body.get("bank_id"), int):
        raise _bad("bank_id", "cần mã ngân hàng câu hỏi")
    title = body.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 255:
        raise _bad("title", "cần tên vòng thi (tối đa 255 ký tự)")
    settings = {"title": title.strip(), "bank_id": body["bank_id"]}
    settings.update({field: _choice(body, field) for field in CHOICES})
    settings.update({field: _integer(body, field) for field in INTEGERS})
    settings["quotas"] = _quotas(body.get("quotas"))
    settings["topics"] = _filter(body, "topics", TOPICS)
    settings["difficulties"] = _filter(body, "difficulties", tuple(DIFFICULTIES))
    settings["opens_at_ms"] = _time_ms(body, "opens_at_ms")
    settings["closes_at_ms"] = _time_ms(body, "closes_at_ms")
    _check_self_paced(settings)
    return settings


def _filter(body: dict, field: str, allowed: tuple) -> list | None:
    value = body.get(field)
    if value in (None, []):
        return None
    if not isinstance(value, list) or any(v not in allowed for v in value):
        raise _bad(field, "có giá trị không hợp lệ")
    return value


def _check_self_paced(settings: dict) -> None:
    if settings["mode"] != "self_paced":
        return
    if settings["duration_seconds"] is None:
        settings["duration_seconds"] = 60 * settings["question_count"]
    opens, closes = settings["opens_at_ms"], settings["closes_at_ms"]
    if opens is not None and closes is not None and closes <= opens:
        raise _bad("closes_at_ms", "thời điểm đóng phải sau thời điểm mở")
    if settings["quotas"] and sum(q["count"] for q in settings["quotas"]) > settings["question_count"]:
        raise _bad("quotas", "tổng số câu theo định mức vượt số câu của đề")
