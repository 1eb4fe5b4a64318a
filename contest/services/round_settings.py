"""Validation of the round settings of PROTOCOL.md, with their defaults."""
from __future__ import annotations

from typing import Any

from contest.errors import N_, DomainError, Text
from question_bank import DIFFICULTIES, TOPICS

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
    # self-paced: the score shows at submission with this many answered, else after the close
    "score_min_answered": (0, 200, None),
}
DEFAULTS = {"scoring": "fixed", "registration": "open", "advance": "host",
            "agency_rank_by": "average_score"}


# What the organiser's form calls each field: messages name the label, `field` the key.
LABELS = {
    "title": N_("Tên vòng thi"), "bank_id": N_("Ngân hàng câu hỏi"), "mode": N_("Hình thức"),
    "question_count": N_("Số câu hỏi"), "scoring": N_("Cách tính điểm"),
    "registration": N_("Đăng ký"), "seconds_per_question": N_("Số giây mỗi câu"),
    "advance": N_("Chuyển câu"), "reveal_seconds": N_("Số giây xem đáp án"),
    "duration_seconds": N_("Thời gian làm bài (giây)"), "opens_at_ms": N_("Mở từ"),
    "closes_at_ms": N_("Đóng lúc"), "max_attempts": N_("Số lượt thi tối đa"),
    "freeze_last": N_("Số câu cuối ẩn bảng xếp hạng"), "quotas": N_("Định mức câu hỏi"),
    "topics": N_("Chủ đề"), "difficulties": N_("Mức độ"),
    "agency_rank_by": N_("Tiêu chí xếp hạng đơn vị"),
    "score_min_answered": N_("Số câu tối thiểu để xem điểm ngay khi nộp"),
}


def _bad(field: str, why: Text) -> DomainError:
    detail = N_("Trường “%(label)s”: %(why)s.", label=LABELS.get(field, field), why=why)
    return DomainError("bad_payload", detail, field=field)


def _integer(body: dict, field: str) -> int | None:
    low, high, default = INTEGERS[field]
    value = body.get(field, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise _bad(field, N_("cần số nguyên từ %(low)d đến %(high)d", low=low, high=high))
    return value


def _choice(body: dict, field: str) -> str:
    value = body.get(field, DEFAULTS.get(field))
    if value not in CHOICES[field]:
        raise _bad(field, N_("cần một trong: %(choices)s", choices=", ".join(CHOICES[field])))
    return value


def _quotas(value: Any) -> list[dict] | None:
    if value in (None, []):
        return None
    if not isinstance(value, list):
        raise _bad("quotas", N_("cần một danh sách"))
    quotas = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("count"), int) or item["count"] < 1:
            raise _bad("quotas", N_("mỗi phần tử cần {topic, difficulty, count ≥ 1}"))
        topic, difficulty = item.get("topic"), item.get("difficulty")
        if topic is not None and topic not in TOPICS:
            raise _bad("quotas", N_("không có chủ đề “%(topic)s”", topic=topic))
        if difficulty is not None and difficulty not in DIFFICULTIES:
            raise _bad("quotas", N_("mức độ cần 1, 2 hoặc 3"))
        quotas.append({"topic": topic, "difficulty": difficulty, "count": item["count"]})
    return quotas


def _time_ms(body: dict, field: str) -> int | None:
    value = body.get(field)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise _bad(field, N_("cần mốc thời gian tính bằng mili giây"))
    return value


def parse_round_settings(body: Any) -> dict:
    """The settings as Round columns; a missing field takes its default."""
    if not isinstance(body, dict):
        raise DomainError("bad_payload", N_("Cần một đối tượng JSON."))
    if not isinstance(body.get("bank_id"), int):
        raise _bad("bank_id", N_("cần mã ngân hàng câu hỏi"))
    title = body.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 255:
        raise _bad("title", N_("cần tên vòng thi (tối đa 255 ký tự)"))
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
        raise _bad(field, N_("có giá trị không hợp lệ"))
    return value


def _check_self_paced(settings: dict) -> None:
    if settings["mode"] != "self_paced":
        return
    if settings["duration_seconds"] is None:
        settings["duration_seconds"] = 60 * settings["question_count"]
    opens, closes = settings["opens_at_ms"], settings["closes_at_ms"]
    if opens is not None and closes is not None and closes <= opens:
        raise _bad("closes_at_ms", N_("thời điểm đóng phải sau thời điểm mở"))
    if settings["quotas"] and sum(q["count"] for q in settings["quotas"]) > settings["question_count"]:
        raise _bad("quotas", N_("tổng số câu theo định mức vượt số câu của đề"))
