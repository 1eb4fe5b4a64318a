"""Workbooks an organiser might upload, made in memory: a large bank and crafted bombs.

    .venv/bin/python -m bench.uploads DIR    # writes them to DIR, for curl or a browser
"""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import openpyxl

import question_bank as qb
from bench.scenario import question_rows
from question_bank.layout import QUESTION_COLUMNS

SHEET = "xl/worksheets/sheet1.xml"
HEADERS = [column.header for column in QUESTION_COLUMNS]


def large_bank(questions: int = 10_000) -> bytes:
    """The largest bank a file may hold, in the template's own format."""
    return qb.write_bank(question_rows(questions))


def _header_book() -> bytes:
    book = openpyxl.Workbook()
    book.active.title = qb.QUESTION_SHEET
    book.active.append(HEADERS)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _with_sheet(rows_xml, header: bool = True) -> bytes:
    """The header workbook with its sheet's XML replaced by the given rows (an iterable of
    str), written through zipfile so that the filler never has to fit in memory."""
    source = zipfile.ZipFile(io.BytesIO(_header_book()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename != SHEET:
                target.writestr(info, source.read(info))
        with target.open(SHEET, "w", force_zip64=True) as sheet:
            sheet.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                        b"<sheetData>")
            if header:
                cells = "".join(f'<c r="{openpyxl.utils.get_column_letter(i + 1)}1" t="inlineStr">'
                                f"<is><t>{text}</t></is></c>" for i, text in enumerate(HEADERS))
                sheet.write(f'<row r="1">{cells}</row>'.encode())
            for chunk in rows_xml:
                sheet.write(chunk.encode())
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def blank_row_bomb(rows: int = 200_000, cells: int = 12) -> bytes:
    """The header, then `rows` rows of empty cells, written without row and cell references
    (which Excel allows) so they compress to almost nothing: with the defaults, 26 MB of
    XML in a 104 KB file, and not a single data row."""
    row = "<row>" + '<c s="0"/>' * cells + "</row>"
    return _with_sheet(row * min(2000, rows - start) for start in range(0, rows, 2000))


def far_row_bomb(row: int = 1_048_576) -> bytes:
    """The header and one cell on the sheet's last row: a tiny file, a million rows to read."""
    return _with_sheet([f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'])


def wide_row_bomb(rows: int = 200) -> bytes:
    """Rows holding one cell in the last column (XFD): 16,384 cells each to read."""
    return _with_sheet(f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>'
                       for r in range(2, rows + 2))


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in (("large-bank.xlsx", large_bank()), ("blank-row-bomb.xlsx", blank_row_bomb()),
                       ("far-row-bomb.xlsx", far_row_bomb()), ("wide-row-bomb.xlsx", wide_row_bomb())):
        (folder / name).write_bytes(data)
        print(f"{folder / name}: {len(data) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
