import io

import openpyxl
import pytest

from question_bank import (
    TOPICS,
    WorkbookInvalid,
    build_roster_template,
    build_template,
    read_bank,
    read_roster,
)
from question_bank.instructions import EXAMPLES

from xlsx_factory import HEADERS, table, workbook


def opened(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_template_has_the_question_sheet_with_headers_in_order():
    book = opened(build_template())
    assert book.sheetnames[:2] == ["Câu hỏi", "Hướng dẫn"]
    sheet = book["Câu hỏi"]
    assert [cell.value for cell in sheet[1]] == [
        "STT", "Nội dung câu hỏi", "Loại câu hỏi", "Phương án A", "Phương án B", "Phương án C",
        "Phương án D", "Phương án E", "Phương án F", "Đáp án đúng", "Chủ đề", "Mức độ",
        "Căn cứ pháp lý", "Giải thích", "Hiệu lực từ", "Hiệu lực đến"]
    assert sheet.max_row == 1
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.column_dimensions["B"].width >= 50
    # typed dates and fractions stay as typed; the row number stays a number
    assert sheet.column_dimensions["D"].number_format == "@"
    assert sheet.column_dimensions["O"].number_format == "@"
    assert sheet.column_dimensions["A"].number_format == "General"


def test_template_dropdowns_cover_type_topic_and_difficulty():
    book = opened(build_template())
    validations = book["Câu hỏi"].data_validations.dataValidation
    targets = {str(v.sqref).split(":")[0]: v.formula1 for v in validations}
    assert set(targets) == {"C2", "K2", "L2"}
    lists = book["Danh mục"]
    for ref in targets.values():
        cells = lists[ref.split("!")[1].replace("$", "")]
        values = [row[0].value for row in cells]
        assert values in (["Một đáp án", "Nhiều đáp án", "Đúng/Sai"], list(TOPICS), ["Dễ", "Trung bình", "Khó"])


def test_instructions_name_every_column_the_limits_and_a_worked_example():
    guide = opened(build_template())["Hướng dẫn"]
    text = "\n".join(str(cell.value) for row in guide.iter_rows() for cell in row if cell.value is not None)
    for header in HEADERS:
        assert header in text or header.startswith("Phương án")
    assert "Phương án A … Phương án F" in text
    for limit in ("5 MB", "10.000 câu hỏi", "1.000 ký tự", "300 ký tự", "2.000 ký tự", "Từ 2 đến 6"):
        assert limit in text
    for topic in TOPICS:
        assert topic in text
    assert "Ví dụ 1: một đáp án" in text and EXAMPLES[0].text in text


def test_the_empty_template_is_refused_for_having_no_rows():
    with pytest.raises(WorkbookInvalid) as caught:
        read_bank(build_template())
    assert [p.message for p in caught.value.problems] == [
        "Trang tính “Câu hỏi” không có dòng dữ liệu nào dưới dòng tiêu đề."]


def test_the_worked_example_imports_when_copied_into_the_question_sheet():
    guide = opened(build_template())["Hướng dẫn"]
    start = next(row for row in range(1, guide.max_row + 1) if guide.cell(row, 2).value == "Ví dụ 1: một đáp án")
    columns = {guide.cell(row, 1).value: [guide.cell(row, c).value for c in (2, 3, 4)]
               for row in range(start + 1, start + 1 + len(HEADERS))}
    assert list(columns) == HEADERS
    rows = [{header: values[i] for header, values in columns.items()} for i in range(3)]
    assert read_bank(workbook({"Câu hỏi": table(rows)})) == list(EXAMPLES)


def test_roster_template_sheets_and_headers():
    book = opened(build_roster_template())
    assert book.sheetnames == ["Cơ quan, đơn vị", "Cán bộ", "Hướng dẫn"]
    assert [c.value for c in book["Cơ quan, đơn vị"][1]] == ["Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Số CBCCVC"]
    assert [c.value for c in book["Cán bộ"][1]] == ["Mã cán bộ", "Họ và tên", "Mã đơn vị", "Chức vụ", "Mã PIN"]
    guide = "\n".join(str(c.value) for row in book["Hướng dẫn"].iter_rows() for c in row if c.value)
    assert "Mã đơn vị cấp trên" in guide and "5 MB" in guide and "100.000" in guide and "Mã PIN" in guide


def test_the_empty_roster_template_is_refused_for_having_no_agencies():
    with pytest.raises(WorkbookInvalid) as caught:
        read_roster(build_roster_template())
    assert [(p.sheet, p.row) for p in caught.value.problems] == [("Cơ quan, đơn vị", None)]
