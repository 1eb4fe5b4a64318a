"""What a workbook may make the reader read: sheet size, rows and cells, blank ones counted.
Each crafted file is refused at once with the limit it hit, in the caller's language."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

import question_bank as qb
from bench import uploads
from question_bank.layout import BLANK_ROW_ALLOWANCE, MAX_PART_BYTES, MAX_SHEET_CELLS

from xlsx_factory import bank, good_row, roster


def problems(data: bytes, lang: str = "en", reader=qb.read_bank) -> list[qb.Problem]:
    started = time.perf_counter()
    with pytest.raises(qb.WorkbookInvalid) as refused:
        reader(data, lang=lang)
    assert time.perf_counter() - started < 5  # refused before the sheet is parsed, not after
    return refused.value.problems


def with_part(data: bytes, name: str, size: int) -> bytes:
    """The workbook with one more part of `size` bytes once unpacked (spaces: a tiny zip)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        with target.open(name, "w", force_zip64=True) as part:
            for _ in range(size // 2**20 + 1):
                part.write(b" " * 2**20)
    return out.getvalue()


def test_blank_row_bomb_is_refused_by_its_row_count():
    data = uploads.blank_row_bomb()  # 26 MB of empty rows in 104 KB
    [problem] = problems(data)
    assert problem.sheet == "Câu hỏi"
    assert problem.message.startswith("Sheet “Câu hỏi” has more than 20000 rows, empty ones included")
    [problem] = problems(data, "vi")
    assert "có hơn 20000 dòng, kể cả dòng trống" in problem.message


def test_row_numbers_the_file_skips_count_too():
    [problem] = problems(uploads.far_row_bomb())  # one cell on row 1,048,576
    assert "more than 20000 rows" in problem.message and problem.row == 20001


def test_cells_of_a_row_up_to_its_last_one_count():
    [problem] = problems(uploads.wide_row_bomb())  # one cell in column XFD per row
    assert f"more than {MAX_SHEET_CELLS} cells, empty ones included" in problem.message


def test_a_sheet_too_large_once_unpacked_is_refused_by_name():
    data = uploads.blank_row_bomb(rows=330_000)  # 43 MB of XML, as the review's 95 MB bomb
    [problem] = problems(data)
    assert problem.message.startswith("Sheet “Câu hỏi” is too large once unpacked (41,")
    assert f"the limit is {MAX_PART_BYTES // 2**20} MB" in problem.message


def test_a_huge_shared_strings_part_is_refused_before_openpyxl_loads_it():
    data = with_part(bank([good_row(1)]), "xl/sharedStrings.xml", MAX_PART_BYTES + 1)
    [problem] = problems(data, "vi")
    assert problem.message.startswith("Phần “xl/sharedStrings.xml” của tệp quá lớn sau khi giải nén")


def test_blank_rows_within_the_allowance_still_import():
    rows = [good_row(n) for n in range(1, 4)]
    data = bank(rows + [{}] * (BLANK_ROW_ALLOWANCE - 100) + [good_row(4)])
    assert [q.row for q in qb.read_bank(data)] == [2, 3, 4, BLANK_ROW_ALLOWANCE - 95]


def test_a_roster_has_a_larger_row_limit_than_a_bank():
    agencies = [["T", "Tỉnh", None, None]] + [[None] * 4] * 25_000 + [["X", "Xã", "T", 10]]
    data = roster(agencies)
    with pytest.raises(qb.WorkbookInvalid):
        qb.read_bank(data)
    assert [a.code for a in qb.read_roster(data).agencies] == ["T", "X"]
    [problem] = problems(uploads.far_row_bomb(), reader=qb.read_roster)
    assert "“Cơ quan, đơn vị” was not found" in problem.message  # a sheet it does not need is not read
