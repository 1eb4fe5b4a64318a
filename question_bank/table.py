"""One sheet read as a table: its header row found, its columns named, its data rows collected."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, islice

from openpyxl.utils import get_column_letter, range_boundaries

from .layout import BLANK_ROW_ALLOWANCE, HEADER_SEARCH_ROWS, Column
from .text import cell_text, loose_key
from .workbook import CorruptSheet, Problems, SheetTooLarge, Source, is_blank, sheet_rows

# Columns whose content is never imported (the row number), so a formula there harms nothing.
INFORMATIONAL = frozenset({"number"})


@dataclass
class Table:
    """The data rows of one sheet, keyed by column key; `headers` holds the file's own header texts."""

    sheet: str
    columns: Sequence[Column]
    header_row: int
    headers: dict[str, str]
    positions: dict[str, int]
    rows: list[tuple[int, dict[str, object], frozenset[str]]]  # number, values, keys holding formulas
    unknown: dict[int, str] = field(default_factory=dict)  # position -> header the file adds

    def header(self, key: str) -> str:
        return self.headers.get(key) or next(c.header for c in self.columns if c.key == key)


@dataclass
class Row:
    """One data row being validated; problems it reports carry its sheet, row and column.

    A cell holding a formula was reported when the sheet was read: its text stays in `values` so
    that the rest of the row is checked as usual, and problems about that cell itself are dropped.
    """

    number: int
    values: dict[str, object]
    table: Table
    problems: Problems
    blocked: frozenset[str] = frozenset()
    reported: int = 0

    @property
    def valid(self) -> bool:
        """No problem reported for this row so far, and no formula in it."""
        return self.reported == 0 and not self.blocked

    def raw(self, key: str) -> object:
        return self.values.get(key)

    def text(self, key: str) -> str | None:
        return cell_text(self.values.get(key))

    def checked_text(self, key: str, limit: int, required: bool = False) -> str | None:
        """The cell's text, reporting it when required and empty or when longer than `limit`."""
        text = self.text(key)
        if text is None and required:
            self.report(key, "required_empty", header=self.table.header(key))
        elif text is not None and len(text) > limit:
            self.report(key, "too_long", header=self.table.header(key), length=len(text), limit=limit)
        return text

    def report(self, key: str, message_key: str, **values: object) -> None:
        if key in self.blocked:
            return
        self.reported += 1
        self.problems.add(message_key, sheet=self.table.sheet, row=self.number,
                          column=self.table.header(key),
                          order=self.table.positions.get(key, 0) + 1, **values)


def table_rows(table: Table, problems: Problems) -> list[Row]:
    return [Row(number, values, table, problems, blocked) for number, values, blocked in table.rows]


def read_table(source: Source, title: str, columns: Sequence[Column], problems: Problems,
               max_rows: int, *, optional: bool = False) -> Table | None:
    """The sheet `title` as a Table, or None when it is absent or too broken to read rows from."""
    sheet = source.find_sheet(title)
    if sheet is None:
        if not optional:
            problems.add("sheet_missing", sheet=title, sheet_name=title,
                         found=", ".join(f"“{name}”" for name in source.sheet_names) or "—")
        return None
    try:
        return _SheetReader(source, sheet, columns, problems, max_rows, optional).read()
    except CorruptSheet:
        problems.add("sheet_unreadable", sheet=sheet.title, sheet_name=sheet.title)
    except SheetTooLarge as limit:
        problems.add(limit.key, sheet=sheet.title, sheet_name=sheet.title, **limit.values)
    return None


class _SheetReader:
    def __init__(self, source: Source, sheet, columns: Sequence[Column], problems: Problems,
                 max_rows: int, optional: bool):
        self.source, self.sheet, self.columns = source, sheet, columns
        self.problems, self.max_rows, self.optional = problems, max_rows, optional
        self.name: str = sheet.title
        self.aliases = {loose_key(name): c.key for c in columns for name in (c.header, *c.aliases)}

    def read(self) -> Table | None:
        rows = sheet_rows(self.sheet, self.max_rows + BLANK_ROW_ALLOWANCE)
        head = list(islice(rows, HEADER_SEARCH_ROWS))
        if all(is_blank(cell.value) for row in head for cell in row):
            if not self.optional:
                self.problems.add("sheet_blank", sheet=self.name, sheet_name=self.name)
            return None
        at = self._header_index(head)
        texts = [cell_text(cell.value) or "" for cell in head[at]]
        self._report_merged(texts)
        table = self._header(texts, at + 1)
        if table is None:
            return None
        count = self._collect(table, chain(head[at + 1:], rows))
        if count == 0 and not self.optional:
            self.problems.add("sheet_no_rows", sheet=self.name, sheet_name=self.name)
        return table

    def _header_index(self, head: list[tuple]) -> int:
        scores = [sum(loose_key(cell_text(c.value) or "") in self.aliases for c in row) for row in head]
        if max(scores) > 0:
            return scores.index(max(scores))
        return next(i for i, row in enumerate(head) if any(not is_blank(c.value) for c in row))

    def _header(self, texts: list[str], row: int) -> Table | None:
        found: dict[str, list[int]] = {}
        for index, text in enumerate(texts):
            key = self.aliases.get(loose_key(text)) if text else None
            if key:
                found.setdefault(key, []).append(index)
        broken = False
        for indexes in found.values():
            if len(indexes) > 1:
                broken = True
                letters = ", ".join(get_column_letter(i + 1) for i in indexes)
                self.problems.add("header_duplicate", sheet=self.name, row=row, column=texts[indexes[0]],
                                  order=indexes[0] + 1, header=texts[indexes[0]], letters=letters)
        for column in self.columns:
            if column.required and column.key not in found:
                broken = True
                self.problems.add("header_missing", sheet=self.name, row=row, column=column.header,
                                  order=len(texts) + 1, header=column.header)
        if broken:
            return None
        positions = {key: indexes[0] for key, indexes in found.items()}
        headers = {key: texts[index] for key, index in positions.items()}
        known = {index for indexes in found.values() for index in indexes}
        unknown = {i: text for i, text in enumerate(texts) if text and i not in known}
        return Table(self.name, self.columns, row, headers, positions, [], unknown)

    def _report_merged(self, texts: list[str]) -> None:
        for ref in self.source.merged_ranges(self.sheet):
            first_col, first_row, _, _ = range_boundaries(ref)
            header = texts[first_col - 1] if first_col <= len(texts) and texts[first_col - 1] else None
            self.problems.add("merged", sheet=self.name, row=first_row,
                              column=header or get_column_letter(first_col), order=first_col, cells=ref)

    def _collect(self, table: Table, rows) -> int:
        """Fills table.rows; returns how many non-blank rows the sheet has (up to the limit)."""
        used = [(key, pos) for key, pos in table.positions.items() if key not in INFORMATIONAL]
        count = 0
        for number, cells in enumerate(rows, start=table.header_row + 1):
            values: dict[str, object] = {}
            formulas: list[str] = []
            for key, pos in used:
                cell = cells[pos] if pos < len(cells) else None
                if cell is None or is_blank(cell.value):
                    continue
                if cell.data_type == "f":
                    formulas.append(key)
                    self._report_formula(table, key, pos, number, str(cell.value))
                values[key] = cell.value
            if not values:
                continue
            count += 1
            if count > self.max_rows:
                self.problems.add("too_many_rows", sheet=self.name, row=number, limit=self.max_rows)
                return count
            table.rows.append((number, values, frozenset(formulas)))
        return count

    def _report_formula(self, table: Table, key: str, pos: int, row: int, formula: str) -> None:
        shown = formula if len(formula) <= 60 else formula[:57] + "…"
        self.problems.add("formula", sheet=self.name, row=row, column=table.header(key),
                          order=pos + 1, cell=f"{get_column_letter(pos + 1)}{row}", formula=shown)
