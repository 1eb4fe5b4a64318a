"""Sheet "Văn bản": the bank's catalogue of legal documents, read, refused and written back."""
from __future__ import annotations

import io
import json
from datetime import date

import openpyxl
import pytest

from question_bank import (
    DocumentRow,
    WorkbookInvalid,
    build_template,
    merge_documents,
    read_bank,
    read_workbook,
    write_bank,
)
from question_bank.layout import DOCUMENT_COLUMNS
from question_bank.samples import build_sample_workbook, sample_documents, sample_questions

from xlsx_factory import HEADERS, good_row, table, workbook

D = "Văn bản"
DOCUMENT_HEADERS = [column.header for column in DOCUMENT_COLUMNS]
DOCUMENTS = [
    DocumentRow("80/2025/QH15", "Luật Cán bộ, công chức", issued=date(2025, 6, 24),
                effective_from=date(2025, 7, 1), source="https://thuvienphapluat.vn/van-ban/80-2025-QH15"),
    DocumentRow("22/2008/QH12", "Luật Cán bộ, công chức (năm 2008)", issued=date(2008, 11, 13),
                effective_from=date(2010, 1, 1), replaced_on=date(2025, 7, 1), replaced_by="80/2025/QH15"),
    DocumentRow("18-NQ/TW", "Nghị quyết về tinh gọn bộ máy"),
]


def document_row(n: int, **changes) -> dict:
    row = {"STT": n, "Số, ký hiệu": f"{n}/2024/NĐ-CP", "Tên văn bản": f"Nghị định số {n}",
           "Ngày ban hành": "01/02/2024", "Hiệu lực từ": "15/03/2024"}
    row.update({key.replace("_", " "): value for key, value in changes.items()})
    return row


def with_documents(rows: list[dict], headers=DOCUMENT_HEADERS) -> bytes:
    return workbook({"Câu hỏi": table([good_row(1)]), D: table(rows, headers)})


def problems_of(data: bytes, lang: str = "vi") -> list:
    with pytest.raises(WorkbookInvalid) as caught:
        read_workbook(data, lang=lang)
    return caught.value.problems


def test_documents_round_trip_through_the_exported_workbook():
    questions = read_bank(workbook({"Câu hỏi": table([good_row(1), good_row(2)])}))
    exported = write_bank(questions, DOCUMENTS)
    again = read_workbook(exported)
    assert again.questions == questions and again.documents == DOCUMENTS
    sheet = openpyxl.load_workbook(io.BytesIO(exported))[D]
    assert [c.value for c in sheet[1]] == DOCUMENT_HEADERS
    assert sheet["D3"].number_format == "DD/MM/YYYY" and sheet["F3"].value.date() == date(2025, 7, 1)


def test_the_sheet_is_optional_and_may_be_left_empty():
    assert read_workbook(workbook({"Câu hỏi": table([good_row(1)])})).documents == []
    assert read_workbook(with_documents([])).documents == []
    empty_template_sheet = openpyxl.load_workbook(io.BytesIO(build_template()))[D]
    assert [c.value for c in empty_template_sheet[1]] == DOCUMENT_HEADERS


def test_documents_typed_as_organisers_type_them():
    [document] = read_workbook(with_documents([document_row(
        1, **{"Số, ký hiệu": " 61/2018/NĐ-CP ", "Ngày ban hành": date(2018, 4, 23),
              "Hiệu lực từ": "21/6/2018", "Hết hiệu lực từ": "2025-07-01", "Thay thế bởi": "118/2025/NĐ-CP"})])).documents
    assert document == DocumentRow("61/2018/NĐ-CP", "Nghị định số 1", date(2018, 4, 23), date(2018, 6, 21),
                                   date(2025, 7, 1), "118/2025/NĐ-CP")
    assert document.row == 2


CASES = {
    "no symbol": ([document_row(1, **{"Số, ký hiệu": None})], [(D, 2, "Số, ký hiệu", "Chưa nhập “Số, ký hiệu”")]),
    "no title": ([document_row(1, **{"Tên văn bản": " "})], [(D, 2, "Tên văn bản", "Chưa nhập “Tên văn bản”")]),
    "the same symbol twice": ([document_row(1, **{"Số, ký hiệu": "61/2018/NĐ-CP"}),
                               document_row(2, **{"Số, ký hiệu": "61/2018/nd-cp"})],
                              [(D, 3, "Số, ký hiệu", "“61/2018/nd-cp” trùng với văn bản ở dòng 2")]),
    "bad date": ([document_row(1, **{"Hiệu lực từ": "31/02/2024"})],
                 [(D, 2, "Hiệu lực từ", "Ngày “31/02/2024” không hợp lệ")]),
    "ends before it starts": ([document_row(1, **{"Hết hiệu lực từ": "01/01/2024"})],
                              [(D, 2, "Hết hiệu lực từ", "(01/01/2024) trước ngày có hiệu lực (15/03/2024)")]),
    "symbol too long": ([document_row(1, **{"Số, ký hiệu": "x" * 101})], [(D, 2, "Số, ký hiệu", "vượt giới hạn 100")]),
    "formula": ([document_row(1, **{"Tên văn bản": "=A1"})], [(D, 2, "Tên văn bản", "công thức")]),
}


@pytest.mark.parametrize("rows, expected", CASES.values(), ids=CASES.keys())
def test_a_bad_document_row_refuses_the_whole_workbook_with_its_place(rows, expected):
    problems = problems_of(with_documents(rows))
    assert [(p.sheet, p.row, p.column) for p in problems] == [e[:3] for e in expected]
    for problem, (*_, fragment) in zip(problems, expected):
        assert fragment in problem.message


def test_a_documents_sheet_without_its_required_column_is_refused_after_the_question_problems():
    headers = [h for h in DOCUMENT_HEADERS if h != "Số, ký hiệu"]
    data = workbook({"Câu hỏi": table([good_row(1, **{"Mức độ": None})]), D: table([document_row(1)], headers)})
    problems = problems_of(data)
    assert [(p.sheet, p.column, p.message) for p in problems] == [
        ("Câu hỏi", "Mức độ", "Chưa nhập “Mức độ”."), (D, "Số, ký hiệu", "Thiếu cột bắt buộc “Số, ký hiệu”.")]


def test_problems_of_both_sheets_are_listed_together_in_english():
    data = workbook({"Câu hỏi": table([good_row(1, **{"Mức độ": None})]),
                     D: table([document_row(1), document_row(2, **{"Số, ký hiệu": "1/2024/NĐ-CP"})],
                              DOCUMENT_HEADERS)})
    problems = problems_of(data, lang="en")
    assert [(p.sheet, p.row) for p in problems] == [("Câu hỏi", 2), (D, 3)]
    assert problems[1].message == "Symbol “1/2024/NĐ-CP” repeats the document on row 2."


def test_a_new_document_replaces_the_stored_one_with_the_same_symbol():
    updated = DocumentRow("22/2008/qh12", "Luật 2008", replaced_on=date(2025, 7, 1))
    merged = merge_documents(DOCUMENTS, [updated, DocumentRow("1/2026/NĐ-CP", "Mới")])
    assert [d.symbol for d in merged] == ["80/2025/QH15", "22/2008/qh12", "18-NQ/TW", "1/2026/NĐ-CP"]


def test_the_guide_explains_the_documents_sheet():
    guide = openpyxl.load_workbook(io.BytesIO(build_template()))["Hướng dẫn"]
    text = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value is not None)
    assert "Trang tính “Văn bản” (không bắt buộc)" in text
    for header in DOCUMENT_HEADERS:
        assert header in text
    assert "“Điều 5, Nghị định 61/2018/NĐ-CP” dẫn văn bản “61/2018/NĐ-CP”" in text
    assert "cả nội dung câu hỏi và các phương án đều giống nhau" in text and HEADERS[1] in text


def test_the_sample_builder_writes_the_catalogue_when_its_file_is_there(tmp_path):
    catalogue = tmp_path / "cchc_documents.json"
    catalogue.write_text(json.dumps([
        {"symbol": "80/2025/QH15", "title": "Luật Cán bộ, công chức", "issued": "2025-06-24",
         "effective_from": "2025-07-01", "replaced_on": None, "replaced_by": None,
         "source": "https://thuvienphapluat.vn/"},
        {"symbol": "22/2008/QH12", "title": "Luật Cán bộ, công chức (2008)", "issued": "2008-11-13",
         "effective_from": "2010-01-01", "replaced_on": "2025-07-01", "replaced_by": "80/2025/QH15",
         "source": None},
    ], ensure_ascii=False), encoding="utf-8")
    built = read_workbook(build_sample_workbook(documents=catalogue))
    assert built.questions == sample_questions()
    assert built.documents == sample_documents(catalogue)
    assert [d.symbol for d in built.documents] == ["80/2025/QH15", "22/2008/QH12"]
    assert built.documents[1].replaced_on == date(2025, 7, 1)
    without = read_workbook(build_sample_workbook(documents=tmp_path / "absent.json"))
    assert without.documents == [] and without.questions == sample_questions()


def test_the_shipped_sample_workbook_carries_its_catalogue():
    from question_bank.samples import WORKBOOK
    assert read_workbook(WORKBOOK.read_bytes()).documents == sample_documents(), \
        "run: python -m question_bank.samples"
