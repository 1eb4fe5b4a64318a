"""The sample bank: original questions on administrative reform.

`cchc_sample.json` is the readable source; `cchc_sample.xlsx` is the same bank in
the template's format, rebuilt with `python -m question_bank.samples`.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from question_bank.exporter import write_bank
from question_bank.model import QuestionRow

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "cchc_sample.json"
WORKBOOK = HERE / "cchc_sample.xlsx"


def sample_questions() -> list[QuestionRow]:
    items = json.loads(SOURCE.read_text(encoding="utf-8"))
    for item in items:
        for key in ("valid_from", "valid_to"):
            if item.get(key):
                item[key] = date.fromisoformat(item[key])
    return [QuestionRow(**item) for item in items]


def build_sample_workbook() -> bytes:
    return write_bank(sample_questions())
