"""Workbooks an organiser might upload, made in memory: a large bank and crafted bombs.

    .venv/bin/python -m bench.uploads --write DIR     # writes them to DIR, for curl or a browser
    .venv/bin/python -m bench.uploads [--mode gevent] # times each upload (3 times) on a server
                                                      # of its own, then the bank's export
"""
from __future__ import annotations

import argparse
import io
import time
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


def files() -> dict[str, bytes]:
    return {"large-bank": large_bank(), "blank-row-bomb": blank_row_bomb(),
            "blank-row-bomb-95mb": blank_row_bomb(rows=730_000), "far-row-bomb": far_row_bomb(),
            "wide-row-bomb": wide_row_bomb()}


def time_uploads(mode: str, runs: int = 3) -> None:
    from bench.server import spawn

    servers = spawn(1, mode, None, None)
    try:
        for name, data in files().items():
            query = "" if name == "large-bank" else "?dry_run=1&lang=en"
            seconds = []
            for _ in range(runs):
                started = time.time()
                response = servers.api("post", "/question-banks" + query, data={"name": name},
                                       files={"file": (name + ".xlsx", data)})
                seconds.append(time.time() - started)
            body = response.json()
            outcome = body.get("imported") or body["errors"][0]["message"][:80]
            print(f"{name:<20} {len(data) / 1024:6.0f} KB  HTTP {response.status_code}  "
                  f"{' '.join(f'{s:.2f}' for s in seconds)} s  {outcome}")
        started = time.time()
        response = servers.api("get", "/question-banks/1/export.xlsx")
        print(f"{'export of the bank':<20} {len(response.content) / 1024:6.0f} KB  HTTP {response.status_code}  "
              f"{time.time() - started:.2f} s")
    finally:
        servers.stop()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", metavar="DIR", help="write the workbooks to DIR instead")
    ap.add_argument("--mode", default="eventlet", choices=("eventlet", "gevent"))
    args = ap.parse_args()
    if not args.write:
        return time_uploads(args.mode)
    folder = Path(args.write)
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files().items():
        (folder / f"{name}.xlsx").write_bytes(data)
        print(f"{folder / name}.xlsx: {len(data) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
