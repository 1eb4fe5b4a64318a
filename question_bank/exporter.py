"""Writing a bank or a roster back in the template's format, so that it re-imports unchanged."""
from __future__ import annotations

from collections.abc import Iterable

from .layout import AGENCY_SHEET, DOCUMENT_SHEET, OFFICIAL_SHEET, QUESTION_SHEET
from .model import DocumentRow, QuestionRow, Roster
from .template import (
    document_cells,
    put_row,
    question_book,
    question_cells,
    roster_book,
    save,
)


def write_bank(questions: Iterable[QuestionRow], documents: Iterable[DocumentRow] = ()) -> bytes:
    """The questions and the catalogue of legal documents in the template's workbook: same
    sheets, headers and instructions."""
    book = question_book()
    sheet = book[QUESTION_SHEET]
    for number, question in enumerate(questions, start=1):
        put_row(sheet, number + 1, question_cells(question, number))
    sheet = book[DOCUMENT_SHEET]
    for number, document in enumerate(documents, start=1):
        put_row(sheet, number + 1, document_cells(document, number))
    return save(book)


def write_roster(roster: Roster) -> bytes:
    """The roster in the roster template's workbook."""
    book = roster_book()
    agencies = book[AGENCY_SHEET]
    for row, agency in enumerate(roster.agencies, start=2):
        put_row(agencies, row, [agency.code, agency.name, agency.parent_code, agency.headcount])
    officials = book[OFFICIAL_SHEET]
    for row, official in enumerate(roster.officials, start=2):
        put_row(officials, row, [official.code, official.name, official.agency_code,
                                 official.position, official.pin])
    return save(book)
