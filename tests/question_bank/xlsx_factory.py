"""Workbooks built in memory for the importer tests; no binary fixtures are committed."""
from __future__ import annotations

import io
from collections.abc import Sequence

import openpyxl

from question_bank.layout import QUESTION_COLUMNS
from question_bank.model import TOPICS

HEADERS = [column.header for column in QUESTION_COLUMNS]
ROSTER_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Số CBCCVC"]
OFFICIAL_HEADERS = ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Chức vụ"]


def column_of(header: str) -> str:
    """The letter of a header in the template's order: "Chủ đề" -> "K"."""
    return openpyxl.utils.get_column_letter(HEADERS.index(header) + 1)


def good_row(n: int = 1, **changes: object) -> dict[str, object]:
    """A valid question row keyed by header; keyword names use underscores for spaces."""
    row: dict[str, object] = {
        "STT": n,
        "Nội dung câu hỏi": f"Câu hỏi thử số {n}: cơ quan nào chủ trì công bố Chỉ số cải cách hành chính?",
        "Loại câu hỏi": "Một đáp án",
        "Phương án A": "Bộ Tư pháp",
        "Phương án B": "Bộ Nội vụ",
        "Phương án C": "Văn phòng Chính phủ",
        "Phương án D": "Bộ Tài chính",
        "Đáp án đúng": "B",
        "Chủ đề": TOPICS[0],
        "Mức độ": "Dễ",
        "Căn cứ pháp lý": "Quyết định 876/QĐ-BNV",
        "Giải thích": "Bộ Nội vụ xác định và công bố PAR Index hằng năm.",
        "Hiệu lực từ": "10/11/2022",
    }
    for key, value in changes.items():
        row[key.replace("_", " ")] = value
    return row


def table(rows: Sequence[dict[str, object]], headers: Sequence[str] = HEADERS) -> list[list[object]]:
    return [list(headers), *([row.get(header) for header in headers] for row in rows)]


def workbook(sheets: dict[str, list[list[object]]], merged: dict[str, list[str]] | None = None) -> bytes:
    """A workbook with the given sheets (rows of values); strings starting with "=" become formulas."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for values in rows:
            sheet.append(values)
        for cells in (merged or {}).get(title, []):
            sheet.merge_cells(cells)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bank(rows: Sequence[dict[str, object]], headers: Sequence[str] = HEADERS, sheet: str = "Câu hỏi",
         merged: list[str] | None = None) -> bytes:
    return workbook({sheet: table(rows, headers)}, {sheet: merged or []})


def big_bank(count: int) -> bytes:
    """`count` distinct valid questions, with shared strings as Excel writes them."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Câu hỏi"
    sheet.append(HEADERS)
    for n in range(1, count + 1):
        row = good_row(n, Chủ_đề=TOPICS[n % len(TOPICS)], Mức_độ=n % 3 + 1)
        sheet.append([row.get(header) for header in HEADERS])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def roster(agencies: Sequence[Sequence[object]], officials: Sequence[Sequence[object]] | None = None,
           agency_headers: Sequence[str] = ROSTER_HEADERS) -> bytes:
    sheets = {"Cơ quan, đơn vị": [list(agency_headers), *map(list, agencies)]}
    if officials is not None:
        sheets["Cán bộ"] = [OFFICIAL_HEADERS, *map(list, officials)]
    return workbook(sheets)
