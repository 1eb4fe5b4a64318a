"""Sheets, columns and limits shared by the template, the importers and the exporters."""
from __future__ import annotations

from dataclasses import dataclass

from .model import OPTION_LETTERS

MAX_FILE_BYTES = 5 * 1024 * 1024
# A 5 MB zip can hold gigabytes of XML; refuse before openpyxl inflates it.
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_QUESTION_ROWS = 10_000
MAX_DOCUMENT_ROWS = 2_000
MAX_ROSTER_ROWS = 100_000
# What one sheet may make the reader parse, blank rows and cells included: they cost as
# much as filled ones, and a 295 KB zip of blank rows once held the server for 49 s.
# A part of the package (a sheet's XML, the shared strings) once unpacked; a 10,000-question
# bank's sheet is about 9 MB.
MAX_PART_BYTES = 40 * 1024 * 1024
# Rows read per sheet: the data rows allowed plus this many (blank, or above the header).
BLANK_ROW_ALLOWANCE = 10_000
# Cells read per sheet, counted up to the last cell each row holds, blank ones included
# (a 10,000-question bank has 170,000; a 100,000-official roster 400,000).
MAX_SHEET_CELLS = 1_000_000

MAX_QUESTION_CHARS = 1000
MAX_OPTION_CHARS = 300
MAX_LEGAL_BASIS_CHARS = 300
MAX_EXPLANATION_CHARS = 2000
MAX_SYMBOL_CHARS = 100
MAX_TITLE_CHARS = 500
MAX_SOURCE_CHARS = 1000
MAX_CODE_CHARS = 50
MAX_NAME_CHARS = 300
# Rows above the header (a title, a note) are tolerated up to this depth.
HEADER_SEARCH_ROWS = 10

QUESTION_SHEET = "Câu hỏi"
GUIDE_SHEET = "Hướng dẫn"
DOCUMENT_SHEET = "Văn bản"
LISTS_SHEET = "Danh mục"
AGENCY_SHEET = "Cơ quan, đơn vị"
OFFICIAL_SHEET = "Cán bộ"

KIND_LABELS = {"single": "Một đáp án", "multiple": "Nhiều đáp án", "true_false": "Đúng/Sai"}
TRUE_FALSE_OPTIONS = ("Đúng", "Sai")
DATE_FORMAT = "DD/MM/YYYY"


TEXT_FORMAT = "@"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    required: bool = False
    aliases: tuple[str, ...] = ()
    # Formatted as text in the template, so Excel keeps what is typed: "1/2" stays a fraction
    # instead of becoming a date, "001" keeps its zeros, "01/07/2025" is not read as 7 January.
    as_text: bool = True


def option_key(index: int) -> str:
    return f"option_{OPTION_LETTERS[index]}"


QUESTION_COLUMNS: tuple[Column, ...] = (
    Column("number", "STT", 6, as_text=False),
    Column("text", "Nội dung câu hỏi", 60, True, ("Câu hỏi", "Nội dung")),
    Column("kind", "Loại câu hỏi", 16, False, ("Loại",)),
    *(
        Column(option_key(i), f"Phương án {letter}", 30, i < 2, (f"Đáp án {letter}", letter))
        for i, letter in enumerate(OPTION_LETTERS)
    ),
    Column("correct", "Đáp án đúng", 14, True, ("Đáp án",)),
    Column("topic", "Chủ đề", 42, True, ("Lĩnh vực", "Chủ đề/lĩnh vực")),
    Column("difficulty", "Mức độ", 14, True, ("Độ khó",)),
    Column("legal_basis", "Căn cứ pháp lý", 36, False, ("Căn cứ",)),
    Column("explanation", "Giải thích", 50),
    Column("valid_from", "Hiệu lực từ", 14, False, ("Có hiệu lực từ",)),
    Column("valid_to", "Hiệu lực đến", 14, False, ("Hết hiệu lực", "Hiệu lực tới")),
)

# The bank's catalogue of legal documents (optional sheet): what a legal basis may cite.
DOCUMENT_COLUMNS: tuple[Column, ...] = (
    Column("number", "STT", 6, as_text=False),
    Column("symbol", "Số, ký hiệu", 22, True, ("Số ký hiệu", "Ký hiệu", "Số hiệu")),
    Column("title", "Tên văn bản", 60, True, ("Trích yếu", "Tên")),
    Column("issued", "Ngày ban hành", 14, False, ("Ban hành",)),
    Column("effective_from", "Hiệu lực từ", 14, False, ("Có hiệu lực từ", "Ngày có hiệu lực")),
    Column("replaced_on", "Hết hiệu lực từ", 16, False, ("Hết hiệu lực", "Ngày hết hiệu lực")),
    Column("replaced_by", "Thay thế bởi", 24, False, ("Được thay thế bởi", "Văn bản thay thế")),
    Column("source", "Nguồn", 40, False, ("Nguồn tham khảo",)),
)

AGENCY_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã đơn vị", 16, True, ("Mã cơ quan",)),
    Column("name", "Tên đơn vị", 50, True, ("Tên cơ quan", "Tên cơ quan, đơn vị")),
    Column("parent_code", "Mã đơn vị cấp trên", 20, False, ("Mã cấp trên",)),
    Column("headcount", "Số CBCCVC", 14, False, ("Tổng số biên chế", "Số biên chế"), as_text=False),
)

OFFICIAL_COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã cán bộ", 16, True),
    Column("name", "Họ và tên", 36, True, ("Họ tên",)),
    Column("agency_code", "Mã đơn vị", 16, True, ("Mã cơ quan",)),
    Column("position", "Chức vụ", 30),
)

