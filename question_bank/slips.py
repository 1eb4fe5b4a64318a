"""PIN slips: one cut-out slip per official, grouped by agency, a page per agency.

The organiser prints the "Phiếu PIN" sheet and hands each official their slip; the
"Danh sách" sheet lists the same PINs in a table (for a mail merge, or to check).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break

from .layout import Column
from .template import put_cell, put_row, save, write_header

SLIP_SHEET = "Phiếu PIN"
LIST_SHEET = "Danh sách"
LIST_COLUMNS = (
    Column("agency", "Cơ quan, đơn vị", 48), Column("code", "Mã cán bộ", 16),
    Column("name", "Họ và tên", 32), Column("pin", "Mã PIN", 12),
)
_CUT = Border(bottom=Side(style="dashed"))


@dataclass
class PinSlip:
    code: str
    name: str
    pin: str = field(repr=False)


@dataclass
class AgencySlips:
    agency: str  # the agency's path in the tree, as the slip prints it
    slips: list[PinSlip]


def write_pin_slips(groups: list[AgencySlips], heading: str, how_to_join: str) -> bytes:
    """The slips workbook; `heading` tops every slip (the contest's name), `how_to_join`
    says where to go (the site's address and that the join code is announced)."""
    book = Workbook()
    sheet = book.active
    sheet.title = SLIP_SHEET
    sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width = 16, 60
    row = 1
    for group in groups:
        row = _agency_page(sheet, row, group, heading, how_to_join)
    _list(book.create_sheet(LIST_SHEET), groups)
    return save(book)


def _agency_page(sheet, row: int, group: AgencySlips, heading: str, how_to_join: str) -> int:
    put_cell(sheet, row, 1, group.agency).font = Font(bold=True, size=13)
    row += 2
    for slip in group.slips:
        row = _slip(sheet, row, slip, group.agency, heading, how_to_join)
    sheet.row_breaks.append(Break(id=row - 1))  # the next agency starts on a new page
    return row


def _slip(sheet, row: int, slip: PinSlip, agency: str, heading: str, how_to_join: str) -> int:
    put_cell(sheet, row, 1, heading).font = Font(bold=True)
    lines = (("Họ và tên", slip.name, False), ("Đơn vị", agency, False),
             ("Mã cán bộ", slip.code, True), ("Mã PIN", slip.pin, True),
             ("Vào thi", how_to_join, False))
    for offset, (label, value, big) in enumerate(lines, start=1):
        put_cell(sheet, row + offset, 1, label)
        cell = put_cell(sheet, row + offset, 2, value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if big:
            cell.font = Font(name="Consolas", bold=True, size=14)
    note = row + len(lines) + 1
    put_cell(sheet, note, 1, "Giữ kín mã PIN: ai có mã cán bộ và mã PIN của bạn có thể thi thay bạn.")
    sheet.cell(note, 1).font = Font(italic=True, size=9)
    for column in (1, 2):
        sheet.cell(note, column).border = _CUT
    return note + 2


def _list(sheet, groups: list[AgencySlips]) -> None:
    write_header(sheet, LIST_COLUMNS)
    row = 2
    for group in groups:
        for slip in group.slips:
            put_row(sheet, row, [group.agency, slip.code, slip.name, slip.pin])
            row += 1
