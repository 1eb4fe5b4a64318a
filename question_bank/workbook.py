"""Opening an uploaded workbook safely and reading one sheet as a table of named columns."""
from __future__ import annotations

import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

import openpyxl

from .layout import (
    BLANK_ROW_ALLOWANCE,
    MAX_FILE_BYTES,
    MAX_QUESTION_ROWS,
    MAX_SHEET_CELLS,
    MAX_UNPACKED_BYTES,
)
from .measure import measure, megabytes
from .messages import message
from .model import Problem
from .text import loose_key

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls and password-protected .xlsx
_MERGE_REF = re.compile(  # <mergeCell ref="C2:C3"/>, with or without a namespace prefix
    rb"<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\bref=\"([A-Za-z]+\d+(?::[A-Za-z]+\d+)?)\"")
_MB = 1024 * 1024


class CorruptSheet(Exception):
    """openpyxl could not read a sheet's XML."""


class SheetTooLarge(Exception):
    """Reading a sheet stopped at a limit; `key` and `values` make its message."""

    def __init__(self, key: str, **values: object):
        super().__init__(key)
        self.key, self.values = key, values


@dataclass
class Problems:
    """Problems collected while reading, in the caller's language, sorted for reading."""

    lang: str = "vi"
    _items: list[tuple[int, Problem]] = field(default_factory=list)

    def add(self, key: str, *, sheet: str | None = None, row: int | None = None,
            column: str | None = None, order: int = 0, **values: object) -> None:
        """`order` is the column's position, so a row's problems read left to right."""
        problem = Problem(sheet, row, column, message(key, self.lang, **values))
        self._items.append((order, problem))

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[Problem]:
        sheets: dict[str | None, int] = {}
        for _, problem in self._items:
            sheets.setdefault(problem.sheet, len(sheets))
        ranked = sorted(self._items, key=lambda item: (
            sheets[item[1].sheet], item[1].row or 0, item[0]))
        return [problem for _, problem in ranked]


class Source:
    """An uploaded workbook, opened read-only with formulas kept as formulas."""

    def __init__(self, archive: zipfile.ZipFile, book: openpyxl.Workbook):
        self.archive = archive
        self.book = book

    @classmethod
    def open(cls, data: bytes, problems: Problems,
             max_rows: int = MAX_QUESTION_ROWS + BLANK_ROW_ALLOWANCE) -> Source | None:
        """The workbook, or None with the reason in `problems`. Every part is measured before
        openpyxl reads it: `max_rows` rows (blank ones included) per sheet at most."""
        if len(data) > MAX_FILE_BYTES:
            problems.add("file_too_large", size=megabytes(len(data)), limit=MAX_FILE_BYTES // _MB)
            return None
        if data.startswith(_OLE_SIGNATURE):
            problems.add("old_xls")
            return None
        try:
            archive = zipfile.ZipFile(io.BytesIO(data))
            unpacked = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, ValueError, OSError):
            problems.add("not_xlsx")
            return None
        if unpacked > MAX_UNPACKED_BYTES:
            problems.add("unpacked_too_large", size=megabytes(unpacked),
                         limit=MAX_UNPACKED_BYTES // _MB)
            return None
        if not measure(archive, problems, max_rows):
            return None
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # openpyxl warns about extensions it ignores
                book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except Exception:  # openpyxl raises many kinds of errors for a package that is not a workbook
            problems.add("not_xlsx")
            return None
        return cls(archive, book)

    def close(self) -> None:
        self.book.close()
        self.archive.close()

    def __enter__(self) -> Source:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def sheet_names(self) -> list[str]:
        return list(self.book.sheetnames)

    def find_sheet(self, title: str):
        wanted = loose_key(title)
        exact = [name for name in self.book.sheetnames if name.strip() == title]
        loose = [name for name in self.book.sheetnames if loose_key(name) == wanted]
        names = exact or loose
        return self.book[names[0]] if names else None

    def merged_ranges(self, sheet) -> list[str]:
        # Read-only sheets do not parse <mergeCells>; the sheet's XML is scanned instead.
        try:
            xml = self.archive.read(sheet._worksheet_path.lstrip("/"))
        except Exception as exc:  # an entry openpyxl could list but zipfile cannot inflate
            raise CorruptSheet(str(exc)) from exc
        return [ref.decode().upper() for ref in _MERGE_REF.findall(xml)]


def sheet_rows(sheet, max_rows: int) -> Iterator[tuple]:
    """The sheet's rows from row 1, turning openpyxl's parse errors into CorruptSheet.

    Stops with SheetTooLarge past `max_rows` rows or MAX_SHEET_CELLS cells, blank ones
    counted: openpyxl yields a row for every row number, even those the file skips."""
    try:
        sheet.reset_dimensions()  # some writers store a wrong <dimension>, which would cut rows off
        rows = sheet.iter_rows()
    except AttributeError as exc:  # a chart sheet carries the name
        raise CorruptSheet(str(exc)) from exc
    count = cells = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # malformed XML, bad shared-string index, ...
            raise CorruptSheet(str(exc)) from exc
        count, cells = count + 1, cells + len(row)
        if count > max_rows:
            raise SheetTooLarge("sheet_rows_total", limit=max_rows, row=count)
        if cells > MAX_SHEET_CELLS:
            raise SheetTooLarge("sheet_cells_total", limit=MAX_SHEET_CELLS, row=count)
        yield row


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
