"""Normalising cell values and the keys used to compare them."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, time
from functools import lru_cache

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

_SPACES = re.compile(r"\s+")
_NOT_ALNUM = re.compile(r"[\W_]+")
_TRAILING_PUNCTUATION = " \t\n.,;:!?…"


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def cell_text(value: object) -> str | None:
    """A cell's value as clean text (NFC, stripped), or None when it holds nothing."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))  # 1990.0 is how Excel stores the number 1990
    elif isinstance(value, datetime) and value.time() == time(0):
        text = value.strftime("%d/%m/%Y")
    elif isinstance(value, date) and not isinstance(value, datetime):
        text = value.strftime("%d/%m/%Y")
    else:
        text = str(value)
    # Control characters cannot be written back to xlsx, so they never enter the bank.
    text = ILLEGAL_CHARACTERS_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = nfc(text).strip()
    return text or None


# Characters that change how text looks or reads without being text: zero-width marks,
# bidirectional overrides, soft hyphens... (Unicode "format" and "control" categories).
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"})
_FORMULA_LEAD = "=+-@"
MIN_NAME_LETTERS = 2


def clean_name(text: str) -> str:
    """A person's or an agency's name as stored: NFC, no invisible or control character,
    single spaces, and no leading formula sign (=, +, -, @). May come out empty."""
    visible = "".join(" " if ch.isspace() else ch for ch in nfc(text)
                      if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE_CATEGORIES)
    name = " ".join(visible.split())
    return name.lstrip(_FORMULA_LEAD + " ")


def is_name(text: str) -> bool:
    """At least two letters: a name, not a run of digits, punctuation or emoji."""
    return sum(1 for ch in text if unicodedata.category(ch).startswith("L")) >= MIN_NAME_LETTERS


def question_key(text: str) -> str:
    """The form under which two question texts count as the same question."""
    key = nfc(text).casefold()
    key = _SPACES.sub(" ", nfc(key)).strip()
    return key.rstrip(_TRAILING_PUNCTUATION)


def duplicate_key(text: str, options: Iterable[str]) -> str:
    """Two questions are the same when their texts and their sets of options are (in any order).

    Hashed: a stem and six options do not fit one indexed column, and a prefix could collide.
    """
    parts = [question_key(text), *sorted(question_key(option) for option in options)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


def _without_marks() -> dict[int, str | None]:
    """Latin letters with diacritics -> their base letter, and combining marks -> nothing."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for block in (range(0x00C0, 0x0250), range(0x1E00, 0x1F00)):
        for code in block:
            base = "".join(ch for ch in unicodedata.normalize("NFD", chr(code))
                           if not unicodedata.combining(ch))
            if base and base != chr(code):
                table[code] = base
    table.update({code: None for code in range(0x0300, 0x0370)})
    return table


_MARKS = _without_marks()


def bare(text: str) -> str:
    """The text without diacritics, lower case: "Nghị định" -> "nghi dinh".

    A translation table rather than NFD and a filter: the lint folds every text of a
    10,000-question bank, and this is ten times faster."""
    return unicodedata.normalize("NFC", text).translate(_MARKS).casefold()


def fold(text: str) -> str:
    """`bare`, with every run of punctuation and spaces made one space."""
    return " ".join(_NOT_ALNUM.sub(" ", bare(text)).split())


@lru_cache(maxsize=4096)  # the same few labels (topics, kinds, levels) come back on every row
def loose_key(text: str) -> str:
    """Case, spacing, punctuation and diacritics removed: for headers and fixed vocabularies."""
    return _NOT_ALNUM.sub("", bare(text))


def code_key(code: str) -> str:
    """Codes (agency, official) compare without regard to case."""
    return nfc(code).casefold()
