"""The sample bank: original questions on administrative reform.

`cchc_sample.json` is the readable source of the questions and `cchc_documents.json`, when
present, the catalogue of the legal documents they cite (sheet "Văn bản"); `cchc_sample.xlsx`
is the same bank in the template's format, rebuilt with `python -m question_bank.samples`.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from question_bank.documents import document_from_dict
from question_bank.exporter import write_bank
from question_bank.model import DocumentRow, QuestionRow

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "cchc_sample.json"
DOCUMENTS = HERE / "cchc_documents.json"
WORKBOOK = HERE / "cchc_sample.xlsx"


def sample_questions(source: Path = SOURCE) -> list[QuestionRow]:
    items = json.loads(source.read_text(encoding="utf-8"))
    for item in items:
        for key in ("valid_from", "valid_to"):
            if item.get(key):
                item[key] = date.fromisoformat(item[key])
    return [QuestionRow(**item) for item in items]


def sample_documents(source: Path = DOCUMENTS) -> list[DocumentRow]:
    """The catalogue: a list of {"symbol", "title", "issued", "effective_from", "replaced_on",
    "replaced_by", "source"} with ISO dates or null; none when the file is absent."""
    if not source.exists():
        return []
    return [document_from_dict(item) for item in json.loads(source.read_text(encoding="utf-8"))]


def build_sample_workbook(questions: Path = SOURCE, documents: Path = DOCUMENTS) -> bytes:
    return write_bank(sample_questions(questions), sample_documents(documents))
