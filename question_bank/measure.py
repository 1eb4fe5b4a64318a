"""Measuring a workbook's parts before openpyxl reads them: size, rows and cells.

openpyxl parses a whole sheet as it opens the book when the sheet has no `<dimension>`
(a crafted file leaves it out), so limits checked while reading rows would come too late.
This counts the row and cell tags of each sheet's XML as it inflates, with `bytes.count`
(no XML parsing), and stops at the first limit. Rows and cells that the XML implies
without writing them (a row numbered 1,048,576, a cell in column XFD) are counted later,
as the rows are read (`workbook.sheet_rows`).
"""
from __future__ import annotations

import posixpath
import zipfile

from defusedxml import ElementTree

from .layout import MAX_PART_BYTES, MAX_SHEET_CELLS

SHEETS = "xl/worksheets/"
_CHUNK = 1 << 20
_MB = 1024 * 1024


def megabytes(size: int) -> str:
    return f"{size / _MB:.1f}".replace(".", ",")


def measure(archive: zipfile.ZipFile, problems, max_rows: int) -> bool:
    """False, with the limit in `problems`, when a part is too large to read."""
    for info in archive.infolist():  # openpyxl inflates these whole as it opens the book
        if info.file_size > MAX_PART_BYTES and not info.filename.startswith(SHEETS):
            problems.add("part_too_large", part=info.filename, size=megabytes(info.file_size),
                         limit=MAX_PART_BYTES // _MB)
            return False
    titles = sheet_titles(archive)
    for info in archive.infolist():
        if not (info.filename.startswith(SHEETS) and info.filename.endswith(".xml")):
            continue
        title = titles.get(info.filename, info.filename)
        found = _over_limit(archive, info, max_rows)
        if found is not None:
            key, values = found
            problems.add(key, sheet=title, sheet_name=title, **values)
            return False
    return True


def _over_limit(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_rows: int):
    if info.file_size > MAX_PART_BYTES:
        return "sheet_too_large", {"size": megabytes(info.file_size), "limit": MAX_PART_BYTES // _MB}
    rows = cells = 0
    with archive.open(info) as xml:
        head = xml.read(_CHUNK)
        row_tags, cell_tags = _tags(head)
        longest = max(len(tag) for tag in row_tags + cell_tags)
        chunk, tail = head, b""
        while chunk:
            window = tail + chunk
            rows += sum(window.count(tag) for tag in row_tags)
            cells += sum(window.count(tag) for tag in cell_tags)
            if rows > max_rows:
                return "sheet_rows_total", {"limit": max_rows}
            if cells > MAX_SHEET_CELLS:
                return "sheet_cells_total", {"limit": MAX_SHEET_CELLS}
            tail = window[-(longest - 1):]  # a tag cut by the chunk's end is counted once, next time
            chunk = xml.read(_CHUNK)
    return None


def _tags(head: bytes) -> tuple[list[bytes], list[bytes]]:
    """`<row `, `<row>`, `<row/` and the same for `<c`, with the namespace prefix the sheet uses."""
    start = head.find(b"worksheet")
    opening = head.rfind(b"<", 0, start) if start > 0 else -1
    prefix = head[opening + 1:start] if opening >= 0 else b""  # b"" or b"x:"
    ends = (b" ", b">", b"/", b"\t", b"\n", b"\r")
    return ([b"<" + prefix + b"row" + end for end in ends],
            [b"<" + prefix + b"c" + end for end in ends])


def sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet part's sheet name ("xl/worksheets/sheet1.xml" -> "Câu hỏi"), read from
    the workbook part and its relations; empty when they cannot be read."""
    try:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # missing or malformed: openpyxl will say so, the messages name parts
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in relations}
    titles = {}
    for sheet in book.iter():
        if not sheet.tag.endswith("}sheet"):
            continue
        relation = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        target = targets.get(relation, "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        titles[path] = sheet.get("name", path)
    return titles
