"""Turning one cell's content into a typed value; each parser raises ValueError when it cannot."""
from __future__ import annotations

import re
from datetime import date, datetime

from openpyxl.utils.datetime import from_excel

from .layout import KIND_LABELS
from .model import DIFFICULTIES, OPTION_LETTERS, TOPICS
from .text import loose_key

_KINDS = {
    loose_key(name): kind
    for kind, names in {
        "single": (KIND_LABELS["single"], "single", "Một lựa chọn", "Một đáp án đúng"),
        "multiple": (KIND_LABELS["multiple"], "multiple", "Nhiều lựa chọn", "Nhiều đáp án đúng"),
        "true_false": (KIND_LABELS["true_false"], "true_false", "true/false", "Đúng hoặc sai"),
    }.items()
    for name in names
}
_TOPICS = {loose_key(topic): topic for topic in TOPICS}
_DIFFICULTIES = {loose_key(label): level for level, label in DIFFICULTIES.items()}
_LETTER_SEPARATORS = re.compile(r"[\s,;/&+.()\-]+|\bvà\b", re.IGNORECASE)
_DMY = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME_SUFFIX = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")
_GROUPED_NUMBER = re.compile(r"\d{1,3}([., ]\d{3})+")
# Excel serial numbers of 1954-2119: a date pasted into a cell formatted as a number.
_SERIAL_RANGE = (20_000, 80_000)


def parse_kind(text: str) -> str:
    kind = _KINDS.get(loose_key(text))
    if kind is None:
        raise ValueError(text)
    return kind


def parse_letters(text: str) -> list[int]:
    """"A, C" / "a;c" / "AC" -> [0, 2]."""
    letters = _LETTER_SEPARATORS.sub("", text).upper()
    if not letters or any(letter not in OPTION_LETTERS for letter in letters):
        raise ValueError(text)
    return sorted({OPTION_LETTERS.index(letter) for letter in letters})


def parse_topic(text: str) -> str:
    topic = _TOPICS.get(loose_key(text))
    if topic is None:
        raise ValueError(text)
    return topic


def parse_difficulty(value: object) -> int:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if float(value) in DIFFICULTIES:
            return int(value)
        raise ValueError(value)
    text = str(value).strip()
    if text.isdigit() and int(text) in DIFFICULTIES:
        return int(text)
    level = _DIFFICULTIES.get(loose_key(text))
    if level is None:
        raise ValueError(value)
    return level


def parse_date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return from_excel(value).date()
        raise ValueError(value)
    text = _TIME_SUFFIX.sub("", str(value).strip())
    if match := _DMY.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
    elif match := _YMD.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    else:
        raise ValueError(value)
    if not 1900 <= year <= 2200:
        raise ValueError(value)
    return date(year, month, day)


def format_date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def parse_count(value: object) -> int:
    """A whole number of zero or more; "1.250" is read as Vietnamese thousands grouping."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        text = str(value).strip()
        if _GROUPED_NUMBER.fullmatch(text):
            text = re.sub(r"[., ]", "", text)
        if not text.isdigit():
            raise ValueError(value)
        number = int(text)
    if number < 0:
        raise ValueError(value)
    return number
