import io
from dataclasses import replace
from datetime import date

import openpyxl

from question_bank import TOPICS, QuestionRow, build_template, read_bank, write_bank

from xlsx_factory import bank, good_row

QUESTIONS = [
    QuestionRow(
        text="Theo Luật Cán bộ, công chức năm 2025, vị trí việc làm của công chức được chia thành mấy nhóm?",
        kind="single", options=["Hai nhóm", "Ba nhóm", "Bốn nhóm", "Năm nhóm", "Sáu nhóm", "Bảy nhóm"],
        correct=[1], topic=TOPICS[4], difficulty=2, legal_basis="Luật số 80/2025/QH15",
        explanation="Lãnh đạo, quản lý;\nchuyên môn, nghiệp vụ;\nhỗ trợ, phục vụ.",
        valid_from=date(2025, 7, 1)),
    QuestionRow(
        text="PAPI đo lường những nội dung nào sau đây?", kind="multiple",
        options=["Quản trị điện tử", "Kiểm soát tham nhũng trong khu vực công", "Tốc độ tăng trưởng GDP"],
        correct=[0, 1], topic=TOPICS[2], difficulty=3, valid_from=date(2009, 1, 1), valid_to=date(2030, 12, 31)),
    QuestionRow(
        text="Nghị định 61/2018/NĐ-CP có hiệu lực từ ngày 21/6/2018.", kind="true_false",
        options=["Đúng", "Sai"], correct=[0], topic=TOPICS[2], difficulty=1,
        legal_basis="Nghị định 61/2018/NĐ-CP ngày 23/4/2018", valid_to=date(2025, 6, 30)),
    QuestionRow(
        text="=Một câu bắt đầu bằng dấu bằng, không phải công thức", kind="single",
        options=["1990", "2025", "=A1", "0,5"], correct=[3], topic=TOPICS[6], difficulty=1),
    QuestionRow(
        text="Chọn các phát biểu đúng về Bộ phận Một cửa", kind="multiple",
        options=["Đúng", "Sai", "Không có phương án nào"], correct=[0], topic=TOPICS[2], difficulty=2),
]


def test_write_then_read_gives_the_same_questions():
    assert read_bank(write_bank(QUESTIONS)) == QUESTIONS


def test_import_export_import_gives_the_same_bank():
    rows = [good_row(1), good_row(2, **{"Loại câu hỏi": None, "Đáp án đúng": "a c", "Mức độ": 3,
                                        "Hiệu lực từ": "1/7/2025", "Chủ đề": "cải cách thể chế"})]
    first = read_bank(bank(rows))
    second = read_bank(write_bank(first))
    assert second == first
    assert write_bank(second) and read_bank(write_bank(second)) == first


def test_the_export_has_the_template_sheets_and_headers():
    exported = openpyxl.load_workbook(io.BytesIO(write_bank(QUESTIONS)))
    template = openpyxl.load_workbook(io.BytesIO(build_template()))
    assert exported.sheetnames == template.sheetnames
    assert [c.value for c in exported["Câu hỏi"][1]] == [c.value for c in template["Câu hỏi"][1]]
    sheet = exported["Câu hỏi"]
    assert [sheet.cell(2, col).value for col in (1, 3, 10, 12)] == [1, "Một đáp án", "B", "Trung bình"]
    assert sheet.cell(3, 10).value == "A, B"
    assert sheet.cell(2, 15).number_format == "DD/MM/YYYY"
    assert sheet.cell(5, 2).data_type == "s"


def test_row_numbers_are_not_part_of_equality():
    assert replace(QUESTIONS[0], row=7) == QUESTIONS[0]
