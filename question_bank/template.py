"""The empty workbooks organisers fill in, and the cell layout shared with the exporters."""
from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import instructions as guide
from .layout import (
    AGENCY_COLUMNS,
    AGENCY_SHEET,
    DATE_FORMAT,
    DOCUMENT_COLUMNS,
    DOCUMENT_SHEET,
    GUIDE_SHEET,
    KIND_LABELS,
    LISTS_SHEET,
    MAX_QUESTION_ROWS,
    OFFICIAL_COLUMNS,
    OFFICIAL_SHEET,
    QUESTION_COLUMNS,
    QUESTION_SHEET,
    TEXT_FORMAT,
    Column,
    option_key,
)
from .model import DIFFICULTIES, OPTION_LETTERS, TOPICS, DocumentRow, QuestionRow

_BOLD = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_WRAP = Alignment(wrap_text=True, vertical="top")


def build_template() -> bytes:
    """The empty question-bank workbook with its instructions sheet."""
    return save(question_book())


def build_roster_template() -> bytes:
    """The empty roster workbook (agencies, officials) with its instructions sheet."""
    return save(roster_book())


def save(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def question_book() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.title = QUESTION_SHEET
    write_header(sheet, QUESTION_COLUMNS)
    _write_lists(book.create_sheet(LISTS_SHEET))
    _add_dropdowns(sheet)
    _write_question_guide(book.create_sheet(GUIDE_SHEET, 1))
    write_header(book.create_sheet(DOCUMENT_SHEET, 2), DOCUMENT_COLUMNS)
    return book


def roster_book() -> Workbook:
    book = Workbook()
    agencies = book.active
    agencies.title = AGENCY_SHEET
    write_header(agencies, AGENCY_COLUMNS)
    write_header(book.create_sheet(OFFICIAL_SHEET), OFFICIAL_COLUMNS)
    _write_roster_guide(book.create_sheet(GUIDE_SHEET))
    return book


def write_header(sheet, columns: Sequence[Column]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(1, index, column.header)
        cell.font, cell.fill = _BOLD, _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if column.as_text:
            dimension.number_format = TEXT_FORMAT
    sheet.freeze_panes = "A2"


# What a spreadsheet may read as the start of a formula when someone edits the cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def put_cell(sheet, row: int, column: int, value: object):
    """The one way a workbook cell is written from data: text stays text (never a formula,
    whatever it starts with, and without the control characters xlsx cannot hold), dates
    are formatted as dates. Every exporter and the results workbook go through here."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = sheet.cell(row, column, value)
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def put_row(sheet, row: int, values: Sequence[object]) -> None:
    """Writes values as data through `put_cell`; empty values leave the cell empty."""
    for index, value in enumerate(values, start=1):
        if value is None or value == "":
            continue
        put_cell(sheet, row, index, value)


def question_cells(question: QuestionRow, number: int | None) -> list[object]:
    """One question as the values of its row, in QUESTION_COLUMNS order."""
    values: dict[str, object] = {
        "number": number,
        "text": question.text,
        "kind": KIND_LABELS.get(question.kind, question.kind),
        "correct": ", ".join(OPTION_LETTERS[i] for i in question.correct),
        "topic": question.topic,
        "difficulty": DIFFICULTIES.get(question.difficulty, question.difficulty),
        "legal_basis": question.legal_basis,
        "explanation": question.explanation,
        "valid_from": question.valid_from,
        "valid_to": question.valid_to,
    }
    for index, option in enumerate(question.options):
        values[option_key(index)] = option
    return [values.get(column.key) for column in QUESTION_COLUMNS]


def document_cells(document: DocumentRow, number: int | None) -> list[object]:
    """One legal document as the values of its row, in DOCUMENT_COLUMNS order."""
    values = {"number": number, **{column.key: getattr(document, column.key, None)
                                   for column in DOCUMENT_COLUMNS if column.key != "number"}}
    return [values[column.key] for column in DOCUMENT_COLUMNS]


def _write_lists(sheet) -> None:
    lists = (("Loại câu hỏi", KIND_LABELS.values()), ("Chủ đề", TOPICS),
             ("Mức độ", DIFFICULTIES.values()))
    for col, (title, items) in enumerate(lists, start=1):
        sheet.cell(1, col, title).font = _BOLD
        for row, item in enumerate(items, start=2):
            sheet.cell(row, col, item)
    for letter, width in zip("ABC", (18, 55, 14)):
        sheet.column_dimensions[letter].width = width


def _add_dropdowns(sheet) -> None:
    lists = {"kind": ("A", len(KIND_LABELS)), "topic": ("B", len(TOPICS)),
             "difficulty": ("C", len(DIFFICULTIES))}
    for index, column in enumerate(QUESTION_COLUMNS, start=1):
        if column.key not in lists:
            continue
        letter, count = lists[column.key]
        # A warning rather than a stop: 1, 2, 3 are also accepted for the difficulty.
        validation = DataValidation(
            type="list", formula1=f"'{LISTS_SHEET}'!${letter}$2:${letter}${count + 1}",
            allow_blank=True, errorStyle="warning", showErrorMessage=True,
            errorTitle=column.header, error="Giá trị không có trong danh sách.")
        target = get_column_letter(index)
        validation.add(f"{target}2:{target}{MAX_QUESTION_ROWS + 1}")
        sheet.add_data_validation(validation)


class _GuideWriter:
    """Writes the instructions sheet top to bottom: A labels, B text, C and D extra columns."""

    def __init__(self, sheet, widths: Sequence[int] = (26, 90, 45, 45)):
        self.sheet, self.row = sheet, 1
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width

    def title(self, text: str) -> None:
        self.sheet.cell(self.row, 1, text).font = Font(bold=True, size=14)
        self.row += 2

    def section(self, text: str) -> None:
        self.sheet.cell(self.row, 1, text).font = Font(bold=True, size=12)
        self.row += 1

    def line(self, *values: object, bold: bool = False) -> None:
        for index, value in enumerate(values, start=1):
            if value is None or value == "":
                continue
            cell = self.sheet.cell(self.row, index, value)
            cell.alignment = _WRAP
            if isinstance(value, date):
                cell.number_format = DATE_FORMAT
            if bold:
                cell.font = _BOLD
        self.row += 1

    def gap(self) -> None:
        self.row += 1


def _write_question_guide(sheet) -> None:
    writer = _GuideWriter(sheet)
    writer.title(guide.QUESTION_GUIDE_TITLE)
    writer.section("Cách dùng")
    for number, rule in enumerate(guide.QUESTION_RULES, start=1):
        writer.line(f"{number}.", rule)
    writer.gap()
    writer.section(f"Các cột của trang tính “{QUESTION_SHEET}”")
    writer.line("Cột", "Cách ghi", "Bắt buộc", bold=True)
    for column in QUESTION_COLUMNS:
        note_key = "options" if column.key.startswith("option_") else column.key
        if note_key == "options" and column.key != option_key(0):
            continue
        required, note = guide.QUESTION_COLUMN_NOTES[note_key]
        header = "Phương án A … Phương án F" if note_key == "options" else column.header
        writer.line(header, note, required)
    writer.gap()
    writer.section("Giới hạn")
    for label, limit in guide.QUESTION_LIMITS:
        writer.line(label, limit)
    writer.gap()
    writer.section("Chủ đề (ghi đúng một trong các chủ đề sau)")
    for topic in TOPICS:
        writer.line("", topic)
    writer.gap()
    writer.section("Loại câu hỏi và mức độ")
    writer.line("Loại câu hỏi", ", ".join(f"“{label}”" for label in KIND_LABELS.values()))
    writer.line("Mức độ", ", ".join(f"“{label}” ({level})" for level, label in DIFFICULTIES.items()))
    writer.gap()
    _write_examples(writer)
    writer.gap()
    _write_document_guide(writer)


def _write_document_guide(writer: _GuideWriter) -> None:
    writer.section(f"Trang tính “{DOCUMENT_SHEET}” (không bắt buộc): danh mục văn bản của ngân hàng")
    for number, rule in enumerate(guide.DOCUMENT_RULES, start=1):
        writer.line(f"{number}.", rule)
    writer.line("Cột", "Cách ghi", "Bắt buộc", bold=True)
    for column in DOCUMENT_COLUMNS:
        required, note = guide.DOCUMENT_COLUMN_NOTES[column.key]
        writer.line(column.header, note, required)
    writer.gap()
    writer.section(f"Ví dụ: mỗi cột bên phải là một dòng của trang tính “{DOCUMENT_SHEET}”")
    writer.line("Cột", *(f"Ví dụ {n}" for n in range(1, len(guide.DOCUMENT_EXAMPLES) + 1)), bold=True)
    rows = [document_cells(example, number) for number, example in enumerate(guide.DOCUMENT_EXAMPLES, 1)]
    for index, column in enumerate(DOCUMENT_COLUMNS):
        writer.line(column.header, *(row[index] if row[index] is not None else "" for row in rows))


def _write_examples(writer: _GuideWriter) -> None:
    writer.section("Ví dụ: mỗi cột bên phải là một dòng của trang tính “Câu hỏi”")
    writer.line("Cột", *guide.EXAMPLE_TITLES, bold=True)
    rows = [question_cells(example, number) for number, example in enumerate(guide.EXAMPLES, start=1)]
    for index, column in enumerate(QUESTION_COLUMNS):
        writer.line(column.header, *(row[index] if row[index] is not None else "" for row in rows))


def _write_roster_guide(sheet) -> None:
    writer = _GuideWriter(sheet, (22, 90, 14, 14))
    writer.title(guide.ROSTER_GUIDE_TITLE)
    writer.section("Cách dùng")
    for number, rule in enumerate(guide.ROSTER_RULES, start=1):
        writer.line(f"{number}.", rule)
    writer.gap()
    writer.section("Các cột")
    writer.line("Cột", "Cách ghi", "Bắt buộc", bold=True)
    for header, required, note in guide.ROSTER_COLUMN_NOTES:
        writer.line(header, note, required)
    writer.gap()
    writer.section(f"Ví dụ trang tính “{AGENCY_SHEET}” (cây ba cấp)")
    writer.line(*(column.header for column in AGENCY_COLUMNS), bold=True)
    for example in guide.ROSTER_EXAMPLE_AGENCIES:
        writer.line(*example)
    writer.gap()
    writer.section(f"Ví dụ trang tính “{OFFICIAL_SHEET}”")
    writer.line(*(column.header for column in OFFICIAL_COLUMNS), bold=True)
    for example in guide.ROSTER_EXAMPLE_OFFICIALS:
        writer.line(*example)
