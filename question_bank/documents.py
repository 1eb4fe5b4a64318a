"""The bank's catalogue of legal documents: the optional sheet "Văn bản", and what cites what."""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date

from .layout import (
    DOCUMENT_COLUMNS,
    DOCUMENT_SHEET,
    MAX_DOCUMENT_ROWS,
    MAX_SOURCE_CHARS,
    MAX_SYMBOL_CHARS,
    MAX_TITLE_CHARS,
)
from .model import DocumentRow
from .parsing import format_date, parse_date
from .table import Row, Table, read_table, table_rows
from .text import bare
from .workbook import Problems, Source

_DATES = ("issued", "effective_from", "replaced_on")
# A symbol is written without spaces ("61/2018/NĐ-CP", "18-NQ/TW"); in a legal basis it stands
# between spaces or punctuation, so "1/2018/NĐ-CP" is not found inside "61/2018/NĐ-CP".
_SYMBOL_RUN = re.compile(r"[0-9a-z](?:[0-9a-z/.\-]*[0-9a-z])?")
_SPACES = re.compile(r"\s+")


def read_document_table(source: Source, problems: Problems) -> Table | None:
    """Sheet "Văn bản" when the workbook has one; its rows are checked by `read_documents`."""
    return read_table(source, DOCUMENT_SHEET, DOCUMENT_COLUMNS, problems, MAX_DOCUMENT_ROWS,
                      optional=True)


def read_documents(table: Table | None, problems: Problems) -> list[DocumentRow]:
    """The rows of sheet "Văn bản", each validated."""
    if table is None:
        return []
    documents: list[DocumentRow] = []
    seen: dict[str, int] = {}
    for row in table_rows(table, problems):
        document = _read_document(row, seen)
        if document is not None:
            documents.append(document)
    return documents


def _read_document(row: Row, seen: dict[str, int]) -> DocumentRow | None:
    symbol = row.checked_text("symbol", MAX_SYMBOL_CHARS, required=True)
    if symbol:
        key = symbol_key(symbol)
        if key in seen:
            row.report("symbol", "document_duplicate", symbol=symbol, first=seen[key])
        else:
            seen[key] = row.number
    title = row.checked_text("title", MAX_TITLE_CHARS, required=True)
    issued, effective_from, replaced_on = (_date(row, key) for key in _DATES)
    if effective_from and replaced_on and replaced_on < effective_from:
        row.report("replaced_on", "date_order", start=format_date(effective_from),
                   end=format_date(replaced_on))
    replaced_by = row.checked_text("replaced_by", MAX_SYMBOL_CHARS * 3)
    source = row.checked_text("source", MAX_SOURCE_CHARS)
    if not row.valid:
        return None
    return DocumentRow(symbol, title, issued, effective_from, replaced_on, replaced_by, source,
                       row=row.number)


def _date(row: Row, key: str) -> date | None:
    value = row.raw(key)
    if value is None:
        return None
    try:
        return parse_date(value)
    except ValueError:
        row.report(key, "date_invalid", value=row.text(key))
        return None


def symbol_key(symbol: str) -> str:
    """"61/2018/NĐ-CP" -> "61/2018/nd-cp": compared without case or diacritics."""
    return _SPACES.sub(" ", bare(symbol)).strip()


def merge_documents(stored: Iterable[DocumentRow], new: Iterable[DocumentRow]) -> list[DocumentRow]:
    """The catalogue after an import: a new row replaces the stored one with the same symbol."""
    merged = {symbol_key(d.symbol): d for d in stored}
    merged.update({symbol_key(d.symbol): d for d in new})
    return list(merged.values())


class Citations:
    """Which catalogue documents a legal basis cites: those whose symbol appears in it."""

    def __init__(self, documents: Sequence[DocumentRow]):
        self.by_symbol: dict[str, DocumentRow] = {}
        self.spaced: list[tuple[str, DocumentRow]] = []  # symbols with spaces: searched as text
        for document in documents:
            key = symbol_key(document.symbol)
            if _SYMBOL_RUN.fullmatch(key):
                self.by_symbol.setdefault(key, document)
            else:
                self.spaced.append((key, document))

    def cited(self, legal_basis: str | None) -> list[DocumentRow]:
        if not legal_basis or not (self.by_symbol or self.spaced):
            return []
        text = symbol_key(legal_basis)
        found = [self.by_symbol[run] for run in _SYMBOL_RUN.findall(text) if run in self.by_symbol]
        found += [document for key, document in self.spaced if _contains(text, key)]
        return list({id(document): document for document in found}.values())


def _contains(text: str, key: str) -> bool:
    start = text.find(key)
    while start >= 0:
        before = text[start - 1] if start else " "
        end = start + len(key)
        after = text[end] if end < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        start = text.find(key, start + 1)
    return False


def document_dict(document: DocumentRow) -> dict:
    """JSON-ready: dates as ISO text, as the bank stores its catalogue."""
    return {"symbol": document.symbol, "title": document.title,
            **{key: getattr(document, key).isoformat() if getattr(document, key) else None
               for key in _DATES},
            "replaced_by": document.replaced_by, "source": document.source}


def document_from_dict(item: dict) -> DocumentRow:
    dates = {key: date.fromisoformat(item[key]) if item.get(key) else None for key in _DATES}
    return DocumentRow(symbol=item["symbol"], title=item["title"], replaced_by=item.get("replaced_by"),
                       source=item.get("source"), **dates)
